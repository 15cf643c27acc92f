package interp

import (
	"go/ast"
)

// deferredClosures is the pass for the function literals of a function
// that defers calls: yaegi runs a function's deferred calls holding its
// frame locked, and a closure made in that frame locks it again as it
// returns, so a deferred call reaching such a closure (cleanup :=
// func() {…}; defer cleanup(), or defer run(cleanup), or defer s.Close()
// with s holding one) waited forever and the request never ended. Each
// literal such a function keeps is made by a function literal called at
// once, in a frame of its own, which the deferred calls do not hold; it
// still captures the function's variables:
//
//	cleanup := func() { n++ }  →  cleanup := func() func() { return /*line :9:13*/func() { n++ } }()
//
// Left as they are: a deferred literal (defer func() {…}()), which yaegi
// calls otherwise, a literal called where it is made, and a go
// statement's.
func deferredClosures(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		forEachFunction(sf.syntax, func(body *ast.BlockStmt) {
			defers := false
			called := make(map[*ast.FuncLit]bool)
			var lits []*ast.FuncLit
			inspectOwn(body, func(n ast.Node) {
				switch x := n.(type) {
				case *ast.DeferStmt:
					defers = true
				case *ast.CallExpr:
					if lit, ok := ast.Unparen(x.Fun).(*ast.FuncLit); ok {
						called[lit] = true
					}
				case *ast.FuncLit:
					lits = append(lits, x)
				}
			})
			if !defers {
				return
			}
			for _, lit := range lits {
				if called[lit] {
					continue
				}
				sf.edits.wrapAround(f.offset(lit.Pos()), f.offset(lit.End()), "func() "+f.text(sf, lit.Type)+" { return "+f.lineDirective(lit.Pos()), " }()")
				changed = true
			}
		})
	}
	return changed, nil
}

// inspectOwn calls visit with each node of body outside the function
// literals in it (functions of their own, which make their closures in
// frames of their own).
func inspectOwn(body *ast.BlockStmt, visit func(ast.Node)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		visit(n)
		_, isLit := n.(*ast.FuncLit)
		return !isLit
	})
}
