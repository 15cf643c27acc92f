package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// The bounds checks of a statement that evaluates its indexes
// unconditionally, calls nothing and cannot panic otherwise go before it,
// in the order Go checks them, instead of each index going through a call
// of compiled code (a reflect call in yaegi, about five times the cost of
// the index; see docs/benchmarks.md):
//
//	xs[j-1], xs[j] = xs[j], xs[j-1]
//	→ if j-1 < 0 || j-1 >= len(xs) || j < 0 || j >= len(xs) { _dsrt.Index(j-1, len(xs)); _dsrt.Index(j, len(xs)) }; xs[j-1], xs[j] = xs[j], xs[j-1]
//
// The compiled check runs only on the way to a panic, which it raises as
// the first failing index of the statement would. The operands and
// indexes are variables, fields of values, constants, arithmetic and len
// (see rereadable and hoistBound), read again before the statement: a
// statement that calls nothing writes nothing before its last index is
// read, so they read what the statement's indexes read.
//
// The order is the gc compiler's, as measured: the right side of an
// assignment, then its left side's index; the left side first in an
// assignment operation (+=); left to right within an expression; and in
// a tuple assignment the order of walk's ascompatee (see tupleChecks).
// A statement with anything else that may panic (a division, a field or
// a dereference through a pointer, a type assertion, a map of interface
// keys, an index after && or ||, a call…) keeps the checks where they are.

// hoistedChecks plans the checks of the statements of file that go before
// them, records the statements in f.hoisted, inserts the checks, and
// returns the indexes they check, which boundsChecks leaves as written.
// It sets changed when it edits the file (a statement assigning a min or
// max is written out too, see inlineMinMax).
func (f *folder) hoistedChecks(sf *srcFile, info *types.Info, file *ast.File, safe map[*ast.IndexExpr]bool, skip ranges, changed *bool) map[*ast.IndexExpr]bool {
	done := make(map[*ast.IndexExpr]bool)
	// A goto may not jump over the variable inlineMinMax declares.
	gotos := false
	ast.Inspect(file, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO {
			gotos = true
		}
		return !gotos
	})
	var fn *ast.FuncType // of the function whose statements hoist is given
	var defers bool
	hoist := func(list []ast.Stmt) {
		for _, s := range list {
			if f.desugared[s] || skip.contains(s) || !f.insertFree(sf, s.Pos()) || f.editedWithin(sf, info, s) {
				continue
			}
			h := &hoister{f: f, info: info, safe: safe, fn: fn, defers: defers, file: file}
			checks, ok := h.stmtChecks(s)
			if !ok || !f.universeAt(s.Pos(), "len", "int", "uint64") {
				continue
			}
			if len(checks) > 0 {
				sf.addImport("_dsrt", desugarPath)
				sf.edits.insertLeading(f.offset(s.Pos()), f.checksText(sf, info, checks)+"; "+f.lineDirective(s.Pos()))
				f.hoisted[s] = true
				for _, ix := range checks {
					done[ix] = true
				}
				*changed = true
			}
			if !gotos && f.inlineMinMax(sf, info, s) {
				f.hoisted[s] = true
				f.desugared[s] = true
				*changed = true
			}
		}
	}
	// The statements of each function, with its type.
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			var typ *ast.FuncType
			var body *ast.BlockStmt
			if d, ok := n.(*ast.FuncDecl); ok {
				typ, body = d.Type, d.Body
			} else {
				typ, body = n.(*ast.FuncLit).Type, n.(*ast.FuncLit).Body
			}
			if body == nil {
				return false
			}
			outerFn, outerDefers := fn, defers
			fn, defers = typ, defersCall(body)
			ast.Inspect(body, visit)
			fn, defers = outerFn, outerDefers
			return false
		case *ast.ForStmt:
			if n.Cond != nil && !f.desugared[n] && !skip.contains(n) {
				f.checkLeaves(sf, info, &hoister{f: f, info: info, safe: safe}, n.Cond, done)
			}
		case *ast.IfStmt:
			// Visited after the statements of the block it is in, whose
			// checks may have taken its condition's first operand.
			if !f.desugared[n] && !skip.contains(n) {
				f.checkLeaves(sf, info, &hoister{f: f, info: info, safe: safe}, n.Cond, done)
			}
		case *ast.BlockStmt:
			hoist(n.List)
		case *ast.CaseClause:
			hoist(n.Body)
		case *ast.CommClause:
			hoist(n.Body)
		}
		return true
	}
	ast.Inspect(file, visit)
	if len(done) > 0 {
		*changed = true
	}
	return done
}

// defersCall reports whether body defers a call (its function literals
// aside).
func defersCall(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}

// editedWithin reports whether an earlier pass edited the statement s
// (but for the names of min and max, which newBuiltins replaces with
// function literals, leaving their arguments as written, and parentheses
// around a value): its text may not be what runs.
func (f *folder) editedWithin(sf *srcFile, info *types.Info, s ast.Stmt) bool {
	var names ranges
	ast.Inspect(s, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && (id.Name == "min" || id.Name == "max") {
				if _, builtin := info.Uses[id].(*types.Builtin); builtin {
					names = append(names, [2]token.Pos{call.Fun.Pos(), call.Fun.End()})
				}
			}
		}
		return true
	})
	off, end := f.offset(s.Pos()), f.offset(s.End())
	for _, e := range sf.edits {
		if !(e.off < end && e.end > off || e.off == e.end && e.off > off && e.off < end) {
			continue
		}
		if e.off == e.end && (e.text == "(" || e.text == ")") {
			continue // literalAssigns' parentheses around a value
		}
		inName := false
		for _, r := range names {
			inName = inName || e.off >= f.offset(r[0]) && e.end <= f.offset(r[1])
		}
		if !inName {
			return true
		}
	}
	return false
}

// universeAt reports whether names mean the predeclared identifiers at pos.
func (f *folder) universeAt(pos token.Pos, names ...string) bool {
	if f.pkg == nil {
		return false
	}
	scope := f.pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	for _, n := range names {
		if _, obj := scope.LookupParent(n, pos); obj == nil || obj.Parent() != types.Universe {
			return false
		}
	}
	return true
}

// checksText is the statement checking the indexes of checks, in order,
// each once.
func (f *folder) checksText(sf *srcFile, info *types.Info, checks []*ast.IndexExpr) string {
	var conds, calls []string
	seen := make(map[string]bool)
	for _, ix := range checks {
		x, i := f.text(sf, ix.X), f.text(sf, ix.Index)
		if seen[x+"\x00"+i] {
			continue // it cannot fail first a second time
		}
		seen[x+"\x00"+i] = true
		n := "len(" + x + ")"
		tv := info.Types[ix.Index]
		switch {
		case wideUnsigned(tv.Type):
			conds = append(conds, "uint64("+i+") >= uint64("+n+")")
			calls = append(calls, "_dsrt.IndexUint(uint64("+i+"), "+n+")")
			continue
		case tv.Value != nil:
			// A constant index is not negative (the compiler refuses one).
			conds = append(conds, intConversion(tv)+i+closeConversion(tv)+" >= "+n)
		default:
			b, _ := tv.Type.Underlying().(*types.Basic)
			if b != nil && b.Info()&types.IsUnsigned != 0 {
				conds = append(conds, "int("+i+") >= "+n)
			} else {
				// Two comparisons: yaegi's conversions to uint cost more.
				conds = append(conds, i+" < 0 || "+intConversion(tv)+i+closeConversion(tv)+" >= "+n)
			}
		}
		calls = append(calls, "_dsrt.Index("+intConversion(tv)+i+closeConversion(tv)+", "+n+")")
	}
	return "if " + strings.Join(conds, " || ") + " { " + strings.Join(calls, "; ") + " }"
}

// A hoister computes the checks of one statement in Go's order.
type hoister struct {
	f    *folder
	info *types.Info
	safe map[*ast.IndexExpr]bool
	// fn is the type of the function the statement is in, and defers
	// whether its body defers a call.
	fn     *ast.FuncType
	defers bool
	// file is the file the statement is in.
	file *ast.File
}

// stmtChecks returns the checks of s in the order Go makes them, and
// whether they may all go before s.
func (h *hoister) stmtChecks(s ast.Stmt) ([]*ast.IndexExpr, bool) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		switch {
		case len(s.Lhs) != len(s.Rhs):
			return nil, false // a call's results, a comma-ok form
		case len(s.Lhs) > 1:
			return h.tupleChecks(s)
		case s.Tok == token.ASSIGN || s.Tok == token.DEFINE:
			// The right side, then the left side's indexes, as it is stored.
			r, ok := h.exprChecks(s.Rhs[0])
			if !ok {
				return h.assignedCall(s)
			}
			l, ok := h.targetChecks(s.Lhs[0])
			return append(r, l...), ok
		default:
			// x op= y reads x first, when x is an element with no index
			// of its own to check: gc evaluates y before the key of
			// m[a[i]] += b[j], and was not measured on g[i][j] += b[k].
			l, ok := h.targetChecks(s.Lhs[0])
			if !ok || len(l) > 1 || len(l) == 1 && l[0] != ast.Unparen(s.Lhs[0]) {
				return nil, false
			}
			r, ok := h.exprChecks(s.Rhs[0])
			if !ok {
				return h.assignedCall(s)
			}
			return append(l, r...), ok
		}
	case *ast.IncDecStmt:
		return h.targetChecks(s.X)
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			return h.callChecks(call)
		}
	case *ast.ReturnStmt:
		// One result: gc assigns several to the result parameters as a
		// tuple assignment, in an order that depends on the function's
		// defers.
		if len(s.Results) != 1 {
			return nil, false
		}
		if c, ok := h.exprChecks(s.Results[0]); ok {
			return c, true
		}
		if call, ok := s.Results[0].(*ast.CallExpr); ok {
			return h.callChecks(call)
		}
	case *ast.IfStmt:
		if s.Init != nil {
			return h.stmtChecks(s.Init)
		}
		return h.exprChecks(unconditional(s.Cond))
	case *ast.SwitchStmt:
		if s.Init != nil {
			return h.stmtChecks(s.Init)
		}
		if s.Tag == nil {
			return nil, false // its cases are conditions of their own
		}
		return h.exprChecks(s.Tag)
	}
	return nil, false
}

// assignedCall returns the checks of s, an assignment of one call's
// result (res = append(res, xs[i]), n := f(xs[i]), total += f(xs[i]))
// to an operand with no index to check: the call's (see callChecks). An
// index assigned would be checked after the call, which may change it.
func (h *hoister) assignedCall(s *ast.AssignStmt) ([]*ast.IndexExpr, bool) {
	call, ok := s.Rhs[0].(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	if l, ok := h.targetChecks(s.Lhs[0]); !ok || len(l) > 0 {
		return nil, false
	}
	return h.callChecks(call)
}

// callChecks returns the checks of the call call, made before it calls
// (gc evaluates the receiver, then the arguments in order, then calls,
// as measured; a method of a value through a pointer, which dereferences
// it first, is left): when its function is a package's function, a
// variable (nil panics at the call), a method of an operand that calls
// nothing, or the built-in append, delete, panic, print, println or
// close, and its arguments call nothing and cannot panic but by their
// indexes.
func (h *hoister) callChecks(call *ast.CallExpr) ([]*ast.IndexExpr, bool) {
	var out []*ast.IndexExpr
	fun := ast.Unparen(call.Fun)
	if tv, ok := h.info.Types[fun]; !ok || tv.IsType() {
		return nil, false // a conversion: exprChecks'
	}
	switch fn := fun.(type) {
	case *ast.Ident:
		switch obj := h.info.Uses[fn].(type) {
		case *types.Builtin:
			switch obj.Name() {
			case "append", "delete", "panic", "print", "println", "close":
			default:
				return nil, false
			}
		case *types.Func, *types.Var:
		default:
			return nil, false
		}
	case *ast.SelectorExpr:
		if sel := h.info.Selections[fn]; sel != nil {
			// Not promoted through fields, and not a method of a value
			// called through a pointer (go/types' Indirect is true for a
			// pointer method called through a pointer too).
			if sel.Kind() != types.MethodVal || len(sel.Index()) != 1 {
				return nil, false
			}
			_, ptrRecv := sel.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer)
			_, ptrX := sel.Recv().Underlying().(*types.Pointer)
			if ptrX && !ptrRecv {
				return nil, false
			}
			c, ok := h.exprChecks(fn.X)
			if !ok {
				return nil, false
			}
			out = append(out, c...)
			break
		}
		id, ok := fn.X.(*ast.Ident)
		if !ok {
			return nil, false
		}
		if _, isPkg := h.info.Uses[id].(*types.PkgName); !isPkg {
			return nil, false
		}
		if _, isFunc := h.info.Uses[fn.Sel].(*types.Func); !isFunc {
			return nil, false
		}
	default:
		return nil, false
	}
	for _, a := range call.Args {
		c, ok := h.exprChecks(a)
		if !ok {
			return nil, false
		}
		out = append(out, c...)
	}
	return out, true
}

// unconditional returns the part of the condition e that is always
// evaluated: the left operand of && and ||.
func unconditional(e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.BinaryExpr:
			if x.Op != token.LAND && x.Op != token.LOR {
				return e
			}
			e = x.X
		default:
			return e
		}
	}
}

// targetChecks returns the checks of the assigned (or incremented)
// operand t: a variable, a field of a value, an element of a slice,
// array or string, or an entry of a map of basic keys.
func (h *hoister) targetChecks(t ast.Expr) ([]*ast.IndexExpr, bool) {
	if id, ok := t.(*ast.Ident); ok && id.Name == "_" {
		return nil, true
	}
	return h.exprChecks(t)
}

// exprChecks returns the checks of the indexes evaluating e makes, in
// order, and whether e can panic only by those and calls nothing.
func (h *hoister) exprChecks(e ast.Expr) ([]*ast.IndexExpr, bool) {
	var out []*ast.IndexExpr
	var walk func(e ast.Expr) bool
	walk = func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.BasicLit:
			return true
		case *ast.Ident:
			_, isVar := h.info.Uses[e].(*types.Var)
			_, isConst := h.info.Uses[e].(*types.Const)
			_, isNil := h.info.Uses[e].(*types.Nil)
			return isVar || isConst || isNil || h.info.Defs[e] != nil
		case *ast.ParenExpr:
			return walk(e.X)
		case *ast.UnaryExpr:
			switch e.Op {
			case token.SUB, token.ADD, token.NOT, token.XOR:
				return walk(e.X)
			case token.AND:
				// &T{…} allocates: it cannot panic.
				_, lit := ast.Unparen(e.X).(*ast.CompositeLit)
				return lit && walk(e.X)
			}
			return false
		case *ast.CompositeLit:
			// The elements in source order, keyed or not (as measured).
			tv, ok := h.info.Types[e]
			if !ok {
				return false
			}
			switch tv.Type.Underlying().(type) {
			case *types.Struct, *types.Slice, *types.Array:
			default:
				return false // a map's keys may not hash
			}
			for _, elt := range e.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					elt = kv.Value // a field's name, or a constant index
				}
				if !walk(elt) {
					return false
				}
			}
			return true
		case *ast.BinaryExpr:
			switch e.Op {
			case token.LAND, token.LOR:
				// The right operand may not be evaluated: nothing in it
				// may panic, nor be checked.
				var right []*ast.IndexExpr
				saved := out
				out = nil
				ok := walk(e.Y)
				right, out = out, saved
				if !ok || len(right) > 0 || hasIndex(e.Y) {
					return false
				}
				return walk(e.X) && basicOperands(h.info, e.X, e.Y)
			case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
				// Comparing interfaces (or structs or arrays of them)
				// may panic.
				if !basicOperands(h.info, e.X, e.Y) {
					return false
				}
			default:
				if h.f.riskyOperation(e.Op, e.X, e.Y) {
					return false
				}
			}
			return walk(e.X) && walk(e.Y)
		case *ast.SelectorExpr:
			if id, ok := e.X.(*ast.Ident); ok {
				if _, isPkg := h.info.Uses[id].(*types.PkgName); isPkg {
					_, isVar := h.info.Uses[e.Sel].(*types.Var)
					_, isConst := h.info.Uses[e.Sel].(*types.Const)
					return isVar || isConst
				}
			}
			sel := h.info.Selections[e]
			if sel == nil || sel.Kind() != types.FieldVal || sel.Indirect() {
				return false
			}
			return walk(e.X)
		case *ast.CallExpr:
			return h.safeCallChecks(e, walk)
		case *ast.IndexExpr:
			tv, ok := h.info.Types[e.X]
			if !ok || !tv.IsValue() {
				return false
			}
			if m, isMap := tv.Type.Underlying().(*types.Map); isMap {
				// Hashing a key of a basic type cannot panic.
				if _, basic := m.Key().Underlying().(*types.Basic); !basic {
					return false
				}
				return walk(e.X) && walk(e.Index)
			}
			if _, isPtr := tv.Type.Underlying().(*types.Pointer); isPtr {
				return false // a nil pointer to an array panics first
			}
			if _, isParam := types.Unalias(tv.Type).(*types.TypeParam); isParam {
				return false
			}
			array, ok := indexable(tv.Type)
			if !ok || !walk(e.X) || !walk(e.Index) {
				return false
			}
			idx := h.info.Types[e.Index]
			if h.safe[e] || idx.Value != nil && (array || tv.Value != nil) {
				return true // in range
			}
			if !rereadable(e.X, h.info) || !hoistBound(h.info, e.Index) {
				return false
			}
			out = append(out, e)
			return true
		}
		return false
	}
	if !walk(e) {
		return nil, false
	}
	return out, true
}

// safeCallChecks walks the operands of call, which must be a call that
// cannot panic and calls no code: len or cap (of anything but a pointer
// to an array, through which cap and len read nothing), min or max, or a
// conversion to a basic type.
func (h *hoister) safeCallChecks(call *ast.CallExpr, walk func(ast.Expr) bool) bool {
	fun := ast.Unparen(call.Fun)
	if tv, ok := h.info.Types[fun]; ok && tv.IsType() {
		if _, basic := tv.Type.Underlying().(*types.Basic); !basic || len(call.Args) != 1 {
			return false
		}
		from, ok := h.info.Types[call.Args[0]]
		if !ok {
			return false
		}
		if _, basic := from.Type.Underlying().(*types.Basic); !basic {
			return false // string of a []byte or []rune: fine, but rare
		}
		return walk(call.Args[0])
	}
	id, ok := fun.(*ast.Ident)
	if !ok || call.Ellipsis.IsValid() {
		return false
	}
	b, ok := h.info.Uses[id].(*types.Builtin)
	if !ok {
		return false
	}
	switch b.Name() {
	case "len", "cap", "min", "max":
	default:
		return false
	}
	for _, a := range call.Args {
		if !walk(a) {
			return false
		}
	}
	return true
}

// basicOperands reports whether x and y are of basic types.
func basicOperands(info *types.Info, x, y ast.Expr) bool {
	for _, e := range []ast.Expr{x, y} {
		tv, ok := info.Types[e]
		if !ok {
			return false
		}
		if _, basic := tv.Type.Underlying().(*types.Basic); !basic {
			return false
		}
	}
	return true
}

// hasIndex reports whether e indexes or slices anything.
func hasIndex(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr, *ast.SliceExpr:
			found = true
		}
		return !found
	})
	return found
}

// hoistBound reports whether the index e can be evaluated again before
// its statement without a panic of its own: pureBound, with fields of
// values only and no division or shift that may panic.
func hoistBound(info *types.Info, e ast.Expr) bool {
	if !pureBound(e) {
		return false
	}
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel != nil && (sel.Kind() != types.FieldVal || sel.Indirect()) {
				ok = false
			}
		case *ast.BinaryExpr:
			switch x.Op {
			case token.QUO, token.REM, token.SHL, token.SHR:
				if tv := info.Types[x]; tv.Value == nil {
					ok = false
				}
			}
		case *ast.CallExpr:
			// len or cap of a pointer to an array reads nothing.
		}
		return ok
	})
	return ok
}

// tupleChecks returns the checks of the tuple assignment s in the order
// of the gc compiler's ascompatee (cmd/compile/internal/walk/assign.go):
// each value is evaluated at its assignment, in order ("late"), unless an
// assignment before it may change what it reads, in which case it is
// evaluated before all of them ("early"): after an assignment to an
// element or a field through memory, or to a variable that escapes or
// has its address taken, any value that reads memory (an index does);
// after one to a local variable, a value that reads it. The index of an
// element assigned is checked at its assignment, after its value. Which
// variables escape is the compiler's decision: a local variable counts
// both ways, and the checks go before the statement only when both give
// one order (see onStack).
func (h *hoister) tupleChecks(s *ast.AssignStmt) ([]*ast.IndexExpr, bool) {
	type pair struct {
		name      types.Object // the variable assigned, or that of the array or struct whose element or field is
		global    bool         // name is a package's variable
		mem       bool         // an element of a slice: memory
		check     []*ast.IndexExpr
		value     []*ast.IndexExpr
		valueUses map[types.Object]bool
	}
	var pairs []pair
	var uncertain []int
	for i, l := range s.Lhs {
		var p pair
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
			p.name = nil
		} else {
			c, ok := h.targetChecks(l)
			if !ok {
				return nil, false
			}
			for _, ix := range c {
				if ix != ast.Unparen(l) {
					return nil, false // an index evaluated before the assignment
				}
			}
			p.check = c
			root, mem, ok := h.assigned(l)
			if !ok {
				return nil, false
			}
			p.mem = mem
			if !mem {
				p.name = root
				if v, ok := root.(*types.Var); ok && (v.Parent() == h.f.pkg.Scope() || h.deferredResult(v)) {
					p.global = true
				} else if !ok || !h.onStack(v) {
					uncertain = append(uncertain, i)
				}
			}
		}
		v, ok := h.exprChecks(s.Rhs[i])
		if !ok {
			return nil, false
		}
		p.value = v
		p.valueUses = make(map[types.Object]bool)
		ast.Inspect(s.Rhs[i], func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && h.info.Uses[id] != nil {
				p.valueUses[h.info.Uses[id]] = true
			}
			return true
		})
		pairs = append(pairs, p)
	}
	if len(uncertain) > 4 {
		return nil, false
	}
	var full, first []*ast.IndexExpr
	for mask := 0; mask < 1<<len(uncertain); mask++ {
		escapes := make(map[int]bool)
		for b, i := range uncertain {
			escapes[i] = mask&(1<<b) != 0
		}
		var early, late []*ast.IndexExpr
		memWrite := false
		// observed: an assignment before is seen after a panic (by a
		// deferred call, the caller or a closure); a check made at a
		// later assignment cannot go before the statement, which would
		// skip it (x, s[4] = 5, 6 sets x, then panics).
		// A check made already in the statement (s[j] of s[i], s[j] =
		// s[j], s[i]) cannot fail there: every check reads the operands
		// as they were before the statement.
		observed := false
		checked := make(map[string]bool)
		lateAfterObserved := func(ixs []*ast.IndexExpr) bool {
			for _, ix := range ixs {
				k := types.ExprString(ix.X) + "\x00" + types.ExprString(ix.Index)
				if observed && !checked[k] {
					return true
				}
				checked[k] = true
			}
			return false
		}
		assigned := make(map[types.Object]bool)
		for i, p := range pairs {
			affected := memWrite
			for obj := range p.valueUses {
				affected = affected || assigned[obj]
			}
			if affected {
				early = append(early, p.value...)
				for _, ix := range p.value {
					checked[types.ExprString(ix.X)+"\x00"+types.ExprString(ix.Index)] = true
				}
			} else {
				if lateAfterObserved(p.value) {
					return nil, false
				}
				late = append(late, p.value...)
			}
			if lateAfterObserved(p.check) {
				return nil, false
			}
			late = append(late, p.check...)
			switch {
			case p.mem, p.global, escapes[i]:
				memWrite = true
			case p.name != nil:
				assigned[p.name] = true
			}
			if p.mem || p.global || p.name != nil && slices.Contains(uncertain, i) {
				observed = true
			}
		}
		all := append(early, late...)
		order := dedupeChecks(all)
		if mask == 0 {
			full, first = all, order
		} else if !sameChecks(first, order) {
			return nil, false
		}
	}
	return full, true
}

// onStack reports whether the local variable v certainly stays on the
// stack with its address never taken, which makes gc's ascompatee count
// an assignment to it as one that only later reads of it see: a variable
// of a basic type (no method takes its address, no size moves it to the
// heap) whose address no one takes and that no function literal captures
// (a capture by reference may move it).
func (h *hoister) onStack(v *types.Var) bool {
	if _, basic := v.Type().(*types.Basic); !basic || h.file == nil {
		return false
	}
	stays := true
	var lits []*ast.FuncLit // the function literals around the node visited
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if !stays {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, x)
			ast.Inspect(x.Body, visit)
			lits = lits[:len(lits)-1]
			return false
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && h.info.Uses[id] == v {
					stays = false
				}
			}
		case *ast.Ident:
			if h.info.Uses[x] == v && len(lits) > 0 {
				lit := lits[len(lits)-1]
				if v.Pos() < lit.Pos() || v.Pos() >= lit.End() {
					stays = false // captured
				}
			}
		}
		return stays
	}
	ast.Inspect(h.file, visit)
	return stays
}

// deferredResult reports whether v is a named result of a function that
// defers a call: an assignment to it counts as one to memory (a deferred
// call may read it when a later value panics).
func (h *hoister) deferredResult(v *types.Var) bool {
	if h.fn == nil || h.fn.Results == nil {
		return false
	}
	named := false
	for _, field := range h.fn.Results.List {
		for _, n := range field.Names {
			named = named || h.info.Defs[n] == v
		}
	}
	return named && h.defers
}

// assigned returns, for the operand l of a tuple assignment, the variable
// the assignment writes (through fields of values and elements of arrays
// held in it), or reports mem when it writes an element of a slice.
func (h *hoister) assigned(l ast.Expr) (root types.Object, mem, ok bool) {
	for {
		switch x := l.(type) {
		case *ast.ParenExpr:
			l = x.X
		case *ast.SelectorExpr:
			sel := h.info.Selections[x]
			if sel == nil || sel.Kind() != types.FieldVal || sel.Indirect() {
				return nil, false, false
			}
			l = x.X
		case *ast.IndexExpr:
			tv := h.info.Types[x.X]
			switch tv.Type.Underlying().(type) {
			case *types.Array:
				l = x.X
			case *types.Slice:
				return nil, true, pureOperand(x.X) && hoistBound(h.info, x.Index)
			default:
				return nil, false, false // a map: its entry's write may panic
			}
		case *ast.Ident:
			obj := h.info.Uses[x]
			if obj == nil {
				obj = h.info.Defs[x]
			}
			return obj, false, obj != nil
		default:
			return nil, false, false
		}
	}
}

// dedupeChecks drops the checks of an operand and index already checked.
func dedupeChecks(checks []*ast.IndexExpr) []*ast.IndexExpr {
	var out []*ast.IndexExpr
	seen := make(map[string]bool)
	for _, ix := range checks {
		k := types.ExprString(ix.X) + "\x00" + types.ExprString(ix.Index)
		if !seen[k] {
			seen[k] = true
			out = append(out, ix)
		}
	}
	return out
}

// sameChecks reports whether a and b check the same indexes of the same
// operands in the same order.
func sameChecks(a, b []*ast.IndexExpr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if types.ExprString(a[i].X) != types.ExprString(b[i].X) || types.ExprString(a[i].Index) != types.ExprString(b[i].Index) {
			return false
		}
	}
	return true
}

// checkLeaves checks the indexes of each operand of the condition cond
// (split at && and ||, each evaluated whole or not at all) that calls
// nothing and cannot panic but by its indexes, in the condition itself,
// just before the operand: Go's order, evaluated each time the operand
// is (a loop's condition, before every iteration), with a call only on
// the way to a panic:
//
//	j > 0 && xs[j-1] > xs[j]
//	→ j > 0 && ((0 <= j-1 && j-1 < len(xs) && 0 <= j && j < len(xs) || _dsrt.Index(j-1, len(xs))+_dsrt.Index(j, len(xs)) < 0) && xs[j-1] > xs[j])
//
// Operands whose indexes a check before the statement took are left.
func (f *folder) checkLeaves(sf *srcFile, info *types.Info, h *hoister, cond ast.Expr, done map[*ast.IndexExpr]bool) {
	switch x := cond.(type) {
	case *ast.ParenExpr:
		f.checkLeaves(sf, info, h, x.X, done)
		return
	case *ast.BinaryExpr:
		if x.Op == token.LAND || x.Op == token.LOR {
			f.checkLeaves(sf, info, h, x.X, done)
			f.checkLeaves(sf, info, h, x.Y, done)
			return
		}
	}
	checks, ok := h.exprChecks(cond)
	if !ok || len(checks) == 0 || !f.universeAt(cond.Pos(), "len", "int", "uint64") {
		return
	}
	for _, ix := range checks {
		if done[ix] {
			return
		}
	}
	start, end := f.offset(cond.Pos()), f.offset(cond.End())
	for _, e := range sf.edits {
		if e.off < end && e.end > start || e.off == e.end && e.off > start && e.off < end {
			return // edited by an earlier pass
		}
	}
	var oks, calls []string
	seen := make(map[string]bool)
	for _, ix := range checks {
		x, i := f.text(sf, ix.X), f.text(sf, ix.Index)
		if seen[x+"\x00"+i] {
			continue
		}
		seen[x+"\x00"+i] = true
		n := "len(" + x + ")"
		tv := info.Types[ix.Index]
		switch {
		case wideUnsigned(tv.Type):
			oks = append(oks, "uint64("+i+") < uint64("+n+")")
			calls = append(calls, "_dsrt.IndexUint(uint64("+i+"), "+n+")")
			continue
		case tv.Value != nil:
			oks = append(oks, intConversion(tv)+i+closeConversion(tv)+" < "+n)
		default:
			b, _ := tv.Type.Underlying().(*types.Basic)
			if b != nil && b.Info()&types.IsUnsigned != 0 {
				oks = append(oks, "int("+i+") < "+n)
			} else {
				oks = append(oks, "0 <= "+i+" && "+intConversion(tv)+i+closeConversion(tv)+" < "+n)
			}
		}
		calls = append(calls, "_dsrt.Index("+intConversion(tv)+i+closeConversion(tv)+", "+n+")")
	}
	sf.addImport("_dsrt", desugarPath)
	// Each call panics when its index is out of range, the first first;
	// the comparison is never reached.
	sf.edits.insert(start, "(("+strings.Join(oks, " && ")+" || "+strings.Join(calls, "+")+" < 0) && ")
	sf.edits.insertClosing(start, end, ")")
	for _, ix := range checks {
		done[ix] = true
	}
}

// inlineMinMax writes out the statement s, a single-line assignment of a
// min or max call of integers or strings whose operands call nothing and
// cannot panic (but by the indexes checked before it), as statements:
// newBuiltins makes such a call a call of a function literal, about 4 µs
// in yaegi, where the comparisons cost a tenth of it.
//
//	cur[j] = min(a, b, c)
//	→ var _dsm57 int = a; if _dsv := b; _dsv < _dsm57 { _dsm57 = _dsv }; if _dsv := c; _dsv < _dsm57 { _dsm57 = _dsv }; cur[j] = _dsm57
//
// The operands are evaluated in order, as Go does before comparing; the
// element assigned is the call's type, so nothing converts on the way.
func (f *folder) inlineMinMax(sf *srcFile, info *types.Info, s ast.Stmt) bool {
	as, ok := s.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
		return false
	}
	call, ok := as.Rhs[0].(*ast.CallExpr)
	if !ok || call.Ellipsis.IsValid() || len(call.Args) < 2 {
		return false
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "min" && id.Name != "max" {
		return false
	}
	if _, builtin := info.Uses[id].(*types.Builtin); !builtin {
		return false
	}
	tv := info.Types[call]
	b, ok := tv.Type.(*types.Basic)
	if named, isNamed := types.Unalias(tv.Type).(*types.Named); isNamed {
		b, ok = named.Underlying().(*types.Basic)
	}
	// Not floats, whose NaNs and signed zeros min and max treat apart.
	if !ok || tv.Value != nil || b.Info()&(types.IsInteger|types.IsString) == 0 || b.Info()&types.IsUntyped != 0 {
		return false
	}
	lhs := as.Lhs[0]
	if id, ok := lhs.(*ast.Ident); ok && id.Name == "_" {
		return false
	}
	if lt := info.TypeOf(lhs); lt == nil || !types.Identical(lt, tv.Type) {
		return false
	}
	if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok {
		if _, isMap := info.TypeOf(ix.X).Underlying().(*types.Map); isMap {
			return false
		}
	}
	if f.position(s.Pos()).Line != f.position(s.End()).Line {
		return false // the statements it becomes keep to its line
	}
	name, ok := f.typeNameAt(sf, tv.Type, s.Pos())
	if !ok {
		return false
	}
	m := "_dsm" + strconv.Itoa(f.offset(s.Pos()))
	better := " < "
	if id.Name == "max" {
		better = " > "
	}
	arg := func(e ast.Expr) string {
		if info.Types[e].Value != nil {
			return name + "(" + f.text(sf, e) + ")" // of the call's type, not the constant's default
		}
		return f.text(sf, e)
	}
	var text strings.Builder
	text.WriteString("var " + m + " " + name + " = " + f.text(sf, call.Args[0]) + "; ")
	for _, a := range call.Args[1:] {
		text.WriteString("if _dsv := " + arg(a) + "; _dsv" + better + m + " { " + m + " = _dsv }; ")
	}
	text.WriteString(f.text(sf, lhs) + " " + as.Tok.String() + " " + m + f.lineDirective(s.End()))
	sf.edits = append(sf.edits, edit{off: f.offset(s.Pos()), end: f.offset(s.End()), text: text.String()})
	return true
}
