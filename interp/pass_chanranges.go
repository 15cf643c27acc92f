package interp

import (
	"go/ast"
	"go/types"
	"strconv"
)

// chanElemRanges is the pass for a range loop whose value variable is a
// channel (for _, in := range ins, fanning channels in): yaegi takes the
// loop for a range over a channel, as it looks at the loop's second child
// for the ranged operand, and panicked (reflect: call of reflect.Value.Len
// on int Value). The loop ranges over the keys only, and the body starts
// by declaring (or assigning) the key and the value, read from the
// operand:
//
//	for _, in := range ins {  →  for _dsk9 := range ins { _, in := _dsk9, ins[_dsk9];
//
// The variables are declared in the body, one per iteration as in Go 1.22
// (loopVars leaves the loop alone). Go reads a slice's or a map's element
// as the iteration reaches it, as the index expression does; the operand
// must be a local variable the body does not assign, so that it is the
// one the loop started with. Other such loops are left as written.
func chanElemRanges(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if ok && !f.desugared[rs] && f.keysOnly(sf, info, rs) {
				changed = true
			}
			return true
		})
	}
	return changed, nil
}

// keysOnly rewrites rs when its value variable is a channel; it reports
// whether it did.
func (f *folder) keysOnly(sf *srcFile, info *types.Info, rs *ast.RangeStmt) bool {
	if rs.Key == nil || rs.Value == nil {
		return false
	}
	if _, isChan := f.elemOf(rs.X).(*types.Chan); !isChan {
		return false
	}
	x, isIdent := ast.Unparen(rs.X).(*ast.Ident)
	if !isIdent {
		return false
	}
	v, isVar := info.Uses[x].(*types.Var)
	if !isVar || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || written(rs.Body, x.Name) {
		return false
	}
	switch f.typeOf(rs.X).Underlying().(type) {
	case *types.Slice, *types.Map:
	default:
		return false // an array is copied by the range: its elements as they were
	}
	if !f.insertFree(sf, rs.Key.Pos()) || !f.insertFree(sf, rs.Body.Lbrace+1) {
		return false
	}
	key := "_dsk" + strconv.Itoa(f.offset(rs.For))
	sf.edits = append(sf.edits, edit{off: f.offset(rs.Key.Pos()), end: f.offset(rs.X.Pos()), text: key + " := range "})
	sf.edits.insert(f.offset(rs.Body.Lbrace)+1, " "+f.text(sf, rs.Key)+", "+f.text(sf, rs.Value)+" "+rs.Tok.String()+" "+key+", "+x.Name+"["+key+"];")
	f.desugared[rs] = true
	return true
}

// elemOf returns the element type of the slice, array, pointer to array or
// map e, or nil.
func (f *folder) elemOf(e ast.Expr) types.Type {
	t := f.typeOf(e)
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem().Underlying()
	case *types.Array:
		return u.Elem().Underlying()
	case *types.Map:
		return u.Elem().Underlying()
	}
	return nil
}
