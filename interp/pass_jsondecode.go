package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// jsonDecodeErrors is the pass for the errors of JSON decoding into
// struct types the interpreter declares: yaegi's types have no names, so
// an UnmarshalTypeError read "Go struct field .age of type int" where
// compiled Go reads "Go struct field Signup.age". The package registers
// the name of each of its struct types with internal/jsonfix (an init
// function after the last line of the file declaring them), and the error
// of a json.Decoder's Decode and of next.Request's JSON goes through
// jsonfix.DecodeError, which names them (json.Unmarshal is replaced in the
// interpreter's symbols):
//
//	err := dec.Decode(&s)  →  err := __devserver_jsonfix.DecodeError(dec.Decode(__devserver_jsonfix.Twin(&s)), &s)
//
// The target is evaluated twice, so only a variable, a field or the
// address of one is handed over; other calls are left as written.
func jsonDecodeErrors(f *folder) (bool, []diagnostic) {
	changed := f.registerStructNames()
	if !importsPath(f, "encoding/json") && !importsPath(f, nextPath) || !callsMethod(f, "Decode", "JSON") {
		return changed, nil // spare the type check
	}
	if f.forEachCall(f.wrapDecodeError) {
		changed = true
	}
	return changed, nil
}

// nextPath is the import path of the handler API.
const nextPath = "github.com/devserver/devserver/next"

// registerStructNames registers the folder's non-generic struct types with
// jsonfix.Struct, by file, and reports whether there were any. The
// instances of generic struct types written out as concrete ones are
// registered under the instances' names.
func (f *folder) registerStructNames() bool {
	byFile := map[*srcFile][]string{}
	for name, ts := range f.types {
		sf := f.typeFile[name]
		if _, ok := ts.Type.(*ast.StructType); !ok || ts.TypeParams != nil || ts.Assign.IsValid() || sf == nil || sf.err != nil || name == "_" {
			continue
		}
		byFile[sf] = append(byFile[sf], name)
	}
	for sf, names := range byFile {
		sort.Strings(names) // the rewrite is the same for the same source
		var b strings.Builder
		b.WriteString("\nfunc init() {")
		for _, n := range names {
			// An instance of a generic type written out (see
			// monomorph.go) goes by the instance's name
			// (route.Page[example.com/app/app/users.User]), not the
			// concrete copy's.
			name := f.instanceNamed(sf.syntax.Name.Name + "." + n)
			fmt.Fprintf(&b, " __devserver_jsonfix.Struct((*%s)(nil), %q);", n, name)
		}
		b.WriteString(" }\n")
		sf.addImport("__devserver_jsonfix", jsonfixPath)
		sf.decls.WriteString(b.String())
	}
	local := f.registerLocalStructNames()
	return len(byFile) > 0 || local
}

// registerLocalStructNames registers the struct types declared inside the
// folder's functions, which compiled Go names as it names the package's
// ("route.person" in a template's "can't evaluate field Z in type
// route.person", where yaegi's type spells out its fields): a call after
// the declaration, run each time the declaration is, as such a type can
// only be named in its scope. The types of generic functions and methods
// (whose names in a build carry the type arguments) and of their written
// out copies are left alone.
//
//	type person struct{ Name string }  →  type person struct{ Name string }; __devserver_jsonfix.Struct((*person)(nil), "route.person")
func (f *folder) registerLocalStructNames() bool {
	changed := false
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || isGenericDecl(fd) || strings.HasPrefix(fd.Name.Name, "_dsg") {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				ds, ok := n.(*ast.DeclStmt)
				if !ok {
					return true
				}
				gd, ok := ds.Decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.TYPE {
					return false
				}
				var b strings.Builder
				for _, s := range gd.Specs {
					ts := s.(*ast.TypeSpec)
					if _, ok := ts.Type.(*ast.StructType); !ok || ts.TypeParams != nil || ts.Assign.IsValid() || ts.Name.Name == "_" {
						continue
					}
					fmt.Fprintf(&b, "; __devserver_jsonfix.Struct((*%s)(nil), %q)", ts.Name.Name, sf.syntax.Name.Name+"."+ts.Name.Name)
				}
				if b.Len() > 0 {
					end := f.offset(ds.End())
					sf.edits = append(sf.edits, edit{off: end, end: end, text: b.String()})
					sf.addImport("__devserver_jsonfix", jsonfixPath)
					changed = true
				}
				return false
			})
		}
	}
	return changed
}

// wrapDecodeError rewrites call when it is a *json.Decoder's Decode or a
// *next.Request's JSON whose target can be evaluated again.
func (f *folder) wrapDecodeError(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 1 || !reevaluable(call.Args[0]) {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	switch types.TypeString(recv.Type(), nil) {
	case "*encoding/json.Decoder":
		if fn.Name() != "Decode" {
			return false
		}
	case "*" + nextPath + ".Request":
		if fn.Name() != "JSON" {
			return false
		}
	default:
		return false
	}
	// The target goes through jsonfix.Twin, under which encoding/json
	// sees the embedded structs it holds as embedded.
	arg := call.Args[0]
	sf.edits = append(sf.edits,
		edit{off: f.offset(arg.Pos()), end: f.offset(arg.Pos()), text: "__devserver_jsonfix.Twin("},
		edit{off: f.offset(arg.End()), end: f.offset(arg.End()), text: ")"})
	text := sf.take(f, call)
	sf.edits = append(sf.edits, edit{off: f.offset(call.Pos()), end: f.offset(call.End()), text: "__devserver_jsonfix.DecodeError(" + text + ", " + f.text(sf, arg) + ")"})
	sf.addImport("__devserver_jsonfix", jsonfixPath)
	return true
}

// reevaluable reports whether e, evaluated a second time, gives the same
// value without doing anything: a name, a field of one, or the address
// of either.
func reevaluable(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op.String() == "&" {
		e = ast.Unparen(u.X)
	}
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return true
		case *ast.SelectorExpr:
			e = ast.Unparen(x.X)
		default:
			return false
		}
	}
}

// callsMethod reports whether a file of the folder calls a method (or a
// package function) of one of names, as the syntax shows: a prefilter
// before the type check.
func callsMethod(f *folder, names ...string) bool {
	found := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if found {
				return false
			}
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					for _, name := range names {
						if sel.Sel.Name == name {
							found = true
						}
					}
				}
			}
			return true
		})
	}
	return found
}
