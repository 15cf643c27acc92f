package interp

import (
	"go/ast"
	"go/types"
)

// recovered is the pass for the value recover returns: yaegi hands route
// code the reflect.Value it panicked with (a recovered error is not an
// error to a type assertion, %T prints reflect.Value) and reflect's text
// for run-time errors ("reflect: call of reflect.Value.Field on zero
// Value" for a nil pointer dereference). Each call of the builtin becomes
// a call of internal/desugar's Recovered around it, which hands back the
// value compiled Go would have recovered:
//
//	r := recover()  →  r := _dsrt.Recovered(recover())
//
// recover is still called by the deferred function itself, where it works.
func recovered(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 0 {
				return true
			}
			id, ok := ast.Unparen(call.Fun).(*ast.Ident)
			if !ok || id.Name != "recover" {
				return true
			}
			info := f.typeInfo()
			if info == nil {
				return true
			}
			if _, builtin := info.Uses[id].(*types.Builtin); !builtin {
				return true
			}
			sf.addImport("_dsrt", desugarPath)
			sf.edits = append(sf.edits, edit{off: f.offset(call.Pos()), end: f.offset(call.End()), text: "_dsrt.Recovered(" + f.text(sf, call) + ")"})
			changed = true
			return true
		})
	}
	return changed, nil
}
