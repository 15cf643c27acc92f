package interp

import (
	"go/ast"
	"go/types"
	"strconv"
)

// chanOperands is the pass for a range loop over a channel held in a
// variable the body assigns (ch := ch1; for v := range ch { ch =
// ch2 }): Go evaluates the operand once, so the loop drains ch1; yaegi
// reads the variable again at every iteration and went on with ch2. The
// loop is put in a block that copies the channel first:
//
//	for v := range ch {  →  { _dsch9 := ch; for v := range _dsch9 {  …  } }
//
// A labeled loop is put in the block with its label. An operand other than
// a variable (a field, an element: b.ch = ch2 in the body) is copied
// likewise, whatever the body does: the copy is what Go evaluates.
func chanOperands(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		labeled := map[ast.Stmt]*ast.LabeledStmt{}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if ls, ok := n.(*ast.LabeledStmt); ok {
				labeled[ls.Stmt] = ls
			}
			return true
		})
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if !ok {
				return true
			}
			t := f.typeOf(rs.X)
			if t == nil {
				return true
			}
			if _, isChan := t.Underlying().(*types.Chan); !isChan {
				return true
			}
			if x, isIdent := ast.Unparen(rs.X).(*ast.Ident); isIdent {
				if _, isVar := info.Uses[x].(*types.Var); !isVar || !written(rs.Body, x.Name) {
					return true
				}
			}
			if !f.insertFree(sf, rs.X.Pos()) || !f.insertFree(sf, rs.X.End()-1) {
				return true
			}
			var stmt ast.Stmt = rs
			if ls := labeled[rs]; ls != nil {
				stmt = ls
			}
			name := "_dsch" + strconv.Itoa(f.offset(rs.For))
			start, end := f.offset(stmt.Pos()), f.offset(rs.End())
			sf.edits.insertLeading(start, "{ "+name+" := "+sf.take(f, rs.X)+"; ")
			sf.edits = append(sf.edits, edit{off: f.offset(rs.X.Pos()), end: f.offset(rs.X.End()), text: name})
			sf.edits.insertClosing(start, end, " }")
			changed = true
			return true
		})
	}
	return changed, nil
}
