package interp

import (
	"go/ast"
	"go/token"
)

// caseLabels is the pass for the clauses of switches, type switches and
// selects whose statements include a labelled one: yaegi refused the
// file (undefined: outer), as it resolves a label only in a block, which
// a clause's statements are not. The statements of such a clause become
// a block of their own, which changes nothing in Go (a clause is an
// implicit block already), but a fallthrough, which must stay the
// clause's last statement:
//
//	case 1:                  case 1:{
//	outer:                   outer:
//		for … {        →        for … {
//			continue outer           continue outer
//		}                        }
//	case 2:                  };case 2:
func caseLabels(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var body *ast.BlockStmt
			switch s := n.(type) {
			case *ast.SwitchStmt:
				body = s.Body
			case *ast.TypeSwitchStmt:
				body = s.Body
			case *ast.SelectStmt:
				body = s.Body
			}
			if body == nil {
				return true
			}
			for i, c := range body.List {
				var colon token.Pos
				var stmts []ast.Stmt
				switch c := c.(type) {
				case *ast.CaseClause:
					colon, stmts = c.Colon, c.Body
				case *ast.CommClause:
					colon, stmts = c.Colon, c.Body
				}
				if !hasLabel(stmts) {
					continue
				}
				// The block closes before the next clause, or before the
				// switch's closing brace, or before a final fallthrough.
				end := body.Rbrace
				if i+1 < len(body.List) {
					end = body.List[i+1].Pos()
				}
				if br, ok := stmts[len(stmts)-1].(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
					end = br.Pos()
				}
				sf.edits.insert(f.offset(colon)+1, "{")
				sf.edits.insert(f.offset(end), "};")
				changed = true
			}
			return true
		})
	}
	return changed, nil
}

// hasLabel reports whether one of stmts is a labelled statement.
func hasLabel(stmts []ast.Stmt) bool {
	for _, s := range stmts {
		if _, ok := s.(*ast.LabeledStmt); ok {
			return true
		}
	}
	return false
}
