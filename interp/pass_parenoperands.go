package interp

import (
	"go/ast"
	"go/token"
)

// parenNames is the pass for a name in parentheses inside an operand of
// && or ||: yaegi panicked evaluating the operator ((p) != nil && ok, (x)
// > 0 || ok, (s)[0] == 'a' && ok: reflect: call of reflect.Value.Bool on
// ptr Value), though it evaluates the same comparison alone. The
// parentheses say nothing around a name; they are dropped:
//
//	(p) != nil && p.ok  →  p != nil && p.ok
//
// Left alone where another pass edits at a parenthesis.
func parenNames(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		var parens []*ast.ParenExpr
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || b.Op != token.LAND && b.Op != token.LOR {
				return true
			}
			for _, operand := range []ast.Expr{b.X, b.Y} {
				ast.Inspect(operand, func(m ast.Node) bool {
					if _, isLit := m.(*ast.FuncLit); isLit {
						return false // a body of its own
					}
					if p, ok := m.(*ast.ParenExpr); ok {
						if _, isName := p.X.(*ast.Ident); isName {
							parens = append(parens, p)
						}
					}
					return true
				})
			}
			return true
		})
		done := map[*ast.ParenExpr]bool{}
		for _, p := range parens {
			if done[p] {
				continue // inside two operators
			}
			done[p] = true
			l, r := f.offset(p.Lparen), f.offset(p.Rparen)
			if sf.editedNear(l) || sf.editedNear(r) {
				continue
			}
			sf.edits = append(sf.edits, edit{off: l, end: l + 1}, edit{off: r, end: r + 1})
			changed = true
		}
	}
	return changed, nil
}

// editedNear reports whether an edit of sf starts, ends or replaces
// text at the byte at off or its ends.
func (sf *srcFile) editedNear(off int) bool {
	for _, e := range sf.edits {
		if e.off <= off+1 && e.end >= off {
			return true
		}
	}
	return false
}
