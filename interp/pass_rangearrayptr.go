package interp

import (
	"go/ast"
	"go/types"
	"strconv"
)

// rangeOverArrayPointer is the pass for a range loop over a pointer to an
// array, which Go allows as it allows one over the array: yaegi panicked
// ("reflect: call of reflect.Value.Elem on array Value"). The operand
// becomes a slice of the array, which yaegi ranges over, reading each
// element when its iteration starts as Go reads it through the pointer:
//
//	for i, v := range pa {  →  for i, v := range pa[:] {
//
// A loop without a value never reads the array (Go ranges over a nil
// pointer's length): it ranges over an array of the same length of empty
// structs instead, when its operand makes no call, which it would make
// once:
//
//	for i := range pa {  →  for i := range [3]struct{}{} {
func rangeOverArrayPointer(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if !ok || f.desugared[rs] {
				return true
			}
			t := f.typeOf(rs.X)
			if t == nil {
				return true
			}
			p, ok := t.Underlying().(*types.Pointer)
			if !ok {
				return true
			}
			arr, ok := p.Elem().Underlying().(*types.Array)
			if !ok {
				return true
			}
			start, end := f.offset(rs.X.Pos()), f.offset(rs.X.End())
			switch {
			case !isBlank(rs.Value):
				sf.edits.insert(start, "(")
				sf.edits.insertClosing(start, end, ")[:]")
			case !makesCall(f, rs.X):
				sf.edits = append(sf.edits, edit{off: start, end: end, text: "[" + strconv.FormatInt(arr.Len(), 10) + "]struct{}{}"})
			default:
				return true
			}
			changed = true
			return true
		})
	}
	return changed, nil
}

// makesCall reports whether evaluating e calls a function (a conversion
// is no call).
func makesCall(f *folder, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if tv, known := f.typeInfo().Types[c.Fun]; !known || !tv.IsType() {
				found = true
			}
		}
		return !found
	})
	return found
}
