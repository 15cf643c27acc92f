package interp

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// routegoPath is the compiled package that recovered goroutine panics are
// reported to (internal/routego); it exists only in the interpreter's
// symbol table.
const routegoPath = "github.com/devserver/devserver/internal/routego"

// goStatements is the pass that keeps a panicking goroutine of route code
// from ending the process: Go cannot recover another goroutine's panic, so
// each goroutine recovers its own and reports it with the position of the
// go statement that started it (internal/routego). A function literal gets
// the deferred recover at the start of its body; any other call is wrapped
// in a literal taking the function and the arguments, which are evaluated
// at the go statement as Go does:
//
//	go func() { ... }()   →  go func() { _dsgo.Started("/…/route.go", 12, 2); defer func() { _dsgo.Recovered("/…/route.go", 12, 2, recover()) }(); ... }()
//	go work(ctx, n)       →  go func(_dsgf func(context.Context, int), _dsg0 context.Context, _dsg1 int) { defer ...; _dsgf(_dsg0, _dsg1) }(work, ctx, n)
//	go s.run(n)           →  go func(_dsgr *server, _dsg0 int) { defer ...; _dsgr.run(_dsg0) }(s, n)
//
// A call whose types the pass cannot tell (or cannot name in the file),
// a builtin, or a call whose one argument is a call returning several
// values is left alone.
func goStatements(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		_, inLoop := loopClosures(sf.syntax)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			stmt, ok := n.(*ast.GoStmt)
			if !ok {
				return true
			}
			if f.recoverGo(sf, stmt, inLoop[stmt]) {
				sf.addImport("_dsgo", routegoPath)
				changed = true
			}
			return true
		})
	}
	return changed, nil
}

// recoverGo rewrites one go statement; it reports whether it did. A go
// statement in a loop starts its goroutine through goLauncher.
func (f *folder) recoverGo(sf *srcFile, stmt *ast.GoStmt, inLoop bool) bool {
	file, line := f.origin(sf, stmt.Go)
	pos := strconv.Quote(file) + ", " + strconv.Itoa(line) + ", " + strconv.Itoa(f.position(stmt.Go).Column)
	// Started labels the goroutine with the statement's position, for a
	// fatal error in it that no recover catches (concurrent map writes).
	deferred := "_dsgo.Started(" + pos + "); defer func() { _dsgo.Recovered(" + pos + ", recover()) }();"
	call := stmt.Call
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		sf.edits.insert(f.offset(lit.Body.Lbrace)+1, " "+deferred)
		if inLoop {
			f.goLauncher(sf, stmt, lit)
		}
		return true
	}
	fun, callee, recvOp, recvEnd, ok := f.goFunc(sf, call)
	if !ok {
		return false
	}
	params, args, ok := f.goParams(sf, call)
	if !ok {
		return false
	}
	params = append([]string{fun}, params...)
	body := "{ " + deferred + " " + callee + "(" + strings.Join(args, ", ") + ") }"
	if inLoop {
		body = "func() { return func() " + body + " }"
		f.launch(sf, stmt)
	}
	wrapper := "func(" + strings.Join(params, ", ") + ") " + body + "("
	sf.edits.insert(f.offset(call.Fun.Pos()), wrapper)
	if recvOp != "" {
		sf.edits.insert(f.offset(call.Fun.Pos()), recvOp)
	}
	// f(a, b) becomes (f, a, b) and x.m(a) becomes (x, a): the wrapper
	// takes the function, or the method's receiver, first.
	sep := ""
	if len(call.Args) > 0 {
		sep = ", "
	}
	from := f.offset(call.Lparen)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && callee != "_dsgf" {
		from = f.offset(sel.X.End())
	}
	sf.edits = append(sf.edits, edit{off: from, end: f.offset(call.Lparen) + 1, text: recvEnd + sep})
	return true
}

// goFunc returns the wrapper's first parameter and what it calls: the
// receiver of a method call (a method value would do, but yaegi reads its
// receiver when it is called, not when it is made), or else the function.
// recvOp and recvEnd go around the receiver: "&" when the call passes
// the receiver's address; for a value method reached through a pointer,
// what makes the value Go copies at the go statement (*(p), or *(p).Inner
// for a promoted one).
func (f *folder) goFunc(sf *srcFile, call *ast.CallExpr) (param, callee, recvOp, recvEnd string, ok bool) {
	info := f.typeInfo()
	if info == nil {
		return "", "", "", "", false
	}
	if sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); isSel {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			t := info.Types[sel.X].Type
			if f.mayTakeAddress(sel) {
				// v.m() of a pointer method takes &v: the wrapper must
				// get the pointer, not a copy of v.
				t = types.NewPointer(t)
				recvOp = "&"
			} else if path, pt, ok := f.derefReceiver(sf, s, "\x00"); ok {
				t = pt
				recvOp, recvEnd, _ = strings.Cut(path, "\x00")
			}
			recv, ok := f.typeName(sf, t)
			return "_dsgr " + recv, "_dsgr." + sel.Sel.Name, recvOp, recvEnd, ok
		}
	}
	tv := info.Types[call.Fun]
	sig, isSig := tv.Type.(*types.Signature)
	if !isSig || tv.IsBuiltin() || sig.TypeParams().Len() > 0 {
		return "", "", "", "", false
	}
	fn, ok := f.typeName(sf, sig)
	return "_dsgf " + fn, "_dsgf", "", "", ok
}

// goParams returns the wrapper's parameters for the call's arguments, typed
// as the function's parameters, and the names to call the function with.
func (f *folder) goParams(sf *srcFile, call *ast.CallExpr) (params, args []string, ok bool) {
	info := f.typeInfo()
	if info == nil {
		return nil, nil, false
	}
	sig, isSig := info.Types[call.Fun].Type.(*types.Signature)
	if !isSig {
		return nil, nil, false
	}
	if len(call.Args) == 1 {
		if t, ok := info.Types[call.Args[0]].Type.(*types.Tuple); ok && t.Len() != 1 {
			return nil, nil, false
		}
	}
	n := sig.Params().Len()
	for i := range call.Args {
		var t types.Type
		dots := ""
		switch {
		case sig.Variadic() && i >= n-1:
			// f(a, x, y) of f(a int, xs ...T) passes x and y as T each;
			// f(a, xs...) passes the slice on: the wrapper is variadic too.
			t = sig.Params().At(n - 1).Type().(*types.Slice).Elem()
			if call.Ellipsis.IsValid() {
				dots = "..."
			}
		case i < n:
			t = sig.Params().At(i).Type()
		default:
			return nil, nil, false
		}
		name, ok := f.typeName(sf, t)
		if !ok {
			return nil, nil, false
		}
		arg := "_dsg" + strconv.Itoa(i)
		params = append(params, arg+" "+dots+name)
		args = append(args, arg+dots)
	}
	return params, args, true
}

// goLauncher rewrites a go statement in a loop, whose function literal
// body is body, to start its goroutine through routego's Go: yaegi keeps
// the closure of the literal in one slot of the loop's frame, which the
// goroutine writes back when it ends while the loop reads it for the next
// go statement (a data race in the interpreter, and a goroutine could run
// an earlier iteration's closure). The literal, given the go statement's
// arguments, makes the goroutine's closure in a frame of its own, and a
// compiled function starts it:
//
//	go func(n int) { ... }(i)  →  _dsgo.Go(func(n int) func() { return func() { ... } }(i))
//
// A literal with results is called by the goroutine's closure, which drops
// them as the go statement does:
//
//	go func(n int) error { ... }(i)  →  _dsgo.Go(func(n int) func() { return func() { func() error { ... }() } }(i))
func (f *folder) goLauncher(sf *srcFile, stmt *ast.GoStmt, lit *ast.FuncLit) {
	if results := lit.Type.Results; results != nil {
		sf.edits.insert(f.offset(results.Pos()), "func() { return func() { func() ")
		sf.edits.insertClosing(f.offset(results.Pos()), f.offset(lit.Body.End()), "() } }")
	} else {
		sf.edits.insert(f.offset(lit.Body.Lbrace), "func() { return func() ")
		sf.edits.insertClosing(f.offset(lit.Body.Lbrace), f.offset(lit.Body.End()), " }")
	}
	f.launch(sf, stmt)
}

// launch replaces the go keyword of stmt by a call of routego's Go around
// the statement's call, which must make the goroutine's func().
func (f *folder) launch(sf *srcFile, stmt *ast.GoStmt) {
	sf.edits = append(sf.edits, edit{off: f.offset(stmt.Go), end: f.offset(stmt.Call.Pos()), text: "_dsgo.Go("})
	sf.edits.insertClosing(f.offset(stmt.Go), f.offset(stmt.Call.End()), ")")
}
