package interp

import (
	"go/ast"
	"go/types"
)

// handedClosures is the pass for function literals made in a loop and
// handed to other code (errgroup's Go, sync.WaitGroup's Go, a slice of
// callbacks): yaegi keeps the closure of one literal in one slot of the
// frame that makes it, and each call of the closure writes that slot back
// when it returns. A closure called on another goroutine so writes the
// slot while the loop reads it to make the next closure: a data race in
// the interpreter, and the loop could hand on the closure of an earlier
// iteration (res[i] set for the wrong i). Each such literal is made by a
// literal called on the spot, whose own frame holds the slot:
//
//	for i := range res { g.Go(func() error { ... }) }
//
// becomes, on its line,
//
//	for i := range res { g.Go(func() func() error { return func() error { ... } }()) }
//
// A literal called where it is made (f(), defer) keeps its place: its
// slot is written back before the loop goes on. A go statement in a loop
// is the goStatements pass's (see goLauncher). Literals in defer
// statements are left to the deferArgs pass, which moves them.
func handedClosures(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		handed, _ := loopClosures(sf.syntax)
		for _, lit := range handed {
			if f.wrapLiteral(sf, lit) {
				changed = true
			}
		}
	}
	return changed, nil
}

// loopClosures returns the function literals of file made in a loop of
// their function and not called where they are made, out of defer and go
// statements, and the go statements in a loop of their function.
func loopClosures(file *ast.File) (handed []*ast.FuncLit, goStmts map[*ast.GoStmt]bool) {
	goStmts = make(map[*ast.GoStmt]bool)
	called := make(map[*ast.FuncLit]bool)
	var walk func(n ast.Node, loops int, deferred bool)
	walk = func(n ast.Node, loops int, deferred bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			if c == n {
				return true
			}
			switch x := c.(type) {
			case *ast.CallExpr:
				if lit, ok := ast.Unparen(x.Fun).(*ast.FuncLit); ok {
					called[lit] = true
				}
			case *ast.DeferStmt:
				walk(x, loops, true)
				return false
			case *ast.GoStmt:
				if loops > 0 && !deferred {
					goStmts[x] = true
				}
				walk(x, loops, deferred)
				return false
			case *ast.ForStmt:
				for _, part := range []ast.Node{x.Init, x.Cond, x.Post} {
					if part != nil {
						walk(part, loops, deferred)
					}
				}
				walk(x.Body, loops+1, deferred)
				return false
			case *ast.RangeStmt:
				walk(x.X, loops, deferred)
				walk(x.Body, loops+1, deferred)
				return false
			case *ast.FuncLit:
				if loops > 0 && !called[x] && !deferred {
					handed = append(handed, x)
				}
				walk(x.Body, 0, false) // a function of its own: its loops count afresh
				return false
			}
			return true
		})
	}
	walk(file, 0, false)
	return handed, goStmts
}

// wrapLiteral makes lit by a literal called on the spot; it reports
// whether it did. A literal whose start or end lies in text another pass
// replaces is left alone: the replacement would drop half the wrapper.
func (f *folder) wrapLiteral(sf *srcFile, lit *ast.FuncLit) bool {
	off, end := f.offset(lit.Pos()), f.offset(lit.End())
	for _, e := range sf.edits {
		if e.off < e.end && (e.off <= off && off < e.end || e.off < end && end < e.end) {
			return false
		}
	}
	typ := types.ExprString(lit.Type) // one line: the source's own lines stay put
	sf.edits.insert(off, "func() "+typ+" { return ")
	// The closing goes before any other pass's closing at the same place:
	// this wrapper sits inside theirs, as its opening does.
	sf.edits = append(edits{closing(off, end, " }()")}, sf.edits...)
	return true
}
