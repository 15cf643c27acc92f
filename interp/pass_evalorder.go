package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// evalOrder is the pass for the order in which a statement reads its
// operands beside calls. The spec leaves it open; the compiler (its order
// pass) evaluates the calls of a statement first, in order, each into a
// temporary, with the few other operations it copies in order (len, cap,
// append, slices, receives, type assertions, && and ||, a bool or a
// struct made and put in an interface), and reads every other operand
// (variables, fields, elements, arithmetic on them) afterwards, as the
// statement runs. The interpreter goes left to right, so
//
//	fmt.Println(n+1, inc())
//
// printed inc's value plus one before it, where a build prints n's new
// value plus one. A statement where an operand that a later call may
// change is read before that call (an operand of its own, not the
// variable alone, which the interpreter reads late too) gets those
// copies made before it, on its line, in the compiler's order:
//
//	_deo312_1 := /*line :9:20*/inc(); /*line :9:2*/fmt.Println(n+1, _deo312_1)
//
// An operand may be changed by a call when it reads a package variable, a
// local variable a function literal uses or whose address is taken, a
// field or an element through a pointer, a slice or a map. A statement the
// copies cannot go before (the condition of a loop, a case, an else if, a
// deferred call's or a go statement's operands, a && operand calling
// another way) runs compiled. Statements that read nothing a call may
// change are left as written.
func evalOrder(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	var written map[types.Object]bool
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || isGenericDecl(fd) || !mayReorder(fd.Body) && !f.boxesIn(fd.Body) {
				continue
			}
			info := f.typeInfo()
			if info == nil {
				return changed, diags
			}
			o := &orderer{f: f, sf: sf, info: info, shared: sharedVars(info, fd.Body), written: &written}
			o.block(fd.Body)
			changed = changed || o.changed
			if f.detect && f.own {
				diags = append(diags, o.diags...)
			}
		}
	}
	return changed, diags
}

// reorderConstruct names what runs compiled when the rewrite cannot
// reorder a statement.
const reorderConstruct = "an operand read beside a call that may change it, where the calls cannot be evaluated first"

// mayReorder reports whether body has a statement with a call beside an
// operand that is not a plain name: the syntax-only test that spares the
// type check.
func mayReorder(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n.(type) {
		case *ast.BinaryExpr, *ast.IndexExpr, *ast.StarExpr, *ast.UnaryExpr, *ast.SelectorExpr:
			found = true
		}
		return true
	})
	if !found {
		return false
	}
	calls := false
	ast.Inspect(body, func(n ast.Node) bool {
		_, isCall := n.(*ast.CallExpr)
		calls = calls || isCall
		return !calls
	})
	return calls
}

// boxesIn reports whether ifaceCopies boxed a variable in body: a name it
// reads through a call.
func (f *folder) boxesIn(body *ast.BlockStmt) bool {
	for e := range f.boxed {
		if e.Pos() >= body.Pos() && e.End() <= body.End() {
			return true
		}
	}
	return false
}

// sharedVars returns the local variables of body a call may change: those
// a function literal uses, and those whose address is taken (explicitly,
// or by a pointer method called on them).
func sharedVars(info *types.Info, body *ast.BlockStmt) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	var lits []*ast.FuncLit
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, x)
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				if v := rootVar(info, x.X); v != nil {
					out[v] = true
				}
			}
		case *ast.SelectorExpr:
			if s := info.Selections[x]; s != nil && s.Kind() == types.MethodVal && ptrMethod(s) && !s.Indirect() {
				if t := info.TypeOf(x.X); t == nil || isPointer(t) {
					return true // called on a pointer: no address taken
				}
				if v := rootVar(info, x.X); v != nil {
					out[v] = true
				}
			}
		case *ast.SliceExpr:
			if t := info.TypeOf(x.X); t != nil {
				if _, isArray := t.Underlying().(*types.Array); isArray {
					if v := rootVar(info, x.X); v != nil {
						out[v] = true
					}
				}
			}
		}
		return true
	})
	for _, lit := range lits {
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() && (v.Pos() < lit.Pos() || v.Pos() > lit.End()) {
					out[v] = true
				}
			}
			return true
		})
	}
	return out
}

// rootVar returns the variable whose storage e, a selector, index or
// parenthesised name, is part of (not through a pointer), or nil.
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.Uses[x].(*types.Var)
			return v
		case *ast.SelectorExpr:
			s := info.Selections[x]
			if s == nil || s.Indirect() {
				return nil
			}
			if t := info.TypeOf(x.X); t == nil || isPointer(t) {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			t := info.TypeOf(x.X)
			if t == nil {
				return nil
			}
			if _, isArray := t.Underlying().(*types.Array); !isArray {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// orderer rewrites the statements of one function declaration.
type orderer struct {
	f      *folder
	sf     *srcFile
	info   *types.Info
	shared map[*types.Var]bool
	// written are the fields the package assigns (see writesField),
	// found once for the package.
	written *map[types.Object]bool

	changed bool
	diags   []diagnostic
}

// block visits the statements of a list and, inside them, every nested
// list (function literals' bodies included).
func (o *orderer) block(n ast.Node) {
	inspectStmtLists(n, func(list []ast.Stmt) {
		for _, s := range list {
			o.stmt(s)
		}
	})
}

// inspectStmtLists calls visit with each list of statements in n (a
// block's, a case clause's, a select clause's), outermost first, function
// literals' bodies included.
func inspectStmtLists(n ast.Node, visit func([]ast.Stmt)) {
	ast.Inspect(n, func(c ast.Node) bool {
		switch x := c.(type) {
		case *ast.BlockStmt:
			visit(x.List)
		case *ast.CaseClause:
			visit(x.Body)
		case *ast.CommClause:
			visit(x.Body)
		}
		return true
	})
}

// candidateStmts returns the statements of sf's statement lists that
// match says a pass may rewrite, leaving out those a pass has desugared.
// Passes look at the syntax first because most packages have none of
// what they rewrite, and then need no type check.
func (f *folder) candidateStmts(sf *srcFile, match func(ast.Stmt) bool) []ast.Stmt {
	var stmts []ast.Stmt
	inspectStmtLists(sf.syntax, func(list []ast.Stmt) {
		for _, s := range list {
			if !f.desugared[s] && match(s) {
				stmts = append(stmts, s)
			}
		}
	})
	return stmts
}

// stmt rewrites s, a statement of a list, when it needs its calls first,
// or reports that it cannot.
func (o *orderer) stmt(s ast.Stmt) {
	if o.f.desugared[s] {
		return
	}
	switch x := s.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.ReturnStmt, *ast.SendStmt, *ast.IncDecStmt, *ast.DeclStmt:
		u := o.scan(s)
		if u == nil || !u.triggered() {
			return
		}
		if o.hoist(s, u) {
			return
		}
		if as, ok := s.(*ast.AssignStmt); ok && o.resultTemps(as) {
			return
		}
		o.refuse(s.Pos())
	case *ast.IfStmt:
		switch {
		case x.Init == nil:
			o.header(s, x.Cond)
		case o.initTemps(x.Init):
			o.refuseIf(x.Cond)
		default:
			o.refuseIf(x.Init, x.Cond)
		}
		o.elseIfs(x.Else)
	case *ast.SwitchStmt:
		switch {
		case x.Init == nil && x.Tag != nil:
			o.header(s, x.Tag)
		case x.Init != nil && o.initTemps(x.Init):
			o.refuseIf(x.Tag)
		default:
			o.refuseIf(x.Init, x.Tag)
		}
		o.cases(x.Body)
	case *ast.TypeSwitchStmt:
		o.refuseIf(x.Init, x.Assign)
	case *ast.ForStmt:
		o.refuseIf(x.Init, x.Cond, x.Post)
	case *ast.RangeStmt:
		o.header(s, x.X)
	case *ast.DeferStmt:
		o.refuseIf(&ast.ExprStmt{X: x.Call})
	case *ast.GoStmt:
		o.refuseIf(&ast.ExprStmt{X: x.Call})
	case *ast.LabeledStmt:
		// Nothing goes between a label and its statement (a labelled
		// loop's continue would lose it): a header needing its calls
		// first is refused.
		switch y := x.Stmt.(type) {
		case *ast.IfStmt:
			o.refuseIf(y.Init, y.Cond)
			o.elseIfs(y.Else)
		case *ast.SwitchStmt:
			o.refuseIf(y.Init, y.Tag)
			o.cases(y.Body)
		case *ast.RangeStmt:
			o.refuseIf(y.X)
		case *ast.ForStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.DeferStmt, *ast.GoStmt:
			o.stmt(y) // refused, never hoisted
		case *ast.LabeledStmt, *ast.BlockStmt:
		default:
			o.refuseIf(y)
		}
	case *ast.SelectStmt:
		for _, c := range x.Body.List {
			if cc, ok := c.(*ast.CommClause); ok && cc.Comm != nil {
				o.refuseIf(cc.Comm)
			}
		}
	}
}

// resultTemps reports whether as, a statement of a list whose variables
// are read before a call that may change them, assigns the results of
// one call to variables (elements, fields) that multiValues' mapEntryResults
// can assign from temporaries after the call, which is the compiler's
// order: s[i], err = strconv.Atoi(r.FormValue("n")). It marks the
// statement for it.
func (o *orderer) resultTemps(as *ast.AssignStmt) bool {
	if as.Tok != token.ASSIGN || len(as.Rhs) != 1 || len(as.Lhs) < 2 || !simpleTargets(as.Lhs) {
		return false
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || o.isConversion(call) {
		return false
	}
	if _, tuple := o.info.TypeOf(call).(*types.Tuple); !tuple {
		return false
	}
	// Without its variables, nothing is read before a call.
	u := &orderUnit{}
	sc := orderScan{o: o, u: u, scope: as.Pos(), end: as.End()}
	sc.expr(call, nil)
	if sc.unknown || u.triggered() {
		return false
	}
	o.f.resultTemps[as] = true
	return true
}

// initTemps reports whether init, the init statement of an if or a
// switch statement, reads its variables before a call that may change
// them and is an assignment mapEntryResults assigns from temporaries
// instead, in a block around the statement (see resultTemps).
func (o *orderer) initTemps(init ast.Stmt) bool {
	as, ok := init.(*ast.AssignStmt)
	if !ok {
		return false
	}
	u := o.scan(as)
	return u != nil && u.triggered() && o.resultTemps(as)
}

// header rewrites a statement whose header expression e is evaluated
// once, first: its calls go before the statement.
func (o *orderer) header(s ast.Stmt, e ast.Expr) {
	u := o.scanExpr(e)
	if u == nil || !u.triggered() {
		return
	}
	if !o.hoist(s, u) {
		o.refuse(e.Pos())
	}
}

// elseIfs refuses the conditions of the else ifs of a chain that need
// their calls first: nothing can go before them.
func (o *orderer) elseIfs(s ast.Stmt) {
	for s != nil {
		is, ok := s.(*ast.IfStmt)
		if !ok {
			return
		}
		o.refuseIf(is.Init, is.Cond)
		s = is.Else
	}
}

// cases refuses the case expressions of a switch that need their calls
// first.
func (o *orderer) cases(body *ast.BlockStmt) {
	for _, c := range body.List {
		if cc, ok := c.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				o.refuseIf(e)
			}
		}
	}
}

// refuseIf reports each of nodes (statements or expressions, nil ones
// skipped) that needs its calls first.
func (o *orderer) refuseIf(nodes ...ast.Node) {
	for _, n := range nodes {
		var u *orderUnit
		switch x := n.(type) {
		case ast.Stmt:
			if isNil(x) {
				continue
			}
			u = o.scan(x)
		case ast.Expr:
			if isNil(x) {
				continue
			}
			u = o.scanExpr(x)
		default:
			continue // nil
		}
		if u != nil && u.triggered() {
			o.refuse(n.Pos())
		}
	}
}

// isNil reports whether n, an optional part of a statement, is absent
// (a nil pointer in the interface).
func isNil(n ast.Node) bool {
	v := reflect.ValueOf(n)
	return !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil()
}

func (o *orderer) refuse(pos token.Pos) {
	o.diags = append(o.diags, diagnostic{pos: pos, msg: reorderConstruct + DiffersMarker, refuse: true})
}

// An orderUnit is what scanning one statement found.
type orderUnit struct {
	// eager are the operations the compiler evaluates in order, each into
	// a temporary, in the order it does (inner ones first).
	eager []ast.Expr
	// reads are the operands the compiler reads after the calls of their
	// scope, which a call may change, and calls the calls that may change
	// them.
	reads []scoped
	calls []scoped
	// parts are the parts of the && and || operations and of the map
	// literals among eager, which the compiler evaluates one after the
	// other (the right operand of a && only as the left one says): the
	// operations inside them cannot be evaluated first.
	parts []*orderUnit
	// bad is set when the statement holds something the rewrite cannot
	// copy (a literal without its type among the operations to copy).
	bad bool
}

// scoped is an expression and the operation it is read for: reads before
// a call count only inside the same operation.
type scoped struct {
	e          ast.Expr
	scope, end token.Pos
}

// triggered reports whether a read precedes a call of its scope that may
// change it.
func (u *orderUnit) triggered() bool {
	for _, r := range u.reads {
		for _, c := range u.calls {
			if r.e.End() <= c.e.Pos() && c.e.Pos() >= r.scope && c.e.End() <= r.end {
				return true
			}
		}
	}
	for _, l := range u.parts {
		if l.triggered() {
			return true
		}
	}
	return false
}

// scanExpr finds the operations, reads and calls of e, a header's
// expression, or returns nil when its types are not known.
func (o *orderer) scanExpr(e ast.Expr) *orderUnit {
	u := &orderUnit{}
	sc := orderScan{o: o, u: u, scope: e.Pos(), end: e.End()}
	sc.expr(e, nil)
	if sc.unknown {
		return nil
	}
	return u
}

// scan finds the operations, reads and calls of s, or returns nil when
// its types are not known.
func (o *orderer) scan(s ast.Stmt) *orderUnit {
	u := &orderUnit{}
	sc := orderScan{o: o, u: u, scope: s.Pos(), end: s.End()}
	switch x := s.(type) {
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(x.X).(*ast.CallExpr); ok && !o.isConversion(call) {
			sc.call(call, true) // the statement itself
		} else {
			sc.expr(x.X, nil)
		}
	case *ast.AssignStmt:
		// The variables of one assigned the results of an operation with
		// a map entry among them are assigned afterwards, from
		// temporaries, reading their operands then, as the compiler
		// does (see mapEntryResults).
		if !o.f.assignsResultsToMapEntry(x) || !simpleTargets(x.Lhs) {
			for _, l := range x.Lhs {
				sc.target(l)
			}
		}
		if call, ok := ast.Unparen(x.Rhs[0]).(*ast.CallExpr); ok && len(x.Rhs) == 1 && allNames(x.Lhs) {
			// The compiler calls it last, straight into the variables.
			if !o.isConversion(call) {
				sc.call(call, true)
				break
			}
		}
		for i, r := range x.Rhs {
			var t types.Type
			if len(x.Lhs) == len(x.Rhs) && x.Tok == token.ASSIGN {
				t = o.info.TypeOf(x.Lhs[i])
			}
			sc.expr(r, t)
		}
	case *ast.ReturnStmt:
		if len(x.Results) == 1 {
			if call, ok := ast.Unparen(x.Results[0]).(*ast.CallExpr); ok && !o.isConversion(call) {
				sc.call(call, true) // the last thing the statement does
				break
			}
		}
		var results *types.Tuple
		if sig := o.enclosingResults(x); sig != nil {
			results = sig
		}
		for i, r := range x.Results {
			var t types.Type
			if results != nil && results.Len() == len(x.Results) {
				t = results.At(i).Type()
			}
			sc.expr(r, t)
		}
	case *ast.SendStmt:
		sc.expr(x.Chan, nil)
		var t types.Type
		if ch, ok := typeUnder[*types.Chan](o.info.TypeOf(x.Chan)); ok {
			t = ch.Elem()
		}
		sc.expr(x.Value, t)
	case *ast.IncDecStmt:
		sc.target(x.X)
	case *ast.DeclStmt:
		gd, ok := x.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return u
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, v := range vs.Values {
				var t types.Type
				if vs.Type != nil && len(vs.Names) == len(vs.Values) {
					t = o.info.TypeOf(vs.Names[i])
				}
				sc.expr(v, t)
			}
		}
	}
	if sc.unknown {
		return nil
	}
	return u
}

// allNames reports whether exprs are all names (of variables assigned).
func allNames(exprs []ast.Expr) bool {
	for _, e := range exprs {
		if _, ok := ast.Unparen(e).(*ast.Ident); !ok {
			return false
		}
	}
	return true
}

func typeUnder[T types.Type](t types.Type) (T, bool) {
	var zero T
	if t == nil {
		return zero, false
	}
	x, ok := t.Underlying().(T)
	return x, ok
}

// enclosingResults returns the results of the innermost function whose
// body holds ret.
func (o *orderer) enclosingResults(ret *ast.ReturnStmt) *types.Tuple {
	var found *types.Tuple
	ast.Inspect(o.sf.syntax, func(n ast.Node) bool {
		if n == nil || n.Pos() > ret.Pos() || n.End() < ret.End() {
			return false
		}
		var t types.Type
		switch x := n.(type) {
		case *ast.FuncDecl:
			if obj := o.info.Defs[x.Name]; obj != nil {
				t = obj.Type()
			}
		case *ast.FuncLit:
			t = o.info.TypeOf(x)
		}
		if sig, ok := typeUnder[*types.Signature](t); ok {
			found = sig.Results()
		}
		return true
	})
	return found
}

// orderScan walks the expressions of one statement.
type orderScan struct {
	o          *orderer
	u          *orderUnit
	scope, end token.Pos
	unknown    bool
}

// within returns a orderScan for the operands of the operation e, whose
// reads count before the calls inside e.
func (s *orderScan) within(e ast.Node) *orderScan {
	c := *s
	c.scope, c.end = e.Pos(), e.End()
	return &c
}

// target scans an operand assigned to: a name is not read, the operands
// of an element, a field or an indirection are.
func (s *orderScan) target(e ast.Expr) {
	if _, ok := ast.Unparen(e).(*ast.Ident); ok {
		return
	}
	s.expr(e, nil)
}

// expr scans e, put in a variable of type to (nil: unknown or none).
func (s *orderScan) expr(e ast.Expr, to types.Type) {
	info := s.o.info
	tv, ok := info.Types[e]
	if !ok {
		if _, isLit := e.(*ast.FuncLit); !isLit {
			if _, isKV := e.(*ast.KeyValueExpr); !isKV {
				s.unknown = true
				return
			}
		}
	}
	if tv.Value != nil || tv.IsType() || tv.IsNil() {
		return // a constant, a type or nil: nothing is read
	}
	switch x := e.(type) {
	case *ast.FuncLit:
		return // made, not run
	case *ast.ParenExpr:
		s.expr(x.X, to)
		return
	case *ast.CallExpr:
		if s.o.isConversion(x) {
			break
		}
		s.call(x, false)
		return
	case *ast.BinaryExpr:
		if x.Op == token.LAND || x.Op == token.LOR {
			s.logical(x)
			return
		}
	case *ast.SliceExpr, *ast.TypeAssertExpr:
		if _, ok := x.(*ast.TypeAssertExpr); ok && directIface(tv.Type) {
			break
		}
		s.operands(e)
		s.u.eager = append(s.u.eager, e)
		return
	case *ast.CompositeLit:
		if m, ok := typeUnder[*types.Map](tv.Type); ok {
			s.mapLit(x, m)
			return
		}
	case *ast.UnaryExpr:
		if x.Op == token.ARROW {
			s.within(e).expr(x.X, nil)
			s.u.eager = append(s.u.eager, e)
			return
		}
	}
	if to != nil && s.o.copiedToIface(e, tv.Type, to) {
		if cl, ok := e.(*ast.CompositeLit); ok && cl.Type == nil {
			s.u.bad = true
		}
		s.operands(e)
		s.u.eager = append(s.u.eager, e)
		return
	}
	if !s.hasEager(e) {
		// A name the interpreter reads as the statement runs, as the
		// compiler does, unless ifaceCopies boxed it: its call reads it
		// in place, before the calls after it (show(q, grow(&q))).
		if _, isName := ast.Unparen(e).(*ast.Ident); (!isName || s.o.f.boxed[ast.Unparen(e)]) && s.o.changeable(e) {
			s.u.reads = append(s.u.reads, scoped{e, s.scope, s.end})
		}
		return
	}
	s.operands(e)
}

// operands scans the operands of e, an operation evaluated at its place,
// within its scope.
func (s *orderScan) operands(e ast.Expr) {
	w := s.within(e)
	w.children(e)
	s.unknown = s.unknown || w.unknown
}

// children scans the direct operands of e, giving the elements of a
// composite literal and a conversion's operand their types.
func (s *orderScan) children(e ast.Expr) {
	info := s.o.info
	switch x := e.(type) {
	case *ast.ParenExpr:
		s.expr(x.X, nil)
	case *ast.SelectorExpr:
		if _, isPkg := info.Uses[identOf(x.X)].(*types.PkgName); !isPkg {
			s.expr(x.X, nil)
		}
	case *ast.IndexExpr:
		s.expr(x.X, nil)
		s.expr(x.Index, nil)
	case *ast.IndexListExpr:
		s.expr(x.X, nil)
	case *ast.SliceExpr:
		s.expr(x.X, nil)
		for _, i := range []ast.Expr{x.Low, x.High, x.Max} {
			if i != nil {
				s.expr(i, nil)
			}
		}
	case *ast.StarExpr:
		s.expr(x.X, nil)
	case *ast.UnaryExpr:
		s.expr(x.X, nil)
	case *ast.BinaryExpr:
		s.expr(x.X, nil)
		s.expr(x.Y, nil)
	case *ast.TypeAssertExpr:
		s.expr(x.X, nil)
	case *ast.KeyValueExpr:
		s.expr(x.Key, nil)
		s.expr(x.Value, nil)
	case *ast.CallExpr: // a conversion
		for _, a := range x.Args {
			s.expr(a, info.TypeOf(x.Fun))
		}
	case *ast.CompositeLit:
		s.elements(x)
	}
}

// elements scans the elements of a composite literal, each put in a
// variable of its element's or field's type.
func (s *orderScan) elements(cl *ast.CompositeLit) {
	t := s.o.info.TypeOf(cl)
	if p, ok := typeUnder[*types.Pointer](t); ok {
		t = p.Elem()
	}
	var key, elem types.Type
	var st *types.Struct
	if t != nil {
		switch u := t.Underlying().(type) {
		case *types.Slice:
			elem = u.Elem()
		case *types.Array:
			elem = u.Elem()
		case *types.Map:
			key, elem = u.Key(), u.Elem()
		case *types.Struct:
			st = u
		}
	}
	for i, el := range cl.Elts {
		switch {
		case st != nil:
			ft := types.Type(nil)
			v := el
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				v = kv.Value
				if id, ok := kv.Key.(*ast.Ident); ok {
					for j := range st.NumFields() {
						if st.Field(j).Name() == id.Name {
							ft = st.Field(j).Type()
						}
					}
				}
			} else if i < st.NumFields() {
				ft = st.Field(i).Type()
			}
			s.expr(v, ft)
		default:
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				s.expr(kv.Key, key)
				s.expr(kv.Value, elem)
			} else {
				s.expr(el, elem)
			}
		}
	}
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	return id
}

// call scans a call: its function and arguments within it, then the call
// itself, one of the operations evaluated first (unless it is the
// statement).
func (s *orderScan) call(call *ast.CallExpr, statement bool) {
	info := s.o.info
	w := s.within(call)
	if statement {
		w = s
	}
	builtin := false
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		_, builtin = info.Uses[id].(*types.Builtin)
	}
	if !builtin {
		switch fn := ast.Unparen(call.Fun).(type) {
		case *ast.SelectorExpr:
			w.children(fn)
		case *ast.Ident, *ast.FuncLit:
		default:
			w.expr(fn, nil)
		}
	}
	sig, _ := typeUnder[*types.Signature](info.TypeOf(call.Fun))
	for i, a := range call.Args {
		var to types.Type
		if sig != nil && !builtin {
			to = paramType(sig, i, call.Ellipsis.IsValid())
		}
		w.expr(a, to)
	}
	s.unknown = s.unknown || w.unknown
	if !builtin && s.o.mayChange(call) {
		s.u.calls = append(s.u.calls, scoped{call, s.scope, s.end})
	}
	if !statement {
		if _, tuple := info.TypeOf(call).(*types.Tuple); tuple {
			s.u.bad = true // f(g()) with several results
		}
		s.u.eager = append(s.u.eager, call)
	}
}

// logical scans a && or ||: the compiler evaluates it in order, its left
// operand first and its right one only as the left says, so it is one of
// the operations copied as a whole; a read and a call inside one of its
// operands would need a reordering the copy cannot make.
func (s *orderScan) logical(x *ast.BinaryExpr) {
	s.parts(x, func(part func(ast.Node, func(*orderScan))) {
		for _, side := range []ast.Expr{x.X, x.Y} {
			part(side, func(sc *orderScan) { sc.expr(side, nil) })
		}
	})
}

// mapLit scans a map literal with entries that are not constant: the
// compiler makes the map first and then stores each such entry as a
// statement of its own, in order (walk/order.go, OMAPLIT), so it is one
// of the operations copied as a whole, as a && is.
func (s *orderScan) mapLit(cl *ast.CompositeLit, m *types.Map) {
	s.parts(cl, func(part func(ast.Node, func(*orderScan))) {
		for _, el := range cl.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				s.unknown = true
				return
			}
			part(kv, func(sc *orderScan) {
				sc.expr(kv.Key, m.Key())
				sc.expr(kv.Value, m.Elem())
			})
		}
	})
}

// parts scans the parts of e, an operation copied as a whole whose parts
// the compiler evaluates one after the other, each with its calls first:
// each part is a unit of its own.
func (s *orderScan) parts(e ast.Expr, each func(part func(ast.Node, func(*orderScan)))) {
	each(func(n ast.Node, scan func(*orderScan)) {
		inner := &orderUnit{}
		sc := orderScan{o: s.o, u: inner, scope: n.Pos(), end: n.End()}
		scan(&sc)
		s.unknown = s.unknown || sc.unknown
		// The calls inside may change reads of the enclosing scope
		// before e.
		for _, c := range inner.calls {
			s.u.calls = append(s.u.calls, scoped{c.e, s.scope, s.end})
		}
		s.u.parts = append(s.u.parts, inner)
	})
	s.u.eager = append(s.u.eager, e)
}

// hasEager reports whether e holds an operation evaluated in order: a
// call (not a conversion), a slice, a receive, a type assertion, && or
// ||, a map literal.
func (s *orderScan) hasEager(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if !s.o.isConversion(x) {
				found = true
			}
		case *ast.SliceExpr, *ast.TypeAssertExpr:
			found = true
		case *ast.CompositeLit:
			_, found = typeUnder[*types.Map](s.o.info.TypeOf(x))
		case *ast.UnaryExpr:
			found = found || x.Op == token.ARROW
		case *ast.BinaryExpr:
			found = found || x.Op == token.LAND || x.Op == token.LOR
		}
		return !found
	})
	return found
}

// isConversion reports whether call converts its operand to a type.
func (o *orderer) isConversion(call *ast.CallExpr) bool {
	tv, ok := o.info.Types[call.Fun]
	return ok && tv.IsType()
}

// copiedToIface reports whether e, of type t, put in a variable of type
// to, is one the compiler copies at its place: a value put in an
// interface that the conversion needs the address of (a bool, a byte, a
// struct, an array, a pointer...), which is not a variable's, a field's
// or an element's (walk/order.go, OCONVIFACE and addrTemp).
func (o *orderer) copiedToIface(e ast.Expr, t, to types.Type) bool {
	if t == nil || !types.IsInterface(to) || types.IsInterface(t) {
		return false
	}
	if !needsAddr(types.Default(t)) {
		return false
	}
	return !o.addressable(e)
}

// gcSizes are the sizes the compiler gives types on this machine's kind.
var gcSizes = types.SizesFor("gc", "amd64")

// needsAddr reports whether the compiler converts a value of t to an
// interface through its address (walk/convert.go, dataWordFuncName).
func needsAddr(t types.Type) bool {
	size, align := gcSizes.Sizeof(t), gcSizes.Alignof(t)
	switch {
	case size == 2 && align == 2, size == 4 && align == 4 && !hasPointers(t), size == 8 && align == 8 && !hasPointers(t):
		return false
	}
	if c := soleComponent(t); c != nil {
		switch c.Underlying().(type) {
		case *types.Slice:
			return false
		case *types.Basic:
			if b := c.Underlying().(*types.Basic); b.Info()&types.IsString != 0 {
				return false
			}
		}
	}
	return true
}

// soleComponent returns the only component of t, through structs of one
// field and arrays of one element.
func soleComponent(t types.Type) types.Type {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		if u.NumFields() != 1 {
			return nil
		}
		return soleComponent(u.Field(0).Type())
	case *types.Array:
		if u.Len() != 1 {
			return nil
		}
		return soleComponent(u.Elem())
	}
	return t
}

// hasPointers reports whether a value of t holds pointers.
func hasPointers(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0 || u.Kind() == types.UnsafePointer
	case *types.Struct:
		for i := range u.NumFields() {
			if hasPointers(u.Field(i).Type()) {
				return true
			}
		}
		return false
	case *types.Array:
		return u.Len() > 0 && hasPointers(u.Elem())
	}
	return true
}

// directIface reports whether a value of t is stored in an interface as
// it is (a pointer shape), which a type assertion to t does not copy.
func directIface(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Struct:
		return u.NumFields() == 1 && directIface(u.Field(0).Type())
	case *types.Array:
		return u.Len() == 1 && directIface(u.Elem())
	}
	return false
}

// addressable reports whether e denotes a variable, a field or an
// element the compiler can take the address of.
func (o *orderer) addressable(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		_, ok := o.info.Uses[x].(*types.Var)
		return ok
	case *ast.SelectorExpr:
		s := o.info.Selections[x]
		if s == nil {
			_, ok := o.info.Uses[x.Sel].(*types.Var) // a package's variable
			return ok
		}
		return s.Kind() == types.FieldVal && (s.Indirect() || o.addressable(x.X))
	case *ast.IndexExpr:
		t := o.info.TypeOf(x.X)
		if t == nil {
			return false
		}
		switch t.Underlying().(type) {
		case *types.Slice, *types.Pointer:
			return true
		case *types.Array:
			return o.addressable(x.X)
		}
		return false
	case *ast.StarExpr:
		return true
	}
	return false
}

// changeable reports whether reading e, an operand without calls, reads
// something a call may change: a package variable, a local variable a
// function literal uses or whose address is taken, a field or element
// reached through a pointer, a slice or a map.
func (o *orderer) changeable(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			if v, ok := o.info.Uses[x].(*types.Var); ok && !v.IsField() {
				found = o.shared[v] || v.Parent() != nil && v.Parent() == v.Pkg().Scope() && !isStdlib(v.Pkg().Path())
			}
		case *ast.SelectorExpr:
			if s := o.info.Selections[x]; s != nil && s.Kind() == types.FieldVal && s.Indirect() {
				// A field of a type of another package of source may be
				// assigned there; one of this package's, or of the
				// standard library's, only where this package does.
				path := s.Obj().Pkg().Path()
				found = path != o.f.importPath && !isStdlib(path) || o.writesField(s.Obj())
			} else if s == nil {
				if v, ok := o.info.Uses[x.Sel].(*types.Var); ok && !isStdlib(v.Pkg().Path()) {
					found = true // another package's variable
				}
				return false
			}
		case *ast.IndexExpr:
			if t := o.info.TypeOf(x.X); t != nil {
				switch t.Underlying().(type) {
				case *types.Slice, *types.Map, *types.Pointer:
					found = true
				}
			}
		case *ast.StarExpr:
			found = true
		}
		return true
	})
	return found
}

// writesField reports whether the package assigns field, or takes its
// address.
func (o *orderer) writesField(field types.Object) bool {
	if *o.written == nil {
		*o.written = writtenFields(o.f, o.info)
	}
	return (*o.written)[field]
}

// writtenFields returns the fields the package assigns or takes the
// address of.
func writtenFields(f *folder, info *types.Info) map[types.Object]bool {
	out := make(map[types.Object]bool)
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var targets []ast.Expr
			switch x := n.(type) {
			case *ast.AssignStmt:
				targets = x.Lhs
			case *ast.IncDecStmt:
				targets = []ast.Expr{x.X}
			case *ast.UnaryExpr:
				if x.Op == token.AND {
					targets = []ast.Expr{x.X}
				}
			}
			for _, t := range targets {
				if sel, ok := ast.Unparen(t).(*ast.SelectorExpr); ok {
					if obj := info.Uses[sel.Sel]; obj != nil {
						out[obj] = true
					}
				}
			}
			return true
		})
	}
	return out
}

// mayChange reports whether call may change what an operand reads: any
// call but of a standard-library function that changes nothing it is
// given and calls no code of the route's (strings.Join(lines, "\n"),
// strconv.Itoa(n)): one of a package of pure functions given no function,
// or one given operands of basic types only.
func (o *orderer) mayChange(call *ast.CallExpr) bool {
	var obj types.Object
	switch fn := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		obj = o.info.Uses[fn]
	case *ast.SelectorExpr:
		if _, isPkg := o.info.Uses[identOf(fn.X)].(*types.PkgName); !isPkg {
			// A method, or a function in a field.
			return !o.stdErrorMethod(call, fn) && !o.basicStdMethod(call, fn)
		}
		obj = o.info.Uses[fn.Sel]
	default:
		return true
	}
	f, ok := obj.(*types.Func)
	if !ok || f.Pkg() == nil || !isStdlib(f.Pkg().Path()) {
		return true
	}
	if f.Pkg().Path() == "fmt" && fmtFormatters[f.Name()] && o.f.isRoute() && !o.f.declaresMethod(fmtMethodNames...) {
		// fmt.Sprint(got): fmt reads its operands and calls only
		// their String, Error, Format or GoString methods, none of
		// which the route's code (or the packages of source it
		// imports) declares (see stdErrorMethod).
		return false
	}
	pure := pureStdlib[f.Pkg().Path()]
	for _, a := range call.Args {
		t := o.info.TypeOf(a)
		if t == nil {
			return true
		}
		switch t.Underlying().(type) {
		case *types.Basic:
		case *types.Signature:
			return true // a callback
		default:
			if !pure {
				return true
			}
		}
	}
	return false
}

// stdErrorMethod reports whether call, a call of the method sel, is
// err.Error() on an error (or on a standard-library error type) that
// reaches no code of the app's: the route's code, and the packages of
// source it imports, declare no Error method, so the value is one of the
// standard library's errors (or of a compiled module's), whose Error
// methods change nothing of the route's: err.Error() beside tc.want, with
// tc a loop variable a function literal uses, needs no reordering. Only
// in a route's package, which no package of the app imports: a shared
// package may be handed the errors of the routes importing it.
func (o *orderer) stdErrorMethod(call *ast.CallExpr, sel *ast.SelectorExpr) bool {
	s := o.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || s.Obj().Name() != "Error" || len(call.Args) != 0 {
		return false
	}
	sig, ok := s.Obj().Type().(*types.Signature)
	if !ok || !isErrorSignature(sig) {
		return false
	}
	recv := s.Recv()
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	switch r := recv.(type) {
	case *types.Named:
		if !types.IsInterface(r) && (r.Obj().Pkg() == nil || !isStdlib(r.Obj().Pkg().Path())) {
			return false // a type of the app's, or of a module's
		}
	default:
		if !types.IsInterface(recv) {
			return false
		}
	}
	return o.f.isRoute() && !o.f.declaresErrorMethod()
}

// fmtFormatters are the functions of fmt that format their operands into
// a string or an error, writing nowhere.
var fmtFormatters = map[string]bool{"Sprint": true, "Sprintf": true, "Sprintln": true, "Errorf": true}

// declaresMethod reports whether the folder, or a package of source it
// imports (directly or through other such packages), declares a method of
// one of names, generic types' included; true when the folder does not
// type-check.
func (f *folder) declaresMethod(names ...string) bool {
	if f.typeInfo() == nil || f.pkg == nil {
		return true
	}
	if f.declared == nil {
		f.declared = make(map[string]bool)
		for _, n := range f.sourceTypes() {
			for i := range n.NumMethods() {
				f.declared[n.Method(i).Name()] = true
			}
		}
	}
	for _, name := range names {
		if f.declared[name] {
			return true
		}
	}
	return false
}

// basicStdMethod reports whether call, a call of the method sel, is one
// of a value method of a standard-library type of a basic kind given
// operands of basic types only (d.String() with d a time.Duration,
// m.String() with m a time.Month): it works on a copy of a number or a
// string, and changes nothing.
func (o *orderer) basicStdMethod(call *ast.CallExpr, sel *ast.SelectorExpr) bool {
	s := o.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	m, ok := s.Obj().(*types.Func)
	if !ok || m.Pkg() == nil || !isStdlib(m.Pkg().Path()) {
		return false
	}
	recv := m.Signature().Recv()
	if recv == nil {
		return false
	}
	n, ok := recv.Type().(*types.Named) // not a pointer receiver
	if !ok || n.Obj().Pkg() == nil || !isStdlib(n.Obj().Pkg().Path()) {
		return false
	}
	if _, basic := n.Underlying().(*types.Basic); !basic {
		return false
	}
	for _, a := range call.Args {
		if _, basic := typeUnder[*types.Basic](o.info.TypeOf(a)); !basic {
			return false
		}
	}
	return true
}

// isErrorSignature reports whether sig is the signature of error's Error
// method: func() string.
func isErrorSignature(sig *types.Signature) bool {
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	b, ok := sig.Results().At(0).Type().(*types.Basic)
	return ok && b.Kind() == types.String
}

// declaresErrorMethod reports whether the folder, or a package of source
// it imports (directly or through other such packages), declares a method
// Error() string, generic types' included; true when the folder does
// not type-check.
func (f *folder) declaresErrorMethod() bool {
	if f.errorMethod != nil {
		return *f.errorMethod
	}
	found := f.typeInfo() == nil || f.pkg == nil
	for _, n := range f.sourceTypes() {
		for i := range n.NumMethods() {
			if m := n.Method(i); m.Name() == "Error" && isErrorSignature(m.Signature()) {
				found = true
			}
		}
	}
	f.errorMethod = &found
	return found
}

// pureStdlib are the standard-library packages whose functions change none
// of their operands (a slice, a struct) and call no method of them but
// through an interface they return, as a reader.
var pureStdlib = map[string]bool{
	"strings": true, "strconv": true, "unicode": true, "unicode/utf8": true, "math": true,
	"path": true, "path/filepath": true, "html": true, "net/url": true, "time": true,
}

// hoist rewrites s: the operations of u go before it, in order, each into
// a temporary the statement reads instead. It reports false, changing
// nothing, when it cannot: an operation copied in a way it cannot spell,
// or text another pass put around one in a way it cannot move.
func (o *orderer) hoist(s ast.Stmt, u *orderUnit) bool {
	if u.bad {
		return false
	}
	for _, l := range u.parts {
		if l.triggered() {
			return false
		}
	}
	sf, f := o.sf, o.f
	at := f.offset(s.Pos())
	first := false // a pass replaced text from the statement's start
	for _, x := range sf.edits {
		if x.off < at && x.end > at {
			return false
		}
		first = first || x.off == at && x.end > at
	}
	saved := append(edits(nil), sf.edits...)
	id := strconv.Itoa(at)
	var before strings.Builder
	for k, e := range u.eager {
		text, ok := o.takeOperation(e)
		if !ok {
			sf.edits = saved
			return false
		}
		name := "_deo" + id + "_" + strconv.Itoa(k+1)
		before.WriteString(name + " := " + f.lineDirective(e.Pos()) + text + "; ")
		sf.edits = append(sf.edits, edit{off: f.offset(e.Pos()), end: f.offset(e.End()), text: name + f.lineDirective(e.End())})
	}
	before.WriteString(f.lineDirective(s.Pos()))
	hoisted := edit{off: at, end: at, text: before.String()}
	if first {
		// Before that replacement, which would drop an insertion
		// sorted after it.
		sf.edits = append(edits{hoisted}, sf.edits...)
	} else {
		sf.edits = append(sf.edits, hoisted)
	}
	o.changed = true
	return true
}

// takeOperation returns the text of e with the edits recorded inside it,
// which it drops, or false when an edit straddles its bounds. A wrapper
// of e (edits.wrapAround) moves with it; another insertion at its start
// belongs to it unless one is at its end too (text put around the
// operation, which stays around its temporary).
func (o *orderer) takeOperation(e ast.Expr) (string, bool) {
	sf, f := o.sf, o.f
	start, end := f.offset(e.Pos()), f.offset(e.End())
	aroundEnd := false
	for _, x := range sf.edits {
		if x.off < start && x.end > start || x.off < end && x.end > end || x.off == start && x.end > end {
			return "", false
		}
		// A closing of what an insertion at e's start opened
		// (parenInPlace's parentheses) is e's own: take moves both.
		if x.off == end && x.end == end && x.closes == 0 && x.opened-1 != start {
			aroundEnd = true
		}
		// A closing past e's end of what an insertion at e's start
		// opened (parentheses around a whole operation e starts:
		// return (a.n + f())) stays, and so does its opening.
		if x.opened-1 == start && x.off > end {
			aroundEnd = true
		}
	}
	var around edits
	if aroundEnd {
		kept := sf.edits[:0:0]
		for _, x := range sf.edits {
			if x.off == start && x.end == start && x.wraps == 0 {
				around = append(around, x)
			} else {
				kept = append(kept, x)
			}
		}
		sf.edits = kept
	}
	text := sf.take(f, e)
	sf.edits = append(sf.edits, around...)
	return text, true
}
