package interp

import (
	"go/ast"
	"go/types"
	"strings"
)

// stdGenerics is the pass for generic functions of compiled standard
// packages that the interpreter's symbol tables cannot hold (a route using
// them was refused), whose meaning one call of non-generic functions of
// the same package gives:
//
//	errors.AsType[E](err)  →  (func(err error) (E, bool) { var e E; ok := errors.As(err, &e); return e, ok })(err)
//	reflect.TypeFor[T]()   →  reflect.TypeOf((*T)(nil)).Elem()
//
// which is how the standard library defines them (AsType finds what As
// finds, into a variable of its own). The type is written as the call
// writes it.
func stdGenerics(f *folder) (bool, []diagnostic) {
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		ix, ok := call.Fun.(*ast.IndexExpr)
		if !ok {
			return false
		}
		sel, ok := ix.X.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok {
			return false
		}
		pn, ok := info.Uses[pkg].(*types.PkgName)
		if !ok {
			return false
		}
		typ := f.text(sf, ix.Index)
		if strings.Contains(typ, "\n") {
			return false // the rewrite keeps every line where it is
		}
		switch pn.Imported().Path() + "." + sel.Sel.Name {
		case "errors.AsType":
			if len(call.Args) != 1 || call.Ellipsis.IsValid() {
				return false
			}
			sf.edits = append(sf.edits, edit{off: f.offset(call.Fun.Pos()), end: f.offset(call.Fun.End()),
				text: "(func(err error) (" + typ + ", bool) { var e " + typ + "; ok := " + pkg.Name + ".As(err, &e); return e, ok })"})
			return true
		case "reflect.TypeFor":
			if len(call.Args) != 0 {
				return false
			}
			sf.edits = append(sf.edits, edit{off: f.offset(call.Pos()), end: f.offset(call.End()),
				text: pkg.Name + ".TypeOf((*" + typ + ")(nil)).Elem()"})
			return true
		}
		return false
	}), nil
}
