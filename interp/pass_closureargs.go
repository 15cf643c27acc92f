package interp

import (
	"go/ast"
)

// closureArgs is the pass for function literals made in a loop and handed
// straight to a call: yaegi gives a compiled function (sync.WaitGroup.Go,
// time.AfterFunc, context.AfterFunc) a literal written as an argument
// through a wrapper that reads the variables of the enclosing frame when
// it runs, not those of its iteration, so each call saw the variables of
// the last iteration (wg.Go(func() { seen[i] = true }) in a loop filled
// one key). The literal is passed through an identity function, which
// makes it a closure value of its own, as assigning it to a variable
// first does:
//
//	wg.Go(func() { ... })  →  wg.Go(func(_dsf func()) func() { return _dsf }(func() { ... }))
//
// Only literals inside a loop body are rewritten; one whose type the file
// cannot name is left as written.
func closureArgs(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		var stack []ast.Node
		loops := 0
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if n == nil {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if isLoop(top) {
					loops--
				}
				return true
			}
			stack = append(stack, n)
			if isLoop(n) {
				loops++
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || loops == 0 {
				return true
			}
			if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
				return true // a literal called here runs now
			}
			for _, arg := range call.Args {
				lit, ok := arg.(*ast.FuncLit)
				if !ok {
					continue
				}
				t := f.typeOf(lit)
				if t == nil {
					continue
				}
				name, ok := f.typeName(sf, t)
				if !ok {
					continue
				}
				sf.edits.insert(f.offset(lit.Pos()), "func(_dsf "+name+") "+name+" { return _dsf }(")
				sf.edits = append(sf.edits, closing(f.offset(lit.Pos()), f.offset(lit.End()), ")"))
				changed = true
			}
			return true
		})
	}
	return changed, nil
}

// isLoop reports whether n is a for or range statement.
func isLoop(n ast.Node) bool {
	switch n.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
		return true
	}
	return false
}
