package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// pointerTupleConstruct is the assignment pointerTupleAssigns cannot
// order.
const pointerTupleConstruct = "an assignment of several values through a pointer or an index the rewrite cannot order (the interpreter checks the destination before it assigns the ones before it)"

// pointerTupleAssigns is the pass for an assignment of several values
// whose destinations after the first include one that may panic: a field
// reached through a pointer (y, q.a, x = 7, 4, 9), an element of a slice
// or of an array through a pointer, an element of an array at an index
// that is not constant. Go evaluates the values, then assigns left to
// right, so with q nil it assigns y, then panics with a nil pointer
// dereference (with s too short, x, s[i] = 1, 2 assigns x, then panics
// with the index out of range); yaegi checked the destination before it
// assigned anything (an index before it evaluated the values), and a
// recover saw y unchanged. The values are read into variables of the
// destinations' types first (a constant stays in its assignment), then
// assigned one by one, on the statement's line:
//
//	y, q.a = f(), 4  →  var _dspt57_0 int = f(); y = _dspt57_0; q.a = 4
//
// as the compiler orders them (walk/order.go, walk/assign.go's
// ascompatee): the calls among the destinations' operands (an index, the
// pointer of a field) first, then the values; an operand an earlier
// destination may change (q, q.a = nil, 3: the old q's field) is read
// after the values, before the assignments, as is every operand after a
// named result of a function that defers a call (ascompatee's
// deferResultWrite: x, p.s[i] = 1, 2 with p nil panics before it
// assigns x); other operands are read as each destination is assigned,
// as the compiler reads them:
//
//	x, s[f()] = g(), 2  →  _dspt57_o1 := f(); var _dspt57_0 int = g(); x = _dspt57_0; s[_dspt57_o1] = 2
//	q, q.a = nil, 3     →  _dspt57_o1 := q; q = nil; _dspt57_o1.a = 3
//
// The two values of a comma-ok form (a map's entry, a type assertion, a
// receive) are read as a call's results are, into variables, then
// assigned (walk/order.go's as2ok): x, q.ok = m[k] with q nil assigns x,
// then panics; yaegi panicked first. The second, an untyped boolean, is
// converted to its destination's defined type (q.ok of type Flag):
//
//	x, q.ok = m[k]  →  _dspt57_0, _dspt57_1 := m[k]; x = _dspt57_0; q.ok = Flag(_dspt57_1)
//
// A destination also read as a value, with the same operands (the swap
// s[i], s[j] = s[j], s[i]), cannot panic as it is assigned: it was
// checked as the value was read. A destination that is a map's entry
// (which yaegi assigns in order) or a pointer's dereference is ordered
// with the others. An operand calling a function that is not the call
// itself (s[f()+1]), one to read early through implicit pointers of
// embedded fields, a call handed another's results whole (nestedCalls'),
// or a value of a type the file cannot spell but its own, runs the route
// compiled.
func pointerTupleAssigns(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		stmts := f.candidateStmts(sf, func(s ast.Stmt) bool {
			as, ok := s.(*ast.AssignStmt)
			return ok && as.Tok == token.ASSIGN && len(as.Lhs) > 1 && (len(as.Lhs) == len(as.Rhs) || len(as.Rhs) == 1)
		})
		if len(stmts) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, diags
		}
		funcs := funcBodies(sf.syntax)
		for _, s := range stmts {
			as := s.(*ast.AssignStmt)
			if len(as.Rhs) == 1 && !callResults(info, as.Rhs[0]) && !isCommaOkValue(info, as.Rhs[0]) {
				continue
			}
			if !laterMayPanic(f, sf, info, as) && !slices.ContainsFunc(as.Lhs, func(l ast.Expr) bool { return unhashableEntry(info, l) != nil }) {
				continue
			}
			var shared map[*types.Var]bool
			for _, body := range funcs {
				if as.Pos() >= body.Pos() && as.End() <= body.End() {
					shared = sharedVars(info, body)
				}
			}
			p := &ptrTupler{f: f, sf: sf, info: info, t: &tupler{f: f, sf: sf, info: info}, shared: shared, id: "_dspt" + strconv.Itoa(f.offset(as.Pos()))}
			if !p.rewrite(as) {
				diags = append(diags, f.refusal(as.Pos(), pointerTupleConstruct)...)
				continue
			}
			changed = changed || !p.unchanged
		}
	}
	return changed, diags
}

// How a value of the statement is read (walk/assign.go's ascompatee): a
// value calling a function first, with the calls; one an earlier
// destination may change, before the assignments; others, as its
// destination is assigned (a division's or an assertion's panic comes
// after the destinations before it).
const (
	valueLate = iota
	valueCall
	valueEarly
)

// ptrTupler rewrites one statement for pointerTupleAssigns.
type ptrTupler struct {
	f      *folder
	sf     *srcFile
	info   *types.Info
	t      *tupler // for affected
	shared map[*types.Var]bool
	id     string

	n int // operands read apart so far
	// assigned and memWrite are what the destinations so far may have
	// changed (see tupler.affected).
	assigned    map[*types.Var]bool
	memWrite    bool
	allAffected bool // after a result of a function that defers calls
	unchanged   bool // rewrite left the statement as it is
}

// rewrite records the edits of as (see pointerTupleAssigns), or reports
// false when it cannot.
func (p *ptrTupler) rewrite(as *ast.AssignStmt) bool {
	if p.sf.replaced(p.f, as) {
		return false
	}
	p.assigned = make(map[*types.Var]bool)
	results := deferredResults(p.info, p.sf.syntax, as)
	// A call handed another's results whole (f(g())) is nestedCalls',
	// which edits it after this pass.
	nested := false
	ast.Inspect(as, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 1 {
			if _, isTuple := p.info.TypeOf(call.Args[0]).(*types.Tuple); isTuple {
				nested = true
			}
		}
		return !nested
	})
	if nested {
		return false
	}
	// Check and plan everything before editing: what each value is
	// (see valueKind), which operands are read apart, when.
	type operand struct {
		e     ast.Expr
		call  bool
		value int // the value's index, -1 for a destination's operand
	}
	var ops []operand
	kinds := make([]int, len(as.Lhs))
	for i, l := range as.Lhs {
		saved, ok := p.operands(l)
		if !ok {
			return false
		}
		for _, e := range saved {
			switch {
			case p.info.Types[e].Value != nil:
			case p.callsFunc(e):
				if !p.isCall(e) {
					return false
				}
				ops = append(ops, operand{e, true, -1})
			case p.allAffected || p.t.affected(e, p.assigned, p.memWrite, p.shared):
				ops = append(ops, operand{e, false, -1})
			}
		}
		if len(as.Rhs) == 1 {
			kinds[i] = valueCall // a result of the call
			goto assigned
		}
		switch r, tv := as.Rhs[i], p.info.Types[as.Rhs[i]]; {
		case tv.Value != nil || tv.IsNil():
			kinds[i] = valueLate
		case p.callsFunc(r) || p.copiedAssertion(r):
			kinds[i] = valueCall
		case p.allAffected:
			kinds[i] = valueEarly
			ops = append(ops, operand{r, false, i})
		case latePanic(p.info, r) && p.memWrite && p.readsShared(r):
			// The compiler reads it after the destinations before it
			// unless it reads memory they may change, which depends on
			// how a closure captures the variable; but a package's
			// variable, and in a function literal a variable it
			// captures, are memory however captured (ascompatee's
			// readsMemory: PEXTERN, PAUTOHEAP): read before.
			if !p.readsMemory(r, as) {
				return false
			}
			kinds[i] = valueEarly
			ops = append(ops, operand{r, false, i})
		case p.t.affected(r, p.assigned, p.memWrite && !latePanic(p.info, r), p.shared):
			kinds[i] = valueEarly
			ops = append(ops, operand{r, false, i})
		default:
			kinds[i] = valueLate
		}
	assigned:
		if isBlankIdent(l) {
			continue
		}
		if id, ok := ast.Unparen(l).(*ast.Ident); ok && results[p.info.Uses[id]] {
			// A result a deferred call may read: the compiler reads
			// every operand after it early (ascompatee's
			// deferResultWrite).
			p.allAffected = true
		}
		if v := rootVar(p.info, l); v != nil && !p.shared[v] && !isPackageVar(v) {
			p.assigned[v] = true
		} else {
			p.memWrite = true
		}
	}
	// How each value read apart is declared: "var v T = ", or "v := " for
	// a typed value of a type the file cannot spell.
	declares := make([]string, len(as.Lhs))
	for i, l := range as.Lhs {
		if kinds[i] == valueLate || len(as.Rhs) == 1 {
			continue
		}
		v := p.id + "_" + strconv.Itoa(i)
		tv := p.info.Types[as.Rhs[i]]
		t := p.info.TypeOf(l)
		if isBlankIdent(l) {
			t = tv.Type
			if t != nil {
				t = types.Default(t)
			}
		}
		if t == nil {
			return false
		}
		if name, ok := p.f.typeName(p.sf, t); ok {
			declares[i] = "var " + v + " " + name + " = "
			continue
		}
		if tv.Type == nil || isUntyped(tv.Type) || !types.Identical(tv.Type, t) && !types.IsInterface(t) {
			return false
		}
		declares[i] = v + " := "
	}
	// A map's entry whose key may not hash is checked as it is assigned
	// (see mapKeyStores, which leaves statements of several destinations
	// to this pass): its map and key are read again, as the assignment
	// reads them, or from the variables they are read apart into; read
	// again, they must not call or receive (else the entry is left
	// unchecked, as before, and a statement rewritten for it alone is
	// left as it is).
	saved := make(map[ast.Expr]bool)
	for _, op := range ops {
		if op.value < 0 {
			saved[op.e] = true
		}
	}
	rereadable := func(e ast.Expr) bool { return saved[e] || simpleOperands(e, map[string]bool{}) }
	checked := make([]*ast.IndexExpr, len(as.Lhs))
	for i, l := range as.Lhs {
		if ix := unhashableEntry(p.info, l); ix != nil && rereadable(ix.X) && rereadable(ix.Index) {
			checked[i] = ix
		}
	}
	if !laterMayPanic(p.f, p.sf, p.info, as) && !slices.ContainsFunc(checked, func(ix *ast.IndexExpr) bool { return ix != nil }) {
		p.unchanged = true // nothing to do after all
		return true
	}
	// The second value of a comma-ok form is an untyped boolean: one
	// read into a variable is a bool, converted to a destination of a
	// defined boolean type.
	okConv := ""
	if len(as.Rhs) == 1 && isCommaOkValue(p.info, as.Rhs[0]) && !isBlankIdent(as.Lhs[1]) {
		t := p.info.TypeOf(as.Lhs[1])
		if t == nil {
			return false
		}
		if !types.Identical(t, types.Typ[types.Bool]) && !types.IsInterface(t) {
			name, ok := p.f.typeName(p.sf, t)
			if !ok {
				return false
			}
			okConv = name
		}
	}
	// What other passes put before the statement (panicLines' line)
	// stays before it.
	start := p.f.offset(as.Pos())
	var before string
	kept := p.sf.edits[:0]
	for _, e := range p.sf.edits {
		if e.off == start && e.end == start && e.wraps == 0 && e.closes == 0 && e.opened == 0 {
			before += e.text
			continue
		}
		kept = append(kept, e)
	}
	p.sf.edits = kept
	// Operands and values read apart, in the compiler's order: the
	// destinations' calls, the values' calls, then the rest in the order
	// of the destinations.
	var calls, valueCalls, early []string
	renamed := make(map[string]string) // operands' texts (as boundsChecks wrote them in its checks) → their variables
	for _, op := range ops {
		if op.value >= 0 {
			early = append(early, declares[op.value]+p.sf.take(p.f, op.e)+"; ")
			continue
		}
		p.n++
		name := p.id + "_o" + strconv.Itoa(p.n)
		renamed[p.f.text(p.sf, op.e)] = name
		text := name + " := " + p.takeInner(op.e) + "; "
		if op.call {
			calls = append(calls, text)
		} else {
			early = append(early, text)
		}
		p.sf.edits = append(p.sf.edits, edit{off: p.f.offset(op.e.Pos()), end: p.f.offset(op.e.End()), text: name})
	}
	if len(as.Rhs) == 1 {
		// The results, of their own types.
		names := make([]string, len(as.Lhs))
		for i := range names {
			names[i] = p.id + "_" + strconv.Itoa(i)
		}
		valueCalls = append(valueCalls, strings.Join(names, ", ")+" := "+p.sf.take(p.f, as.Rhs[0])+"; ")
	}
	for i, r := range as.Rhs {
		if kinds[i] == valueCall && len(as.Rhs) > 1 {
			valueCalls = append(valueCalls, declares[i]+p.sf.take(p.f, r)+"; ")
		}
	}
	// A destination's bounds check reads the length of the operand read
	// apart: of its variable.
	for i, e := range p.sf.edits {
		if e.off != e.end || e.off < start || e.off > p.f.offset(as.Lhs[len(as.Lhs)-1].End()) {
			continue
		}
		for from, to := range renamed {
			e.text = strings.ReplaceAll(e.text, "len("+from+")", "len("+to+")")
		}
		p.sf.edits[i] = e
	}
	var assigns []string
	for i := range as.Lhs {
		v := p.id + "_" + strconv.Itoa(i)
		if kinds[i] == valueLate {
			v = p.sf.take(p.f, as.Rhs[i])
		}
		if i == 1 && okConv != "" {
			v = okConv + "(" + v + ")"
		}
		check := ""
		if ix := checked[i]; ix != nil {
			read := func(e ast.Expr) string {
				if name, ok := renamed[p.f.text(p.sf, e)]; ok {
					return name
				}
				return p.f.text(p.sf, e)
			}
			check = "_dsrt.MapKey(" + read(ix.X) + ", " + read(ix.Index) + "); "
			p.sf.addImport("_dsrt", desugarPath)
		}
		assigns = append(assigns, check+p.sf.take(p.f, as.Lhs[i])+" = "+v)
	}
	text := before + strings.Join(calls, "") + strings.Join(valueCalls, "") + strings.Join(early, "") + strings.Join(assigns, "; ") + newlines(p.sf, p.f, as)
	p.sf.edits = append(p.sf.edits, edit{off: p.f.offset(as.Pos()), end: p.f.offset(as.End()), text: text})
	p.f.desugared[as] = true
	return true
}

// operands returns the operands of destination l that the compiler
// reads apart from the assignment (walk/assign.go's ascompatee): through
// fields of structs and elements of arrays, to the index of each such
// element, and the operands of an element of a slice or a map, of a
// pointer's dereference, of a field through a pointer. It reports false
// for a destination it does not know, or a field through implicit
// pointers of embedded fields whose pointer it would need to read apart.
func (p *ptrTupler) operands(l ast.Expr) ([]ast.Expr, bool) {
	var out []ast.Expr
	for {
		switch x := ast.Unparen(l).(type) {
		case *ast.Ident:
			return out, true
		case *ast.StarExpr:
			return append(out, x.X), true
		case *ast.IndexExpr:
			t := p.info.TypeOf(x.X)
			if t == nil {
				return nil, false
			}
			switch t.Underlying().(type) {
			case *types.Array:
				out = append(out, x.Index)
				l = x.X
				continue
			case *types.Slice, *types.Map, *types.Pointer:
				return append(out, x.X, x.Index), true
			}
			return nil, false
		case *ast.SelectorExpr:
			s := p.info.Selections[x]
			if s == nil {
				return out, true // a package's variable
			}
			if s.Kind() != types.FieldVal {
				return nil, false
			}
			if !s.Indirect() {
				l = x.X
				continue
			}
			if len(s.Index()) > 1 {
				// Through embedded fields, one of them a pointer: their
				// operand is not written out.
				if p.callsFunc(x.X) || p.t.affected(x.X, p.assigned, p.memWrite, p.shared) {
					return nil, false
				}
				return out, true
			}
			return append(out, x.X), true
		default:
			return nil, false
		}
	}
}

// callResults reports whether e is a call of a function (not a
// conversion), whose results a statement of several destinations assigns.
func callResults(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	tv, ok := info.Types[call.Fun]
	return ok && !tv.IsType()
}

// unhashableEntry returns destination l when it is a map's entry whose
// key may hold a value of a type that cannot be hashed (see
// mapKeyStores), nil otherwise.
func unhashableEntry(info *types.Info, l ast.Expr) *ast.IndexExpr {
	ix, ok := ast.Unparen(l).(*ast.IndexExpr)
	if !ok {
		return nil
	}
	m, ok := underlying(info.TypeOf(ix.X)).(*types.Map)
	if !ok || !mayBeUnhashable(m.Key(), 0) || !mayBeUnhashable(info.TypeOf(ix.Index), 0) {
		return nil
	}
	return ix
}

// isCommaOkValue reports whether e, the one value of an assignment to
// two destinations, is a comma-ok form: a map's entry, a type assertion
// or a receive.
func isCommaOkValue(info *types.Info, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.TypeAssertExpr:
		return x.Type != nil
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	case *ast.IndexExpr:
		t := info.TypeOf(x.X)
		if t == nil {
			return false
		}
		_, isMap := t.Underlying().(*types.Map)
		return isMap
	}
	return false
}

// isCall reports whether e is a call of a function (not a conversion,
// not a builtin), whose result the compiler reads first.
func (p *ptrTupler) isCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	tv, ok := p.info.Types[call.Fun]
	return ok && !tv.IsType() && !tv.IsBuiltin()
}

// laterMayPanic reports whether a destination of as after the first
// may panic as it is assigned (see pointerTupleAssigns). One written as
// a value of the statement too (the swap s[i], s[j] = s[j], s[i]) was
// checked as the value was read, before any assignment, when its
// operands are names no destination before it assigns.
func laterMayPanic(f *folder, sf *srcFile, info *types.Info, as *ast.AssignStmt) bool {
	values := make(map[string]bool)
	for _, r := range as.Rhs {
		values[f.text(sf, ast.Unparen(r))] = true
	}
	names := make(map[string]bool) // assigned so far
	for i, l := range as.Lhs {
		if i > 0 && destMayPanic(info, l) && !(values[f.text(sf, ast.Unparen(l))] && simpleOperands(l, names)) {
			return true
		}
		if id, ok := ast.Unparen(l).(*ast.Ident); ok {
			names[id.Name] = true
		}
	}
	return false
}

// simpleOperands reports whether e reads only names not in assigned,
// fields, constants and elements at such indexes, with arithmetic that
// cannot panic: read twice, it reads the same.
func simpleOperands(e ast.Expr, assigned map[string]bool) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return !assigned[x.Name]
	case *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return simpleOperands(x.X, assigned)
	case *ast.IndexExpr:
		return simpleOperands(x.X, assigned) && simpleOperands(x.Index, assigned)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.AND, token.OR, token.XOR:
			return simpleOperands(x.X, assigned) && simpleOperands(x.Y, assigned)
		}
	}
	return false
}

// destMayPanic reports whether assigning destination l may panic: a
// field through a pointer, an element of a slice, of an array through a
// pointer, of an array at an index that is not constant, or a part of
// one.
func destMayPanic(info *types.Info, l ast.Expr) bool {
	switch x := ast.Unparen(l).(type) {
	case *ast.SelectorExpr:
		s := info.Selections[x]
		if s == nil || s.Kind() != types.FieldVal {
			return false
		}
		return s.Indirect() || destMayPanic(info, x.X)
	case *ast.IndexExpr:
		t := info.TypeOf(x.X)
		if t == nil {
			return false
		}
		switch t.Underlying().(type) {
		case *types.Slice, *types.Pointer:
			return true
		case *types.Array:
			return info.Types[x.Index].Value == nil || destMayPanic(info, x.X)
		}
	}
	return false
}

// takeInner takes the text of operand e as take does, but leaves the
// insertions at its start and end (the bounds check boundsChecks puts
// around an index) around the variable that replaces it: they act where
// the operand is used, as the destination is assigned.
func (p *ptrTupler) takeInner(e ast.Expr) string {
	start, end := p.f.offset(e.Pos()), p.f.offset(e.End())
	var around, rest edits
	for _, x := range p.sf.edits {
		if x.off == x.end && (x.off == start || x.off == end) {
			around = append(around, x)
		} else {
			rest = append(rest, x)
		}
	}
	p.sf.edits = rest
	text := p.sf.take(p.f, e)
	p.sf.edits = append(p.sf.edits, around...)
	return text
}

// deferredResults returns the named results of the function holding s
// (its innermost function declaration or literal) when its body defers a
// call: a deferred call may read them after a panic.
func deferredResults(info *types.Info, file *ast.File, s ast.Stmt) map[types.Object]bool {
	var typ *ast.FuncType
	var body *ast.BlockStmt
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil || n.Pos() > s.Pos() || n.End() < s.End() {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncDecl:
			typ, body = x.Type, x.Body
		case *ast.FuncLit:
			typ, body = x.Type, x.Body
		}
		return true
	})
	if typ == nil || typ.Results == nil || body == nil {
		return nil
	}
	if !defersCall(body) {
		return nil
	}
	out := make(map[types.Object]bool)
	for _, field := range typ.Results.List {
		for _, name := range field.Names {
			if obj := info.Defs[name]; obj != nil {
				out[obj] = true
			}
		}
	}
	return out
}

// copiedAssertion reports whether e holds a type assertion to a type
// that is not a pointer, which the compiler evaluates first, as it does a
// call (walk/order.go copies it).
func (p *ptrTupler) copiedAssertion(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if ta, ok := n.(*ast.TypeAssertExpr); ok && ta.Type != nil {
			if t := p.info.TypeOf(ta.Type); t == nil || !isPointer(t) {
				found = true
			}
		}
		return !found
	})
	return found
}

// latePanic reports whether e may panic without reading memory (a
// division or a shift by a variable, an assertion to a pointer type):
// the compiler evaluates it as its destination is assigned, after the
// destinations before it, unless they may change what it reads.
func latePanic(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			switch x.Op {
			case token.QUO, token.REM, token.SHL, token.SHR:
				found = info.Types[x.Y].Value == nil
			}
		case *ast.TypeAssertExpr:
			found = x.Type != nil
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// readsMemory reports whether e reads a package's variable, or a variable
// the innermost function literal holding s captures: memory to the
// compiler whatever else e reads.
func (p *ptrTupler) readsMemory(e ast.Expr, s ast.Stmt) bool {
	var fn ast.Node // the innermost function holding s
	ast.Inspect(p.sf.syntax, func(n ast.Node) bool {
		if n == nil || n.Pos() > s.Pos() || n.End() < s.End() {
			return false
		}
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fn = n
		}
		return true
	})
	_, inLit := fn.(*ast.FuncLit)
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := p.info.Uses[id].(*types.Var); ok && !v.IsField() {
				captured := inLit && (v.Pos() < fn.Pos() || v.Pos() >= fn.End())
				found = isPackageVar(v) || captured
			}
		}
		return !found
	})
	return found
}

// readsShared reports whether e reads a variable a function literal
// uses or whose address is taken, or a package's variable.
func (p *ptrTupler) readsShared(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := p.info.Uses[id].(*types.Var); ok && !v.IsField() && (p.shared[v] || isPackageVar(v)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// callsFunc reports whether e calls a function (not a conversion, not a
// builtin).
func (p *ptrTupler) callsFunc(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if tv, ok := p.info.Types[call.Fun]; !ok || !tv.IsType() && !tv.IsBuiltin() {
				found = true
			}
		}
		return !found
	})
	return found
}
