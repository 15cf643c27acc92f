package interp

import (
	"go/ast"
	"go/token"
)

// literalAssigns is the pass for a composite literal assigned to a
// variable (best = Item{...}): yaegi builds the literal straight into the
// variable's frame slot, a new value in place of the one there, so a
// function literal that shares the variable (a callback, a sync.Once's
// function, a goroutine, a loop body rewritten into a closure) keeps the
// old one: the closure's assignment never reached the function, and the
// function's assignment cut the closure off. Parenthesised, the literal
// is assigned as any other value, into the variable:
//
//	best = Item{Name: it.Name}  →  best = (Item{Name: it.Name})
//
// Every such assignment to a name is rewritten: whether a closure shares
// the variable may depend on later passes (range-over-func bodies become
// closures), and the parentheses cost nothing else.
func literalAssigns(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, r := range as.Rhs {
				id, isName := as.Lhs[i].(*ast.Ident)
				if _, isLit := r.(*ast.CompositeLit); isLit && isName && id.Name != "_" {
					sf.edits.insert(f.offset(r.Pos()), "(")
					sf.edits.insert(f.offset(r.End()), ")")
					changed = true
				}
			}
			return true
		})
	}
	return changed, nil
}
