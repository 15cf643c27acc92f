package interp

import (
	"go/ast"
	"go/token"
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
//
// and so does one over an array reached through a pointer (range *pa,
// range s.arr of a pointer s), whose length is as constant.
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
				if arr, isArray := t.Underlying().(*types.Array); isArray && isBlank(rs.Value) && derefsPointer(f.typeInfo(), rs.X) && !makesCall(f, rs.X) && !receives(rs.X) {
					// An array through a pointer (range *pa, range s.arr
					// with s a pointer) and no value: Go ranges over its
					// constant length without evaluating it, a nil
					// pointer too ($GOROOT/test/fixedbugs/issue73476.go).
					start, end := f.offset(rs.X.Pos()), f.offset(rs.X.End())
					sf.edits = append(sf.edits, edit{off: start, end: end, text: "[" + strconv.FormatInt(arr.Len(), 10) + "]struct{}{}"})
					changed = true
				}
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

// derefsPointer reports whether evaluating e goes through a pointer: a
// dereference, a field or an element of an array reached through one.
func derefsPointer(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.StarExpr:
			found = true
		case *ast.SelectorExpr:
			if s := info.Selections[x]; s != nil && s.Indirect() {
				found = true
			}
		case *ast.IndexExpr:
			if _, isPtr := underlying(info.TypeOf(x.X)).(*types.Pointer); isPtr {
				found = true
			}
		}
		return !found
	})
	return found
}

// receives reports whether evaluating e receives from a channel.
func receives(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			found = true
		}
		return !found
	})
	return found
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
