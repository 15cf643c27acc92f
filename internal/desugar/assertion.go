package desugar

import (
	"reflect"

	"github.com/devserver/devserver/internal/yaegival"
)

// TypeAssertionFailed returns the error Go panics with when x, of the
// interface type named iface ("interface" when ifaceOf is nil: an
// operand Go does not name), fails an assertion to the type named target:
// Go's own *runtime.TypeAssertionError, which recover, %T, a type
// assertion and errors.As see as built, with Go's text (see
// FailedAssertion: samples and names name the route package's struct
// types). ifaceOf and targetOf are nil pointers to the interface and
// target types.
func TypeAssertionFailed(ifaceOf, targetOf any, iface, target string, x any, samples []any, names []string) error {
	if ifaceOf == nil && iface == "interface" {
		iface = ""
	}
	return yaegival.TypeAssertionError(iface, dynamicTypeName(x, samples, names), target, "")
}

// dynamicTypeName names the dynamic type of x as Go's run-time type
// strings do ("" for nil): samples are values of the route package's
// struct types and names their names (route.T), by which x's dynamic
// type is named as Go names it (the interpreter's struct types have no
// names); other types are named as reflect names them.
func dynamicTypeName(x any, samples []any, names []string) string {
	v := reflect.ValueOf(x)
	if inner, ok := yaegival.Unwrap(v); ok {
		v = inner
	}
	if !v.IsValid() {
		return ""
	}
	known := make(map[reflect.Type]string, len(samples))
	for i, s := range samples {
		sv := reflect.ValueOf(s)
		if inner, ok := yaegival.Unwrap(sv); ok {
			sv = inner
		}
		if _, dup := known[sv.Type()]; sv.IsValid() && i < len(names) && !dup {
			known[sv.Type()] = names[i]
		}
	}
	return typeName(v.Type(), func(t reflect.Type) (string, bool) {
		name, ok := known[t]
		return name, ok
	})
}
