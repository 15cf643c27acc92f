package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// recvOperands is the pass for a channel receive as the left operand of
// && or || (<-done && ok, if <-ready || force): yaegi branches on the
// received value, but when the receive had to wait for a sender (an
// unbuffered channel, a goroutine sending later) it did not keep the
// value, and the operator read what the place held before: false, or
// the value of an earlier receive (go func() { ch <- true }(); <-ch &&
// true answered false). A receive the operator does not branch on (the
// right operand, or a negated one) keeps its value; the left operand is
// negated twice, which Go evaluates to the same value of the same type:
//
//	<-ch && ok  →  !!(<-ch) && ok
func recvOperands(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || b.Op != token.LAND && b.Op != token.LOR {
				return true
			}
			u, ok := ast.Unparen(b.X).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				return true
			}
			if t := f.typeOf(b.X); t == nil || !isBoolean(t) {
				return true
			}
			if !f.insertFree(sf, b.X.Pos()) || !f.insertFree(sf, b.X.End()-1) {
				return true
			}
			sf.edits.wrapAround(f.offset(b.X.Pos()), f.offset(b.X.End()), "!!(", ")")
			changed = true
			return true
		})
	}
	return changed, nil
}

// isBoolean reports whether t is a boolean type, named or not.
func isBoolean(t types.Type) bool {
	basic, ok := t.Underlying().(*types.Basic)
	return ok && basic.Info()&types.IsBoolean != 0
}
