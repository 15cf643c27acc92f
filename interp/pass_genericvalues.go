package interp

import (
	"go/ast"
	"go/types"
	"strings"
)

// genericValues is the pass for generic functions of the standard
// library's generic packages (interpreted from their source, see
// genericStdlib) used as values rather than called (apply(xs,
// slices.Max[[]int]), f := slices.Index[[]string]): yaegi refused the
// file ("invalid type in assignment", "not a generic type") where it
// calls the same instance. The value becomes a function literal calling
// it, whose type the type checker gave the value:
//
//	slices.Max[[]int]  →  (func(_a0 []int) int { return slices.Max[[]int, int](_a0) })
//
// (typeArgs has written out the type arguments inferred; the call inside
// is one yaegi runs.) A value whose type cannot be spelled in its file is
// left as written.
func genericValues(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil || len(info.Instances) == 0 {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		called := make(map[ast.Node]bool) // what calls call, type arguments included
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				called[ast.Unparen(call.Fun)] = true
			}
			return true
		})
		// visit wraps n, a node whose parent is parent, when it names
		// such a function used as a value (with parent, when parent
		// instantiates it), and reports whether to look inside n.
		visit := func(n ast.Node, parent ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			value := ast.Expr(sel)
			switch p := parent.(type) {
			case *ast.IndexExpr:
				if p.X == sel {
					value = p
				}
			case *ast.IndexListExpr:
				if p.X == sel {
					value = p
				}
			}
			if called[value] {
				return true // a call yaegi runs; its operand may hold a value
			}
			if !genericStdlibFunc(info, sel) {
				return true
			}
			inst, ok := info.Instances[sel.Sel]
			if !ok {
				return true
			}
			sig, ok := inst.Type.(*types.Signature)
			if !ok || sig.Recv() != nil {
				return true
			}
			// The literal calls the value as written, with the edits
			// inside it (typeArgs's): a wrapper around it.
			lit, ok := f.callingLiteral(sf, sig, "\x00")
			if !ok {
				return false
			}
			open, close, _ := strings.Cut(lit, "\x00")
			sf.edits.wrapAround(f.offset(value.Pos()), f.offset(value.End()), "("+open, close+")")
			changed = true
			return false
		}
		stack := []ast.Node{nil} // the nodes Inspect is inside
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			if !visit(n, stack[len(stack)-1]) {
				return false
			}
			stack = append(stack, n)
			return true
		})
	}
	return changed, nil
}

// genericStdlibFunc reports whether e names a generic function of the
// standard library's generic packages, instantiated or not (slices.Max,
// slices.Index[[]string]).
func genericStdlibFunc(info *types.Info, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	return ok && fn.Pkg() != nil && genericStdlib(fn.Pkg().Path()) != nil && fn.Signature().TypeParams().Len() > 0
}
