package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// ifaceOperands is the pass for a comparison (a == b, x < y) returned as,
// or assigned to, a value of an interface type (a result of type any):
// yaegi stores its result in the interface's place as a bool, and the
// handler panics (return a == b: "reflect: call of reflect.Value.SetBool
// on interface Value"). In parentheses, the interpreter converts the
// result right, so the comparison is parenthesised:
//
//	return a == b  →  return (a == b)
//
// (literalAssigns parenthesises remainders, shifts and unary operations,
// whatever their destination.) A comparison of interface values, which
// other passes may wrap at the same place, and a var declaring the
// interface with a comparison as its value (which runs right) are left
// alone.
func ifaceOperands(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		paren := func(e ast.Expr, target types.Type, returned bool) {
			// A comparison holding a call is left alone where it is
			// assigned: the evaluation-order pass may move the call out
			// of the parentheses (return -n > f(0) in an argument: a
			// syntax error), and yaegi stores its result right there.
			// Returned, it too must be parenthesised (return -n > f(0)
			// from a func() any panicked as the others).
			if target == nil || !types.IsInterface(target) || !plainComparison(info, e) || !returned && hasCall(e) {
				return
			}
			// Plain insertions, made before panicLines' at the same
			// places: the parentheses stay around the operand alone.
			sf.edits.insert(f.offset(e.Pos()), "(")
			sf.edits.insertClosing(f.offset(e.Pos()), f.offset(e.End()), ")")
			changed = true
		}
		var results []*types.Tuple // of the enclosing functions
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				var sig *types.Signature
				switch fn := n.(type) {
				case *ast.FuncDecl:
					if obj, ok := info.Defs[fn.Name].(*types.Func); ok {
						sig = obj.Signature()
					}
				case *ast.FuncLit:
					sig, _ = info.TypeOf(fn).(*types.Signature)
				}
				body := funcBody(n)
				if sig == nil || body == nil {
					return false
				}
				results = append(results, sig.Results())
				ast.Inspect(body, visit)
				results = results[:len(results)-1]
				return false
			case *ast.ReturnStmt:
				if len(results) == 0 {
					return true
				}
				res := results[len(results)-1]
				if res.Len() == len(n.Results) {
					for i, r := range n.Results {
						paren(r, res.At(i).Type(), true)
					}
				}
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
					for i, r := range n.Rhs {
						paren(r, info.TypeOf(n.Lhs[i]), false)
					}
				}
			}
			return true
		}
		ast.Inspect(sf.syntax, visit)
	}
	return changed, nil
}

// plainComparison reports whether e, not parenthesised, compares values
// that are not interfaces (nor conversions to one).
func plainComparison(info *types.Info, e ast.Expr) bool {
	b, ok := e.(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return false
	}
	for _, x := range []ast.Expr{b.X, b.Y} {
		if t := info.TypeOf(x); t == nil || types.IsInterface(t) {
			return false
		}
	}
	return true
}
