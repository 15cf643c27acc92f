package interp

import (
	"go/ast"
	"strconv"
)

// unnamedParams is the pass for functions with a body whose parameters
// have no names (func (nop) Log(string, ...any) { ... }, a handler
// func(http.ResponseWriter, *http.Request)): yaegi gives such a
// parameter no slot of its own in the function's frame, so the first
// local variable of the body (the passes declare one in almost every
// function) takes the slot the call fills with the argument, and the
// call panics (reflect.Set: value of type string is not assignable to
// type int) or the variable starts with the argument's value. Each such
// parameter gets a name, which the body cannot use since it had none:
//
//	func (nop) Log(string, ...any)  →  func (nop) Log(_dsparam0 string, _dsparam1 ...any)
//
// Receivers and results have their slot either way.
func unnamedParams(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var ft *ast.FuncType
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					ft = n.Type
				}
			case *ast.FuncLit:
				ft = n.Type
			}
			if ft == nil || ft.Params == nil {
				return true
			}
			for i, field := range ft.Params.List {
				if len(field.Names) > 0 {
					break // Go names all the parameters or none
				}
				sf.edits.insertFirst(f.offset(field.Type.Pos()), "_dsparam"+strconv.Itoa(i)+" ")
				changed = true
			}
			return true
		})
	}
	return changed, nil
}
