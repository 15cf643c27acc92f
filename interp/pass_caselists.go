package interp

import (
	"bytes"
	"go/ast"
)

// caseLists is the pass for the case clauses of a switch without a tag
// that list several conditions: yaegi tested only the first, so
// `case n < 0, n > 100:` did not match 200. The list becomes one
// condition, which Go evaluates the same way (left to right, stopping at
// the first true one):
//
//	case n < 0, n > 100:  →  case (n < 0) || (n > 100):
func caseLists(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok || sw.Tag != nil {
				return true
			}
			for _, s := range sw.Body.List {
				cc := s.(*ast.CaseClause)
				if len(cc.List) < 2 {
					continue
				}
				sf.edits.insert(f.offset(cc.List[0].Pos()), "(")
				for i := 1; i < len(cc.List); i++ {
					from, to := f.offset(cc.List[i-1].End()), f.offset(cc.List[i].Pos())
					comma := from + bytes.IndexByte(sf.src[from:to], ',')
					sf.edits = append(sf.edits, edit{off: comma, end: comma + 1, text: ") || ("})
				}
				sf.edits.insert(f.offset(cc.List[len(cc.List)-1].End()), ")")
				changed = true
			}
			return true
		})
	}
	return changed, nil
}

// isName reports whether e is a name, or a field of one (p.v, a.b.c).
func isName(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isName(x.X)
	}
	return false
}
