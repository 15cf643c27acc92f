package interp

import (
	"go/ast"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// deferArgs is the pass for the arguments of deferred calls, which Go
// evaluates at the defer statement: yaegi keeps references to the
// variables instead, so a deferred call saw their values at return (3 3 3
// for defer println(i) in a loop). Each argument that is not a constant is
// pushed, at the defer statement, on a stack of its own declared at the
// start of the function, and the call is deferred in a function literal
// that pops it, so every deferred call keeps its place in the order:
//
//	defer fmt.Println("i =", i)
//
// becomes, on its line,
//
//	_dsa9_1 = append(_dsa9_1, i); defer func() { _dsv9_1 := _dsa9_1[len(_dsa9_1)-1]; _dsa9_1 = _dsa9_1[:len(_dsa9_1)-1]; fmt.Println("i =", _dsv9_1) }()
//
// (a stack, not a closure per call: yaegi deadlocks when a deferred
// function calls a closure made in the deferring function). Left alone: a
// deferred call of a function literal or of a function of the package that
// calls recover (recover works only in the function a defer statement
// calls), of a function value held in a variable, and one whose argument
// types cannot be spelled in its file.
func deferArgs(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		recovers := recoveringFuncs(sf.syntax)
		forEachFunction(sf.syntax, func(body *ast.BlockStmt) {
			var decls, cases []string
			loops := make(map[*ast.RangeStmt]bool)
			var outer map[*ast.DeferStmt]ast.Node
			var overFunc map[*ast.DeferStmt]bool
			ast.Inspect(body, func(c ast.Node) bool {
				switch x := c.(type) {
				case *ast.FuncLit:
					return false // a function of its own
				case *ast.DeferStmt:
					if loop := f.loopDefers[x]; loop != nil {
						if d, c, ok := f.moveLoopDefer(sf, x); ok {
							decls, cases, loops[loop] = append(decls, d...), append(cases, c), true
						}
						break
					}
					if lit, ok := ast.Unparen(x.Call.Fun).(*ast.FuncLit); ok {
						if outer == nil {
							outer, overFunc = f.outermostLoops(body)
						}
						if loop := outer[x]; loop != nil && !overFunc[x] {
							if vars, ok := f.deferredLoopVars(sf, loop, lit); ok && len(vars) > 0 {
								decls = append(decls, f.copyLoopVars(sf, x, lit, vars)...)
							}
						}
					}
					decls = append(decls, f.desugarDefer(sf, x, recovers)...)
				}
				return true
			})
			if len(cases) > 0 {
				decls = append(decls, "var _dslog []int;")
				// The loops share the log: each runner knows every call.
				for loop := range loops {
					f.fillRunner(sf, loop, cases)
				}
			}
			if len(decls) > 0 {
				sf.edits.insert(f.offset(body.Lbrace)+1, " "+strings.Join(decls, " "))
				changed = true
			}
		})
		// A loop whose defers could not be moved keeps no mark.
		for i := range sf.edits {
			if strings.HasPrefix(sf.edits[i].text, "\x00runner") {
				sf.edits[i].text = ""
			}
		}
	}
	return changed, nil
}

// forEachFunction calls fn with the body of every function of file:
// declared functions and function literals.
func forEachFunction(file *ast.File, fn func(body *ast.BlockStmt)) {
	ast.Inspect(file, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Body != nil {
				fn(x.Body)
			}
		case *ast.FuncLit:
			fn(x.Body)
		}
		return true
	})
}

// recoveringFuncs returns the names of the functions and methods of file
// that call recover.
func recoveringFuncs(file *ast.File) map[string]bool {
	out := make(map[string]bool)
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && callsRecover(fd.Body) {
			out[fd.Name.Name] = true
		}
	}
	return out
}

// callsRecover reports whether n calls recover.
func callsRecover(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		if call, ok := c.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "recover" {
				found = true
			}
		}
		return !found
	})
	return found
}

// desugarDefer rewrites one defer statement if an argument needs copying,
// and returns the declarations of its stacks.
func (f *folder) desugarDefer(sf *srcFile, d *ast.DeferStmt, recovers map[string]bool) []string {
	if f.typeInfo() == nil || len(d.Call.Args) == 0 && !f.isMethodValue(d.Call.Fun) || !f.deferrable(d.Call.Fun, recovers) {
		return nil
	}
	dc, ok := f.captureDefer(sf, d, true)
	if !ok || len(dc.decls) == 0 {
		return nil // nothing to copy: the defer statement does as Go does
	}
	text := dc.push + "defer func() { " + dc.call + " }()" + newlines(sf, f, d)
	sf.edits = append(sf.edits, edit{off: f.offset(d.Pos()), end: f.offset(d.End()), text: text})
	return dc.decls
}

// newlines returns the line breaks of node's source, which a replacement
// on one line must keep.
func newlines(sf *srcFile, f *folder, node ast.Node) string {
	return strings.Repeat("\n", strings.Count(string(sf.src[f.offset(node.Pos()):f.offset(node.End())]), "\n"))
}

// deferredCall is a deferred call whose operands are copied at the defer
// statement onto stacks of the function.
type deferredCall struct {
	decls []string // the stacks, declared at the start of the function
	push  string   // at the defer statement: push the operands
	call  string   // in the deferred function: pop them, and call
}

// captureDefer copies the non-constant arguments of d's call and, with
// receiver, the receiver of a method value (the address of an addressable
// one for a pointer method), which Go evaluates at the defer statement
// too.
func (f *folder) captureDefer(sf *srcFile, d *ast.DeferStmt, receiver bool) (deferredCall, bool) {
	call := d.Call
	info := f.typeInfo()
	id := strconv.Itoa(f.offset(d.Pos()))
	var dc deferredCall
	var pops []string
	stack := func(name string, t types.Type, value string) (string, bool) {
		tn, ok := f.typeName(sf, types.Default(t))
		if !ok {
			return "", false
		}
		s, v := "_dsa"+id+"_"+name, "_dsv"+id+"_"+name
		dc.decls = append(dc.decls, "var "+s+" []"+tn+";")
		dc.push += s + " = append(" + s + ", " + value + "); "
		pops = append(pops, v+" := "+s+"[len("+s+")-1]; "+s+" = "+s+"[:len("+s+")-1]; ")
		return v, true
	}
	fn := ""
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && receiver {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			recv, t := sf.take(f, sel.X), s.Recv()
			if ptrMethod(s) {
				if _, isPtr := t.Underlying().(*types.Pointer); !isPtr {
					recv, t = "&("+recv+")", types.NewPointer(t)
				}
			} else if path, pt, ok := f.derefReceiver(sf, s, recv); ok {
				// A value method through a pointer: Go copies the
				// value pointed to at the defer statement (the body
				// may change it before the call).
				recv, t = path, pt
			}
			v, ok := stack("r", t, recv)
			if !ok {
				return dc, false
			}
			fn = v + "." + sel.Sel.Name
		}
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok && fn == "" && f.loopDefers[d] != nil {
		// Made in the loop body (a yield function), called by the
		// enclosing function's runner: the literal itself is an operand,
		// with the variables of its iteration.
		v, ok := stack("f", info.TypeOf(lit), sf.take(f, lit))
		if !ok {
			return dc, false
		}
		fn = v
	}
	if fn == "" {
		fn = sf.take(f, call.Fun)
	}
	args := make([]string, len(call.Args))
	printed := f.printedFrom(info, call)
	sig, _ := underlying(info.TypeOf(call.Fun)).(*types.Signature)
	for i, a := range call.Args {
		source := string(sf.src[f.offset(a.Pos()):f.offset(a.End())])
		text := sf.take(f, a)
		tv := info.Types[a]
		if tv.Value != nil || tv.IsNil() || tv.IsType() {
			args[i] = text // a constant: nothing to copy
			continue
		}
		if tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
			return dc, false
		}
		t := tv.Type
		if sig != nil && text != source {
			// An operand another pass put in the parameter's interface
			// (ifaceCopies: func(_icv T) error { return _icv }(T{i})):
			// no longer of its own type. Go converts it to the
			// parameter's type at the defer statement too.
			if p := paramType(sig, i, call.Ellipsis.IsValid()); p != nil && types.IsInterface(p) && !hasTypeParam(p) {
				t = p
			}
		}
		if printed >= 0 && i >= printed && text != source {
			// An operand of a print function the fmtArgs pass wrapped
			// (fmtfix.Value(p, ...)): no longer of its own type, and
			// handed to an ...any parameter.
			t = types.Universe.Lookup("any").Type()
		}
		v, ok := stack(strconv.Itoa(i), t, text)
		if !ok {
			return dc, false
		}
		args[i] = v
	}

	ellipsis := ""
	if call.Ellipsis.IsValid() {
		ellipsis = "..."
	}
	dc.call = strings.Join(pops, "") + fn + "(" + strings.Join(args, ", ") + ellipsis + ")"
	return dc, true
}

// printedFrom returns the index of the first operand call prints when it
// calls one of fmt's or log's print functions or a print wrapper (see
// printShapeOf), else -1.
func (f *folder) printedFrom(info *types.Info, call *ast.CallExpr) int {
	fn := calledFunc(info, call)
	if fn == nil || fn.Pkg() == nil || call.Ellipsis.IsValid() {
		return -1
	}
	switch fn.Pkg().Path() {
	case "log", interpLogPath:
		if s, ok := logFuncs[fn.Name()]; ok {
			return s[1]
		}
		return -1
	}
	if s, ok := f.printShapeOf(fn); ok {
		return s.first
	}
	return -1
}

// isMethodValue reports whether fn selects a method of a value, whose
// receiver a deferred call takes at the defer statement even when it has
// no arguments (defer res.Close() in a loop closes each res).
func (f *folder) isMethodValue(fn ast.Expr) bool {
	sel, ok := ast.Unparen(fn).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := f.typeInfo().Selections[sel]
	return s != nil && s.Kind() == types.MethodVal
}

// derefReceiver returns, for a method value s of a value method whose
// receiver is reached through a pointer (p.M with p a *T, or a method
// promoted through an embedded pointer or from a pointer to the outer
// struct), the expression of the value Go copies when it evaluates the
// method value, written from recv (the source of the selector's operand),
// and its type. ok is false for other methods, and when a field on the
// way cannot be named in sf.
func (f *folder) derefReceiver(sf *srcFile, s *types.Selection, recv string) (string, types.Type, bool) {
	if ptrMethod(s) || !s.Indirect() {
		return "", nil, false
	}
	expr, cur := "("+recv+")", s.Recv()
	for _, i := range s.Index()[:len(s.Index())-1] {
		st := cur
		if p, isPtr := st.Underlying().(*types.Pointer); isPtr {
			st = p.Elem()
		}
		str, isStruct := st.Underlying().(*types.Struct)
		if !isStruct || i >= str.NumFields() {
			return "", nil, false
		}
		fld := str.Field(i)
		if !fld.Exported() && (fld.Pkg() == nil || fld.Pkg().Path() != f.importPath) {
			return "", nil, false
		}
		expr, cur = expr+"."+fld.Name(), fld.Type()
	}
	if p, isPtr := cur.Underlying().(*types.Pointer); isPtr {
		expr, cur = "*"+expr, p.Elem()
	}
	if types.IsInterface(cur) {
		return "", nil, false
	}
	if _, ok := f.typeName(sf, cur); !ok {
		return "", nil, false
	}
	return expr, cur, true
}

// ptrMethod reports whether the method of s has a pointer receiver.
func ptrMethod(s *types.Selection) bool {
	sig, _ := s.Obj().Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return false
	}
	_, ptr := sig.Recv().Type().(*types.Pointer)
	return ptr
}

// loopDeferTypes reports whether the operands of a deferred call can be
// copied (their types spelled in sf), for a defer in a loop body the
// range-over-function pass moves.
func (f *folder) loopDeferTypes(sf *srcFile, call *ast.CallExpr) bool {
	info := f.typeInfo()
	if info == nil {
		return false
	}
	operands := call.Args
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		operands = append(operands[:len(operands):len(operands)], lit)
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			operands = append(operands[:len(operands):len(operands)], sel.X)
		}
	}
	for _, a := range operands {
		tv := info.Types[a]
		if tv.Value != nil || tv.IsNil() || tv.IsType() {
			continue
		}
		if tv.Type == nil {
			return false
		}
		if _, ok := f.typeName(sf, types.Default(tv.Type)); !ok {
			return false
		}
	}
	return true
}

// deferrable reports whether a deferred call of fn may be moved into a
// function literal.
func (f *folder) deferrable(fn ast.Expr, recovers map[string]bool) bool {
	info := f.typeInfo()
	switch fn := ast.Unparen(fn).(type) {
	case *ast.FuncLit:
		return !callsRecover(fn.Body)
	case *ast.Ident:
		if _, isVar := info.Uses[fn].(*types.Var); isVar {
			return false // a closure: yaegi deadlocks calling it from a deferred function
		}
		return !recovers[fn.Name]
	case *ast.SelectorExpr:
		if s := info.Selections[fn]; s != nil && s.Kind() == types.FieldVal {
			return false
		}
		if _, isVar := info.Uses[fn.Sel].(*types.Var); isVar {
			return false
		}
		return !recovers[fn.Sel.Name]
	}
	return false
}

// take returns the source of node as the edits recorded so far make it,
// and drops those edits: the caller moves the text elsewhere. A wrapper
// of node or of a part of it (see edits.wrapAround) moves with it; one of
// more than node stays.
func (sf *srcFile) take(f *folder, node ast.Node) string {
	start, end := f.offset(node.Pos()), f.offset(node.End())
	var inside, kept edits
	for _, e := range sf.edits {
		wrapsMore := e.wraps > 0 && e.wraps-1 > end
		opener := max(e.closes, e.opened) - 1        // where what e closes starts; -1: it closes nothing
		wrapsNode := opener >= start && e.off == end // closing node or a part of it
		if wrapsNode || e.off >= start && e.end <= end && (e.off < end || e.off == start) && !wrapsMore {
			inside = append(inside, e)
		} else {
			kept = append(kept, e)
		}
	}
	sf.edits = kept
	sort.SliceStable(inside, func(i, j int) bool { return inside[i].off < inside[j].off })
	for i := range inside {
		inside[i].off -= start
		inside[i].end -= start
	}
	return string(inside.apply(sf.src[start:end]))
}

// moveLoopDefer turns a defer statement in the body of a desugared range
// over a function (which becomes a yield function) into a push of its
// operands and of its place on the function's log, which the runner
// deferred before the loop pops and calls (see fillRunner). It returns the
// declarations of the stacks and the runner's case for the call.
func (f *folder) moveLoopDefer(sf *srcFile, d *ast.DeferStmt) ([]string, string, bool) {
	dc, ok := f.captureDefer(sf, d, true)
	if !ok {
		return nil, "", false // the range pass checked the types: not reached
	}
	id := strconv.Itoa(f.offset(d.Pos()))
	sf.edits = append(sf.edits, edit{off: f.offset(d.Pos()), end: f.offset(d.End()), text: dc.push + "_dslog = append(_dslog, " + id + ")" + newlines(sf, f, d)})
	return dc.decls, "case " + id + ": " + dc.call, true
}

// fillRunner writes, before loop, the deferred function that makes the
// calls its body deferred, last deferred first. The runner logs a mark
// (-1) when it is deferred and stops at it: the calls logged before are
// those of an earlier loop, whose runner was deferred earlier and runs
// after the function's defers in between (defer a(); for range seq {
// defer b() }; defer c(); for range seq { defer d() } runs d c b a).
func (f *folder) fillRunner(sf *srcFile, loop *ast.RangeStmt, cases []string) {
	mark := runnerMark(loop, f)
	for i := range sf.edits {
		if sf.edits[i].text == mark {
			sf.edits[i].text = "_dslog = append(_dslog, -1); defer func() { for len(_dslog) > 0 { _dsk := _dslog[len(_dslog)-1]; _dslog = _dslog[:len(_dslog)-1]; if _dsk < 0 { break }; switch _dsk { " + strings.Join(cases, "; ") + " } } }(); "
		}
	}
}
