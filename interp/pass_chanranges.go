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
// on int Value). The loop is written without a value variable.
//
// Over a slice, an array or a pointer to an array, it becomes a loop of
// three clauses over the operand, evaluated once into a variable of its
// own (a copy of an array, as the range makes), and the body starts by
// declaring (or assigning) the key and the value:
//
//	for _, in := range b.ins {  →  for _dsx9, _dsk9 := b.ins, 0; _dsk9 < len(_dsx9); _dsk9++ { _, in := _dsk9, _dsx9[_dsk9];
//
// Over a map, it ranges over the keys only and reads the value from the
// operand, which must then be a local variable the body does not assign,
// so that it is the map the loop started with:
//
//	for name, c := range byName {  →  for _dsk9 := range byName { name, c := _dsk9, byName[_dsk9];
//
// The variables are declared in the body, one per iteration as in Go 1.22
// (loopVars leaves the loop alone). Go reads an element as the iteration
// reaches it, as the index expression does. Another range over a map of
// channels is refused: the route runs compiled.
func chanElemRanges(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if !ok || f.desugared[rs] || rs.Key == nil || rs.Value == nil {
				return true
			}
			if _, isChan := f.elemOf(rs.X).(*types.Chan); !isChan {
				return true
			}
			if f.indexed(sf, rs) || f.keysOnly(sf, info, rs) {
				changed = true
			} else {
				diags = append(diags, diagnostic{pos: rs.For, msg: "a range over a map of channels, other than a local variable's" + DiffersMarker, refuse: true})
			}
			return true
		})
	}
	return changed, diags
}

// indexed rewrites rs, whose value variable is a channel, as a loop of
// three clauses when its operand is a slice, an array or a pointer to an
// array; it reports whether it did.
func (f *folder) indexed(sf *srcFile, rs *ast.RangeStmt) bool {
	t := f.typeOf(rs.X).Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	switch t.(type) {
	case *types.Slice, *types.Array:
	default:
		return false
	}
	if !f.insertFree(sf, rs.Key.Pos()) || !f.insertFree(sf, rs.Body.Lbrace+1) {
		return false
	}
	at := strconv.Itoa(f.offset(rs.For))
	x, k := "_dsx"+at, "_dsk"+at
	sf.edits = append(sf.edits,
		edit{off: f.offset(rs.Key.Pos()), end: f.offset(rs.X.Pos()), text: x + ", " + k + " := "},
		edit{off: f.offset(rs.X.End()), end: f.offset(rs.X.End()), text: ", 0; " + k + " < len(" + x + "); " + k + "++"})
	sf.edits.insert(f.offset(rs.Body.Lbrace)+1, " "+f.text(sf, rs.Key)+", "+f.text(sf, rs.Value)+" "+rs.Tok.String()+" "+k+", "+x+"["+k+"];")
	f.desugared[rs] = true
	return true
}

// keysOnly rewrites rs, whose value variable is a channel, when its
// operand is a local variable the body does not assign; it reports whether
// it did.
func (f *folder) keysOnly(sf *srcFile, info *types.Info, rs *ast.RangeStmt) bool {
	x, isIdent := ast.Unparen(rs.X).(*ast.Ident)
	if !isIdent {
		return false
	}
	v, isVar := info.Uses[x].(*types.Var)
	if !isVar || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || written(rs.Body, x.Name) {
		return false
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
