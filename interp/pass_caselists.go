package interp

import (
	"bytes"
	"go/ast"
	"slices"
)

// caseLists is the pass for the case clauses of a switch without a tag
// that list several conditions: yaegi tested only the first, so
// `case n < 0, n > 100:` did not match 200. The list becomes one
// condition, which Go evaluates the same way (left to right, stopping at
// the first true one):
//
//	case n < 0, n > 100:  →  case (n < 0) || (n > 100):
//
// In a type switch binding a variable, a clause listing nil among several
// types left the variable as the clause last set it (a value of an
// earlier run of the switch, in a loop: `case bool, nil:` printed true
// for a nil). The clause starts by setting it to the switch's operand,
// which is what it holds in such a clause, when the operand is a name
// (evaluating it again changes nothing):
//
//	case bool, nil:  →  case bool, nil: v = t;
func caseLists(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSwitchStmt); ok {
				changed = f.nilCaseLists(sf, ts) || changed
				return true
			}
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

// nilCaseLists sets the variable of the type switch ts at the start of
// each clause listing nil among other types (see caseLists), and reports
// whether it did.
func (f *folder) nilCaseLists(sf *srcFile, ts *ast.TypeSwitchStmt) bool {
	assign, ok := ts.Assign.(*ast.AssignStmt)
	if !ok || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
		return false
	}
	v, ok := assign.Lhs[0].(*ast.Ident)
	ta, isAssert := assign.Rhs[0].(*ast.TypeAssertExpr)
	if !ok || !isAssert || v.Name == "_" || !isName(ta.X) {
		return false
	}
	changed := false
	for _, s := range ts.Body.List {
		cc := s.(*ast.CaseClause)
		if len(cc.List) < 2 || !slices.ContainsFunc(cc.List, isNilIdent) {
			continue
		}
		sf.edits.insert(f.offset(cc.Colon)+1, " "+v.Name+" = "+f.text(sf, ta.X)+";")
		changed = true
	}
	return changed
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
