package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// panicLines is the pass that lets a panic of route code name its line:
// yaegi knows which function a panic left, not the statement, and prints
// the position of the function's first statement. Each function of the
// user's own module keeps the line of the statement it runs in a variable
// of its own, set before each statement, set to 0 as it returns, and
// defers internal/desugar's Leave, which records the line for the dev
// server when the function is left by a panic (see internal/panicpos). A
// function that cannot panic (mayPanicBody) is left as written: it never
// leaves by a panic, and the instrumentation doubles the cost of a call.
//
//	func GET(w http.ResponseWriter, r *http.Request) { var /*line :12:2*/_dsl int; defer _dsrt.Leave(&_dsl, "/…/route.go");/*line :11:51*/
//		_dsl = 12; /*line :12:2*/m[k] = v
//		_dsl = 0; /*line :13:2*/return
//
// A return whose operands may panic (a call, an index, a field through a
// pointer…) evaluates them before it clears the line, into variables of
// the function's result types:
//
//	{ _dsl = 20; var _dsr0 int; var _dsr1 error; _dsr0, _dsr1 = /*line :20:9*/parse(s); _dsl = 0; return _dsr0, _dsr1 }
//	{ _dsl = 21; var _dsr0 []byte; var _dsr1 error; _dsr0 = /*line :21:9*/b; _dsr1 = /*line :21:12*/err; _dsl = 0; return _dsr0, _dsr1 }
//
// Everything stays on its line, and a line directive after each insertion
// keeps the columns of what follows. Code of other modules is left alone.
func panicLines(f *folder) (bool, []diagnostic) {
	if !f.own {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var typ *ast.FuncType
			var body *ast.BlockStmt
			switch x := n.(type) {
			case *ast.FuncDecl:
				typ, body = x.Type, x.Body
			case *ast.FuncLit:
				typ, body = x.Type, x.Body
			}
			if body == nil || !mayPanicBody(f, body) {
				return true
			}
			file, _ := f.origin(sf, body.Lbrace)
			f.traceLines(sf, strconv.Quote(file), typ, body)
			changed = true
			return true
		})
	}
	if changed {
		for _, sf := range f.accepted() {
			sf.addImport("_dsrt", desugarPath)
		}
	}
	return changed, nil
}

// traceLines instruments one function body.
func (f *folder) traceLines(sf *srcFile, file string, typ *ast.FuncType, body *ast.BlockStmt) {
	// The header takes the position of the first statement: yaegi names
	// a function by its first statement's in the lines it prints for a
	// panic, which locate a crash that no one recovers.
	first := body.Rbrace
	if len(body.List) > 0 {
		first = body.List[0].Pos()
	}
	// (yaegi's first node of a body is the name of its first declaration.)
	leave := "Leave"
	if callsBuiltin(body, "recover") {
		leave = "LeaveRecovering" // it may panic anew after recovering
	}
	sf.edits.insert(f.offset(body.Lbrace)+1, " var "+f.lineDirective(first)+"_dsl int; defer _dsrt."+leave+"(&_dsl, "+file+");"+f.lineDirective(body.Lbrace+1))
	results := f.resultTypes(sf, typ, body.Lbrace+1)
	f.markStmts(sf, body.List, results)
	if typ.Results == nil && (len(body.List) == 0 || !isReturn(body.List[len(body.List)-1])) {
		sf.edits.insert(f.offset(body.Rbrace), "; _dsl = 0 "+f.lineDirective(body.Rbrace))
	}
}

// lineDirective returns the comment that gives the token after it the
// position pos has in the user's source: text inserted before pos on its
// line must not move the columns of errors and panics.
func (f *folder) lineDirective(pos token.Pos) string {
	p := f.position(pos)
	return "/*line :" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column) + "*/"
}

// line returns the line a panic at pos, of sf, names (see folder.origin).
func (f *folder) line(sf *srcFile, pos token.Pos) int {
	_, line := f.origin(sf, pos)
	return line
}

func isReturn(s ast.Stmt) bool {
	_, ok := s.(*ast.ReturnStmt)
	return ok
}

// markStmts sets the line variable before each statement of list and of
// the blocks inside it; function literals are functions of their own.
func (f *folder) markStmts(sf *srcFile, list []ast.Stmt, results []string) {
	for _, s := range list {
		if f.desugared[s] && f.hoisted[s] {
			// An assignment of min or max boundsChecks wrote out whole
			// (see inlineMinMax), after its checks: the line goes first.
			sf.edits.insertLeadingFirst(f.offset(s.Pos()), "_dsl = "+strconv.Itoa(f.line(sf, s.Pos()))+"; "+f.lineDirective(s.Pos()))
			continue
		}
		if f.desugared[s] {
			// Rewritten by another pass: its text is not this AST's. But
			// a desugared range loop (over an integer, a string, a
			// function…) keeps the statements of its body, which a panic
			// names too (a range over a function's becomes the yield
			// function, a closure setting the line of the function it is
			// written in); those the range passes rewrote (return, break,
			// continue) take no insertion (see insertFree).
			if rs, ok := s.(*ast.RangeStmt); ok {
				if rangesOverFunc(f, rs) && f.insertFree(sf, rs.Body.Lbrace+1) {
					// Before the iterator's frames (see RangeLoop.Track).
					file, _ := f.origin(sf, rs.Body.Lbrace)
					sf.edits.insert(f.offset(rs.Body.Lbrace)+1, " "+rangeLoopVar(f, rs)+".Track(&_dsl, "+strconv.Quote(file)+");")
				}
				f.markStmts(sf, rs.Body.List, results)
			}
			continue
		}
		switch x := s.(type) {
		case *ast.ReturnStmt:
			f.markReturn(sf, x, results)
			continue
		case *ast.CaseClause:
			f.markStmts(sf, x.Body, results)
			continue
		case *ast.CommClause:
			f.markStmts(sf, x.Body, results)
			continue
		}
		if f.insertFree(sf, s.Pos()) {
			// Before a wrapper another pass opened at the statement's
			// start (boundsChecks' of f()[i] = v): a statement of its own.
			// Before the bounds checks boundsChecks put there too, whose
			// panic names this line.
			mark := "_dsl = " + strconv.Itoa(f.line(sf, s.Pos())) + "; " + f.lineDirective(s.Pos())
			if f.hoisted[s] {
				sf.edits.insertLeadingFirst(f.offset(s.Pos()), mark)
			} else {
				sf.edits.insertLeading(f.offset(s.Pos()), mark)
			}
		}
		ast.Inspect(s, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BlockStmt:
				f.markStmts(sf, x.List, results)
				return false
			case *ast.CaseClause:
				f.markStmts(sf, x.Body, results)
				return false
			case *ast.CommClause:
				f.markStmts(sf, x.Body, results)
				return false
			}
			return true
		})
	}
}

// insertFree reports whether text inserted at pos survives: no other
// pass replaces text around it.
func (f *folder) insertFree(sf *srcFile, pos token.Pos) bool {
	off := f.offset(pos)
	for _, e := range sf.edits {
		if e.off < e.end && e.off <= off && off < e.end {
			return false
		}
	}
	return true
}

// markReturn clears the line variable at a return, after its operands
// are evaluated when they may panic.
func (f *folder) markReturn(sf *srcFile, ret *ast.ReturnStmt, results []string) {
	if !f.insertFree(sf, ret.Pos()) || !f.insertFree(sf, ret.End()) {
		return
	}
	if f.hoisted[ret] {
		// Before the bounds checks boundsChecks put before the return,
		// whose panic names its line.
		sf.edits.insertLeadingFirst(f.offset(ret.Pos()), "_dsl = "+strconv.Itoa(f.line(sf, ret.Pos()))+"; "+f.lineDirective(ret.Pos()))
	}
	if !mayPanic(f, ret.Results) || results == nil {
		sf.edits.insert(f.offset(ret.Pos()), "_dsl = 0; "+f.lineDirective(ret.Pos()))
		return
	}
	var decl strings.Builder
	names := make([]string, len(results))
	for i, t := range results {
		names[i] = "_dsr" + strconv.Itoa(i)
		decl.WriteString("var " + names[i] + " " + t + "; ")
	}
	// One assignment for each operand: yaegi fails an assignment of
	// several values one of which is nil (reflect: New(nil)).
	first := strings.Join(names, ", ")
	var seps edits
	if len(ret.Results) == len(names) {
		first = names[0]
		// Made before the assignments, which replace the text at the end
		// of each operand but the last.
		for _, e := range ret.Results {
			f.parenInPlace(sf, e)
		}
		for i, e := range ret.Results[1:] {
			if !f.insertFree(sf, e.Pos()) {
				return
			}
			seps = append(seps, edit{off: f.offset(ret.Results[i].End()), end: f.offset(e.Pos()), text: "; " + names[i+1] + " = " + f.lineDirective(e.Pos())})
		}
	}
	sf.edits = append(sf.edits, seps...)
	start := f.offset(ret.Pos())
	sf.edits = append(sf.edits, edit{off: start, end: start + len("return"), text: "{ _dsl = " + strconv.Itoa(f.line(sf, ret.Pos())) + "; " + decl.String() + first + " =" + f.lineDirective(ret.Pos()+token.Pos(len("return")))})
	sf.edits.insert(f.offset(ret.End()), "; _dsl = 0; return "+strings.Join(names, ", ")+" }")
}

// resultTypes returns the names of the result types of a function as its
// file spells them, or nil when it has none or one cannot be spelled.
func (f *folder) resultTypes(sf *srcFile, typ *ast.FuncType, body token.Pos) []string {
	if typ.Results == nil {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []string
	for _, field := range typ.Results.List {
		t := info.TypeOf(field.Type)
		if t == nil {
			return nil
		}
		// Named at the body's start: a parameter may shadow the
		// package of a result's type.
		name, ok := f.typeNameAt(sf, t, body)
		if !ok {
			return nil
		}
		n := max(len(field.Names), 1)
		for range n {
			out = append(out, name)
		}
	}
	return out
}

// mayPanic reports whether evaluating exprs may panic: whether they call,
// index, slice, dereference, assert a type, select a field (through a
// pointer, maybe nil) or divide.
func mayPanic(f *folder, exprs []ast.Expr) bool {
	risky := false
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			if _, lit := n.(*ast.FuncLit); lit {
				return false
			}
			risky = risky || f.riskyNode(n)
			return !risky
		})
	}
	return risky
}

// mayPanicBody reports whether running body may panic, its function
// literals aside (functions of their own): a body that cannot is left
// as written, as it never leaves its function by a panic. It is the
// expressions of mayPanic, and the statements that panic by themselves:
// a send (on a closed channel), a division or shift assignment, a range
// producing values (over a nil pointer to an array).
func mayPanicBody(f *folder, body *ast.BlockStmt) bool {
	risky := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			risky = true
		case *ast.AssignStmt:
			switch x.Tok {
			case token.QUO_ASSIGN, token.REM_ASSIGN, token.SHL_ASSIGN, token.SHR_ASSIGN:
				if len(x.Lhs) == 1 && len(x.Rhs) == 1 {
					risky = risky || f.riskyOperation(assignedOps[x.Tok], x.Lhs[0], x.Rhs[0])
				}
			}
		case *ast.RangeStmt:
			risky = risky || x.Value != nil
		default:
			risky = risky || f.riskyNode(n)
		}
		return !risky
	})
	return risky
}

// riskyNode reports whether the operation of n itself may panic.
func (f *folder) riskyNode(n ast.Node) bool {
	info := f.typeInfo()
	switch x := n.(type) {
	case *ast.CallExpr:
		return !f.safeCall(x)
	case *ast.IndexExpr, *ast.IndexListExpr, *ast.SliceExpr, *ast.StarExpr, *ast.TypeAssertExpr:
		return true
	case *ast.SelectorExpr:
		if info == nil {
			return true
		}
		sel := info.Selections[x]
		if sel == nil {
			return false // a package's name
		}
		// Through a pointer, maybe nil; a method of an interface, maybe nil.
		return sel.Indirect() || types.IsInterface(sel.Recv())
	case *ast.BinaryExpr:
		if tv, ok := info.Types[x]; ok && tv.Value != nil {
			return false // a constant: the compiler computes it
		}
		return f.riskyOperation(x.Op, x.X, x.Y)
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	}
	return false
}

// assignedOps are the operations of the assignments that may panic.
var assignedOps = map[token.Token]token.Token{token.QUO_ASSIGN: token.QUO, token.REM_ASSIGN: token.REM, token.SHL_ASSIGN: token.SHL, token.SHR_ASSIGN: token.SHR}

// riskyOperation reports whether x op y may panic: an integer division
// by a divisor that is not a constant (by zero), a shift by a count of a
// signed type that is not a constant (a negative count). A division of
// floating-point or complex numbers does not panic.
func (f *folder) riskyOperation(op token.Token, x, y ast.Expr) bool {
	switch op {
	case token.QUO, token.REM, token.SHL, token.SHR:
	default:
		return false
	}
	info := f.typeInfo()
	if info == nil {
		return true
	}
	ty, ok := info.Types[y]
	if !ok {
		return true
	}
	if ty.Value != nil {
		// A constant divisor is not zero (the compiler refuses one that is),
		// a constant count not negative.
		return false
	}
	if op == token.SHL || op == token.SHR {
		b, ok := ty.Type.Underlying().(*types.Basic)
		return !ok || b.Info()&types.IsUnsigned == 0
	}
	tx, ok := info.Types[x]
	if !ok {
		return true
	}
	b, ok := tx.Type.Underlying().(*types.Basic)
	return !ok || b.Info()&(types.IsFloat|types.IsComplex) == 0
}

// safeBuiltins are the built-in functions that do not panic (make does,
// given a negative size; close, delete and panic do).
var safeBuiltins = map[string]bool{
	"append": true, "cap": true, "complex": true, "copy": true, "imag": true, "len": true,
	"max": true, "min": true, "new": true, "print": true, "println": true, "real": true, "recover": true,
}

// safeCall reports whether call itself cannot panic (its operands aside):
// a safe built-in, a conversion other than to an array or a pointer to
// one (from a slice too short), or a call of a function or method of the
// package that cannot panic (see panicFreeFuncs; the method's selection,
// through a pointer or an interface, is riskyNode's). Such a call need
// not mark its function as one that may panic: fib, calling only itself,
// runs as written, without the instrumentation that doubled its cost.
func (f *folder) safeCall(call *ast.CallExpr) bool {
	info := f.typeInfo()
	if info == nil {
		return false
	}
	fun := ast.Unparen(call.Fun)
	if tv, ok := info.Types[fun]; ok && tv.IsType() {
		switch u := tv.Type.Underlying().(type) {
		case *types.Array:
			return false
		case *types.Pointer:
			_, array := u.Elem().Underlying().(*types.Array)
			return !array
		}
		return true
	}
	var obj types.Object
	switch fun := fun.(type) {
	case *ast.Ident:
		obj = info.Uses[fun]
	case *ast.SelectorExpr:
		// A method of the package (the selection itself is riskyNode's).
		if sel := info.Selections[fun]; sel != nil && sel.Kind() != types.FieldVal {
			obj = sel.Obj()
		}
	}
	switch obj := obj.(type) {
	case *types.Builtin:
		return safeBuiltins[obj.Name()]
	case *types.Func:
		return f.panicFreeFuncs()[obj]
	}
	return false
}

// panicFreeFuncs returns the functions and methods of the package, not
// generic, whose bodies cannot panic: those calling only safe calls and
// each other (recursion included), computed as the largest such set.
func (f *folder) panicFreeFuncs() map[*types.Func]bool {
	if f.panicFree != nil {
		return f.panicFree
	}
	info := f.typeInfo()
	bodies := make(map[*types.Func]*ast.BlockStmt)
	f.panicFree = make(map[*types.Func]bool)
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Type.TypeParams != nil || fd.Recv != nil && genericReceiver(fd.Recv) {
				continue
			}
			if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
				bodies[fn] = fd.Body
				f.panicFree[fn] = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for fn, body := range bodies {
			if f.panicFree[fn] && mayPanicBody(f, body) {
				delete(f.panicFree, fn)
				changed = true
			}
		}
	}
	return f.panicFree
}

// genericReceiver reports whether recv is of a generic type (its
// methods' bodies are written out for each instance, see monomorph.go).
func genericReceiver(recv *ast.FieldList) bool {
	if len(recv.List) == 0 {
		return false
	}
	t := recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	switch t.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}
