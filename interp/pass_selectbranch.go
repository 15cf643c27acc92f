package interp

import (
	"go/ast"
	"go/token"
)

// selectBranches is the pass for a continue, or a break out of a loop, as
// a statement of its own in a select case: yaegi ignored it, ending the
// select there as if it were a plain break, so the loop went on (a
// `for { select { case <-done: break loop } }` never ended). Nested one
// block deeper it behaves, so it gets that block, on its own line:
//
//	case <-done: break loop  →  case <-done: if true { break loop }
//
// A plain break leaves the select itself, as it should, and is left alone;
// so is a break naming the select's own label, which means the same.
func selectBranches(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		labels := make(map[*ast.SelectStmt]string)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if ls, ok := n.(*ast.LabeledStmt); ok {
				if sel, ok := ls.Stmt.(*ast.SelectStmt); ok {
					labels[sel] = ls.Label.Name
				}
			}
			sel, ok := n.(*ast.SelectStmt)
			if !ok {
				return true
			}
			for _, s := range sel.Body.List {
				for _, st := range s.(*ast.CommClause).Body {
					br, ok := st.(*ast.BranchStmt)
					if !ok || !escapesSelect(br, labels[sel]) {
						continue
					}
					sf.edits.insert(f.offset(br.Pos()), "if true { ")
					sf.edits.insert(f.offset(br.End()), " }")
					changed = true
				}
			}
			return true
		})
	}
	return changed, nil
}

// escapesSelect reports whether br, a statement of a case of the select
// labelled label (or unlabelled: ""), leaves an enclosing loop's
// iteration or the loop.
func escapesSelect(br *ast.BranchStmt, label string) bool {
	switch br.Tok {
	case token.CONTINUE:
		return true
	case token.BREAK:
		return br.Label != nil && br.Label.Name != label
	}
	return false
}
