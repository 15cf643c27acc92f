package interp

import (
	"go/ast"
	"go/token"
)

// literalAssigns is the pass for a composite literal or a receive
// assigned to a variable (best = Item{...}, n = <-ch): yaegi builds the
// value straight into the variable's frame slot, a new value in place of
// the one there, so a function literal that shares the variable (a
// callback, a sync.Once's function, a goroutine, a loop body rewritten
// into a closure) keeps the old one: the closure's assignment never
// reached the function, and the function's assignment cut the closure
// off. Parenthesised, the value is assigned as any other value, into the
// variable:
//
//	best = Item{Name: it.Name}  →  best = (Item{Name: it.Name})
//	n = <-ch                    →  n = (<-ch)
//
// Every such assignment to a name is rewritten: whether a closure shares
// the variable may depend on later passes (range-over-func bodies become
// closures), and the parentheses cost nothing else. A receive of a select
// case is the select pass's.
func literalAssigns(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		comms := make(map[ast.Stmt]bool)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if cc, ok := n.(*ast.CommClause); ok && cc.Comm != nil {
				comms[cc.Comm] = true
			}
			as, ok := n.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) || comms[as] {
				return true
			}
			for i, r := range as.Rhs {
				if id, isName := as.Lhs[i].(*ast.Ident); isName && id.Name != "_" && builtInPlace(r) {
					sf.edits.insert(f.offset(r.Pos()), "(")
					sf.edits.insertClosing(f.offset(r.Pos()), f.offset(r.End()), ")")
					changed = true
				}
			}
			return true
		})
	}
	return changed, nil
}

// builtInPlace reports whether yaegi builds e, assigned to a variable,
// in the variable's frame slot: a composite literal or a receive.
func builtInPlace(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		return e.Op == token.ARROW
	}
	return false
}
