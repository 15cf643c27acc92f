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
// closures), and the parentheses cost nothing else. A composite literal
// declared (a := [2]int{i, i}, var m = map[string]int{...}) yaegi builds
// in the variable's slot too, the same storage every time the
// declaration runs: in a loop, each closure capturing the array, map or
// slice, and each pointer taken to it, saw the last iteration's; it is
// parenthesised as well, and so is a receive declared (v := <-ch, whose
// address yaegi could not take). A receive assigned to
// a field, an element or a pointer's target (out[i] = <-results) yaegi
// writes to a slot of its own and never assigns: it is parenthesised too.
// A receive of a select case is the select pass's.
func literalAssigns(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		comms := make(map[ast.Stmt]bool)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if cc, ok := n.(*ast.CommClause); ok && cc.Comm != nil {
				comms[cc.Comm] = true
			}
			paren := func(r ast.Expr) {
				sf.edits.insertPair(f.offset(r.Pos()), f.offset(r.End()), "(", ")")
				changed = true
			}
			// A declared literal's opening goes first: a pass that
			// replaced the literal's type (localAliases: Counts{...} →
			// map[string]int{...}) edits at the same place, and an
			// insertion sorted after that replacement is dropped.
			parenFirst := func(r ast.Expr) {
				sf.edits.insertPairFirst(f.offset(r.Pos()), f.offset(r.End()), "(", ")")
				changed = true
			}
			// An assigned value gets a wrapper: evalOrder, moving its
			// first operand out (e.Value = _deo1 + _deo2), leaves it
			// around the whole. A returned one gets plain parentheses,
			// which panicLines' rewrite of the return keeps around the
			// value (evalOrder leaves them around it too).
			wrap := func(r ast.Expr) {
				sf.edits.wrapAround(f.offset(r.Pos()), f.offset(r.End()), "(", ")")
				changed = true
			}
			if ret, ok := n.(*ast.ReturnStmt); ok {
				for _, r := range ret.Results {
					if intoInterfaceFails(r) || isArithmetic(r) {
						paren(r)
					}
				}
				return true
			}
			if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Values) == len(vs.Names) {
				for _, v := range vs.Values {
					if builtInPlace(v) {
						// var a = [2]int{i, i}, var v = <-ch
						parenFirst(v)
					} else if vs.Type != nil && (intoInterfaceFails(v) || isArithmetic(v)) {
						// var x fmt.Stringer = d * time.Second
						wrap(v)
					}
				}
				return true
			}
			as, ok := n.(*ast.AssignStmt)
			if ok && as.Tok == token.DEFINE && len(as.Lhs) == len(as.Rhs) && !comms[as] {
				for _, r := range as.Rhs {
					if builtInPlace(r) {
						parenFirst(r)
					}
				}
				return true
			}
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) || comms[as] {
				return true
			}
			for i, r := range as.Rhs {
				if id, isName := as.Lhs[i].(*ast.Ident); isName && id.Name != "_" && f.parenInPlace(sf, r) {
					changed = true
				} else if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.ARROW && !isName {
					// b.V = <-ch, s[i] = <-ch, p.N = <-ch: yaegi
					// receives into a slot of its own and assigns
					// nothing.
					wrap(r)
				} else if len(as.Rhs) == 1 && (intoInterfaceFails(r) || isArithmetic(r)) {
					wrap(r)
				}
			}
			return true
		})
	}
	return changed, nil
}

// parenInPlace parenthesises e when it is a value yaegi builds in place
// (see builtInPlace), for a pass that assigns it to a variable: a
// returned or sent operand it moves into an assignment. Built in place
// into a variable of an interface type, a struct value fails too
// (reflect.Set: value of type struct {…} is not assignable to type
// error). It reports whether it did.
func (f *folder) parenInPlace(sf *srcFile, e ast.Expr) bool {
	if !builtInPlace(e) {
		return false
	}
	// First, before a replacement of the literal's type made at the same
	// place (see literalAssigns' parenFirst).
	sf.edits.insertPairFirst(f.offset(e.Pos()), f.offset(e.End()), "(", ")")
	return true
}

// intoInterfaceFails reports whether e is an operation yaegi computes
// wrongly straight into a destination of an interface type (a variable,
// field or element, or a result, of type any or error): a remainder or a
// shift (x = i % 3, return n << 1), a negation or a complement, and a
// comparison returned (return n < 0). The result was nil, or the
// statements after the assignment were skipped (the function returned),
// or it panicked (x = !ok, return n < 0: reflect.Value.SetBool on
// interface Value). Parenthesised, the value is computed on its own
// first, then assigned, as any other value:
//
//	x = i % 3       →  x = (i % 3)
//	return -n, nil  →  return (-n), nil
//
// Every such value assigned or returned is rewritten: parentheses cost
// nothing for other destinations. Several values assigned at once are
// assigned right.
func intoInterfaceFails(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BinaryExpr:
		switch e.Op {
		case token.REM, token.SHL, token.SHR:
			return true
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			// Not one with a call, which evalOrder may move out of the
			// parentheses (-n > f(0) fails all the same).
			return !hasCall(e)
		}
	case *ast.UnaryExpr:
		return e.Op == token.SUB || e.Op == token.XOR || e.Op == token.NOT
	}
	return false
}

// isArithmetic reports whether e is an arithmetic or bitwise operation
// other than those intoInterfaceFails lists (x = a + b, s = p + "!"):
// yaegi computes it straight into a destination of an interface type of
// compiled code (a fmt.Stringer variable, a list.Element's Value, a
// slog.HandlerOptions' Level) and returns from the function there, or
// returns nil for it. Destinations of interface types the code declares
// (any among them) take it right; the parentheses cost them nothing.
func isArithmetic(e ast.Expr) bool {
	b, ok := e.(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.AND, token.OR, token.XOR, token.AND_NOT:
		return true
	}
	return false
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
