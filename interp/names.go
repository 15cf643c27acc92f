package interp

import (
	"reflect"

	"github.com/devserver/devserver/internal/desugar"
	"github.com/devserver/devserver/internal/fmtfix"
	"github.com/devserver/devserver/internal/jsonfix"
	"github.com/devserver/devserver/internal/yaegival"
	"github.com/traefik/yaegi/interp"
)

// namesSymbols are the functions route code calls (through the rewrite)
// that word a message with the names of the interpreter's struct types,
// bound to names, the interpreter's own (and to paths, the binary's import
// paths of route packages, nil for none). yaegi gives struct types of the
// same fields one reflect type in the whole process, so a registry shared
// by interpreters would name one route group's Point after another's
// Pixel.
func namesSymbols(names *yaegival.StructNames, paths *fmtfix.Paths) interp.Exports {
	js := jsonfix.Names{Structs: names}
	rt := desugar.Names{Structs: names}
	return interp.Exports{
		jsonfixPath + "/jsonfix": {
			// The name of an instance of a generic type holds the import
			// paths of its type arguments' packages, which are the
			// binary's (see fmtfix.Paths).
			"Struct":      reflect.ValueOf(func(ptr any, name string) { js.Struct(ptr, paths.Display(name)) }),
			"Unmarshal":   reflect.ValueOf(js.Unmarshal),
			"DecodeError": reflect.ValueOf(js.DecodeError),
			"EncodeError": reflect.ValueOf(js.EncodeError),
		},
		fmtfixPath + "/fmtfix": {
			"TemplateError": reflect.ValueOf(fmtfix.Names{Structs: names}.TemplateError),
			"NilPointer":    reflect.ValueOf(fmtfix.Names{Structs: names}.NilPointer),
			"Spreadf":       reflect.ValueOf(fmtfix.Names{Structs: names}.Spreadf),
		},
		desugarPath + "/desugar": {
			"Recovered": reflect.ValueOf(rt.Recovered),
			"PanicText": reflect.ValueOf(rt.PanicText),
			// The names of instances of generic types, as the binary's
			// run-time type strings spell them (see fmtfix.Paths).
			"TypeAssertionFailed": reflect.ValueOf(func(ifaceOf, targetOf any, iface, target string, x any, samples []any, names []string) error {
				shown := make([]string, len(names))
				for i, n := range names {
					shown[i] = paths.Display(n)
				}
				return desugar.TypeAssertionFailed(ifaceOf, targetOf, paths.Display(iface), paths.Display(target), x, samples, shown)
			}),
		},
	}
}
