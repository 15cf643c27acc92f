package interp

import (
	"go/ast"
	"go/token"
)

func init() {
	register("a switch whose default clause is not its last, with a fallthrough into or out of it, or a tag switch with a case that is not a constant after it (the interpreter moves the default clause last by swapping it with the last clause: the fallthrough goes elsewhere, and the last clause's case is tried before those between)", findMovedDefaults)
}

// defaultClauses is the pass for a switch without a tag (type switches
// become ones, see typeSwitches) whose default clause is not its last:
// yaegi swaps the default clause with the last clause, so that the last
// clause's case was tried before the ones between (switch { case x < 0:
// default: case x > 5: case x > 3: } chose x > 3 for 10). A clause that
// never matches is added last, which the swap moves in place of the
// default clause, leaving the cases in their order:
//
//	switch {           switch {
//	default:           default:
//	case x > 5:   →    case x > 5:
//	case x > 3:        case x > 3:
//	}                  case false: }
//
// A fallthrough into or out of such a default clause still goes
// elsewhere: findMovedDefaults sends those switches compiled.
func defaultClauses(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var body *ast.BlockStmt
			switch sw := n.(type) {
			case *ast.SwitchStmt:
				if sw.Tag == nil {
					body = sw.Body
				}
			case *ast.TypeSwitchStmt:
				body = sw.Body
			}
			if body == nil {
				return true
			}
			if i := defaultIndex(body); i >= 0 && i < len(body.List)-1 {
				sf.edits.insert(f.offset(body.Rbrace), "case false: ")
				changed = true
			}
			return true
		})
	}
	return changed, nil
}

// defaultIndex returns the index of the default clause of a switch's
// body, or -1.
func defaultIndex(body *ast.BlockStmt) int {
	for i, s := range body.List {
		if cc, ok := s.(*ast.CaseClause); ok && cc.List == nil {
			return i
		}
	}
	return -1
}

// findMovedDefaults finds the switches whose default clause is not last
// that yaegi runs otherwise than the compiler even after defaultClauses:
// where a fallthrough into or out of the default clause, or (in a tag
// switch, which keeps yaegi's swap) one into the last clause or out of the
// clause before the default, would go to another clause; and a tag switch
// with at least two clauses after the default one, one of them with a
// case that is not a constant, whose last case yaegi tries before the
// others (constant cases of a tag switch are distinct: at most one
// matches, in any order).
func findMovedDefaults(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok {
			return true
		}
		list := sw.Body.List
		d, last := defaultIndex(sw.Body), len(list)-1
		if d < 0 || d == last {
			return true
		}
		falls := func(i int) bool {
			if i < 0 || i > last {
				return false
			}
			body := list[i].(*ast.CaseClause).Body
			if len(body) == 0 {
				return false
			}
			br, ok := body[len(body)-1].(*ast.BranchStmt)
			return ok && br.Tok == token.FALLTHROUGH
		}
		wrong := falls(d-1) || falls(d)
		if sw.Tag != nil {
			wrong = wrong || d < last-1 && falls(last-1)
			if d < last-1 {
				for _, s := range list[d+1:] {
					for _, e := range s.(*ast.CaseClause).List {
						if info == nil || info.Types[e].Value == nil {
							wrong = true
						}
					}
				}
			}
		}
		if wrong {
			out = append(out, sw.Pos())
		}
		return true
	})
	return out
}
