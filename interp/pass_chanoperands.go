package interp

import (
	"go/ast"
	"go/types"
	"strconv"
)

// chanOperands is the pass for a range loop over a channel held in a
// local variable the body assigns (ch := ch1; for v := range ch { ch =
// ch2 }): Go evaluates the operand once, so the loop drains ch1; yaegi
// reads the variable again at every iteration and went on with ch2. The
// loop is put in a block that copies the channel first:
//
//	for v := range ch {  →  { _dsch9 := ch; for v := range _dsch9 {  …  } }
//
// A labeled loop is put in the block with its label. Other operands (a
// field, an element) are left alone.
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
			x, isIdent := ast.Unparen(rs.X).(*ast.Ident)
			if !isIdent {
				return true
			}
			t := f.typeOf(rs.X)
			if t == nil {
				return true
			}
			if _, isChan := t.Underlying().(*types.Chan); !isChan {
				return true
			}
			_, isVar := info.Uses[x].(*types.Var)
			if !isVar || !written(rs.Body, x.Name) || !f.insertFree(sf, x.Pos()) {
				return true
			}
			var stmt ast.Stmt = rs
			if ls := labeled[rs]; ls != nil {
				stmt = ls
			}
			name := "_dsch" + strconv.Itoa(f.offset(rs.For))
			start, end := f.offset(stmt.Pos()), f.offset(rs.End())
			sf.edits.insertLeading(start, "{ "+name+" := "+x.Name+"; ")
			sf.edits = append(sf.edits, edit{off: f.offset(x.Pos()), end: f.offset(x.End()), text: name})
			sf.edits.insertClosing(start, end, " }")
			changed = true
			return true
		})
	}
	return changed, nil
}
