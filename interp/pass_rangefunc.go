package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// rangeOverFunc is the pass for Go 1.23's range over a function (iterators),
// which yaegi predates. As the Go compiler itself does it
// (cmd/compile/internal/rangefunc), the loop body becomes the yield
// function, and the statements that leave the body keep their meaning:
//
//	for k, v := range seq {          _dsrl9 := _dsrt.NewRangeLoop(); (seq)(func(k K, v V) bool { _dsrl9.Enter(); return _dsrl9.Leave(func() bool {
//		if k == 0 { continue }          if k == 0 { return true }
//		if v > 9 { break }              if v > 9 { return false }
//		if v < 0 { return v, nil }      if v < 0 { { _dsr0, _dsr1 = v, nil; _dsret = true; return false } }
//		continue outer                  { _dsnext = 7; return false }
//	}                               ; return true }()) }); _dsrl9.Exit(); if _dsret { return _dsr0, _dsr1 }; if _dsnext == 7 { _dsnext = 0; continue outer }
//
// with _dsret, _dsnext and the result variables declared at the start of
// the enclosing function. Every line keeps its number. The body runs in a
// function of its own, between the checks the compiler makes of the
// loop's state (internal/desugar's RangeLoop): an iterator calling yield
// again after the body returned false, after the body panicked or after
// the loop ended, or returning after it recovered the body's panic,
// panics with Go's runtime error. A defer statement
// in the body defers its call to the enclosing function's return (see
// deferArgs, which moves it). A goto to a label outside the body leaves
// the yield functions as a labelled break does, and jumps after the
// loop. A loop whose body uses a goto that cannot (see badGoto), or defers
// a call deferArgs cannot move, or whose element types cannot be spelled
// in its file, is left alone (the load then says the construct is not
// supported).
func rangeOverFunc(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				rf := &rangeFuncs{f: f, sf: sf}
				if rf.function(fd.Type, fd.Body) {
					changed = true
				}
			}
		}
		// Function literals at package level (var x = func() {...}).
		for _, d := range sf.syntax.Decls {
			if gd, ok := d.(*ast.GenDecl); ok {
				ast.Inspect(gd, func(n ast.Node) bool {
					if fl, ok := n.(*ast.FuncLit); ok {
						rf := &rangeFuncs{f: f, sf: sf}
						if rf.function(fl.Type, fl.Body) {
							changed = true
						}
						return false
					}
					return true
				})
			}
		}
	}
	return changed, nil
}

// rangeFuncs rewrites the range-over-function loops of one function.
type rangeFuncs struct {
	f  *folder
	sf *srcFile

	fnType  *ast.FuncType
	body    *ast.BlockStmt
	needRet bool // a return statement leaves a loop body
	needNxt bool // a labelled branch leaves a loop body
}

// scope is one statement enclosing the walk: a loop, switch or select
// (branch targets), and whether it is a desugared loop (a yield function).
type scope struct {
	node      ast.Node
	label     string
	loop      bool // for and range: continue targets
	desugared bool
	exits     []string // checks after a desugared loop's call
}

// function rewrites the loops of one function body, and the function
// literals inside it, each a function of its own.
func (rf *rangeFuncs) function(ft *ast.FuncType, body *ast.BlockStmt) bool {
	rf.fnType, rf.body = ft, body
	changed := rf.walk(body, nil, "")
	if rf.needRet || rf.needNxt {
		var decl strings.Builder
		if rf.needRet {
			decl.WriteString(" var _dsret bool;")
			if !rf.namedResults() {
				for i, t := range rf.resultTypes() {
					fmt.Fprintf(&decl, " var _dsr%d %s;", i, t)
				}
			}
		}
		if rf.needNxt {
			decl.WriteString(" var _dsnext int;")
		}
		rf.sf.edits.insert(rf.f.offset(body.Lbrace)+1, decl.String())
	}
	return changed
}

// namedResults reports whether the function names its results.
func (rf *rangeFuncs) namedResults() bool {
	r := rf.fnType.Results
	return r != nil && len(r.List) > 0 && len(r.List[0].Names) > 0
}

// resultVars returns the variables a return statement in a loop body
// assigns: the named results, or the function's own _dsr variables.
func (rf *rangeFuncs) resultVars() []string {
	var out []string
	if rf.namedResults() {
		for _, field := range rf.fnType.Results.List {
			for _, n := range field.Names {
				out = append(out, n.Name)
			}
		}
		return out
	}
	for i := range rf.resultTypes() {
		out = append(out, "_dsr"+strconv.Itoa(i))
	}
	return out
}

// resultTypes spells the types of the function's results, one per result.
func (rf *rangeFuncs) resultTypes() []string {
	var out []string
	if rf.fnType.Results == nil {
		return nil
	}
	for _, field := range rf.fnType.Results.List {
		t := rf.f.text(rf.sf, field.Type)
		n := max(1, len(field.Names))
		for range n {
			out = append(out, t)
		}
	}
	return out
}

// walk rewrites the loops under n; stack holds the statements enclosing n,
// innermost last; label is n's label when n is a labelled statement.
func (rf *rangeFuncs) walk(n ast.Node, stack []*scope, label string) bool {
	changed := false
	ast.Inspect(n, func(c ast.Node) bool {
		if c == n {
			return true
		}
		switch x := c.(type) {
		case *ast.FuncLit:
			inner := &rangeFuncs{f: rf.f, sf: rf.sf}
			if inner.function(x.Type, x.Body) {
				changed = true
			}
			return false
		case *ast.LabeledStmt:
			if rf.walk(x, stack, x.Label.Name) {
				changed = true
			}
			return false
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			lbl := ""
			if p, ok := n.(*ast.LabeledStmt); ok && p.Stmt == c {
				lbl = label
			}
			if rf.statement(c, stack, lbl) {
				changed = true
			}
			return false
		case *ast.ReturnStmt:
			rf.leave(x, stack)
		case *ast.BranchStmt:
			rf.branch(x, stack)
		}
		return true
	})
	return changed
}

// statement handles a loop, switch or select statement s.
func (rf *rangeFuncs) statement(s ast.Node, stack []*scope, label string) bool {
	sc := &scope{node: s, label: label}
	var body *ast.BlockStmt
	changed := false
	switch x := s.(type) {
	case *ast.ForStmt:
		sc.loop, body = true, x.Body
	case *ast.RangeStmt:
		sc.loop, body = true, x.Body
		if seq := rf.yieldOf(x); seq != nil {
			if head, ok := rf.header(x, seq); ok {
				sc.desugared = true
				rf.f.desugared[x] = true
				inner := append(stack[:len(stack):len(stack)], sc)
				rf.walk(x.Body, inner, "")
				rf.desugar(x, head, sc, stack)
				return true
			}
		}
	case *ast.SwitchStmt:
		body = x.Body
	case *ast.TypeSwitchStmt:
		body = x.Body
	case *ast.SelectStmt:
		body = x.Body
	}
	// The header of a loop or switch may hold function literals too.
	ast.Inspect(s, func(c ast.Node) bool {
		if c == body {
			return false
		}
		if fl, ok := c.(*ast.FuncLit); ok {
			inner := &rangeFuncs{f: rf.f, sf: rf.sf}
			if inner.function(fl.Type, fl.Body) {
				changed = true
			}
			return false
		}
		return true
	})
	if rf.walk(body, append(stack[:len(stack):len(stack)], sc), "") {
		changed = true
	}
	return changed
}

// yieldOf returns the signature of the yield function of a range over a
// function, or nil when rs ranges over something else.
func (rf *rangeFuncs) yieldOf(rs *ast.RangeStmt) *types.Signature {
	switch rs.X.(type) {
	case *ast.BasicLit, *ast.CompositeLit:
		return nil
	}
	t := rf.f.typeOf(rs.X)
	if t == nil {
		return nil
	}
	seq, ok := t.Underlying().(*types.Signature)
	if !ok || seq.Params().Len() != 1 || seq.Results().Len() != 0 {
		return nil
	}
	yield, ok := seq.Params().At(0).Type().Underlying().(*types.Signature)
	if !ok || yield.Params().Len() > 2 || yield.Results().Len() != 1 {
		return nil
	}
	return yield
}

// header returns the yield function's head, "func(k K, v V) bool {" and
// the assignments a range with = starts its body with, or reports that the
// loop cannot be desugared.
func (rf *rangeFuncs) header(rs *ast.RangeStmt, yield *types.Signature) (string, bool) {
	if rf.leavesBadly(rs.Body) {
		return "", false
	}
	vars := []ast.Expr{rs.Key, rs.Value}
	var params, assigns []string
	for i := range yield.Params().Len() {
		t, ok := rf.f.typeName(rf.sf, yield.Params().At(i).Type())
		if !ok {
			return "", false
		}
		name := "_"
		if v := vars[i]; v != nil {
			if id, ok := v.(*ast.Ident); ok && rs.Tok == token.DEFINE {
				name = id.Name
			} else if !ok || id.Name != "_" {
				name = "_dsv" + strconv.Itoa(i)
				assigns = append(assigns, rf.f.text(rf.sf, v)+" = "+name+";")
			}
		}
		params = append(params, name+" "+t)
	}
	l := rangeLoopVar(rf.f, rs)
	panicking := ""
	if rf.f.own {
		// The body's panic names its line (see panicLines, which tracks
		// it).
		panicking = "defer " + l + ".Panicking(); "
	}
	return "func(" + strings.Join(params, ", ") + ") bool { " + panicking + l + ".Enter(); return " + l + ".Leave(func() bool { " + strings.Join(assigns, " "), true
}

// rangeLoopVar names the variable holding the state of rs (see desugar).
func rangeLoopVar(f *folder, rs *ast.RangeStmt) string {
	return "_dsrl" + strconv.Itoa(f.offset(rs.For))
}

// leavesBadly reports whether body uses a goto the pass cannot make leave
// the yield function (see badGoto), or defers a call the pass cannot move
// to the enclosing function (see deferArgs), outside a function literal:
// the yield function would change their meaning.
func (rf *rangeFuncs) leavesBadly(body *ast.BlockStmt) bool {
	bad := false
	recovers := recoveringFuncs(rf.sf.syntax)
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			// The call moves out of the body: its function must be a
			// function or method of a package, or a method value.
			switch ast.Unparen(x.Call.Fun).(type) {
			case *ast.Ident, *ast.SelectorExpr, *ast.FuncLit:
			default:
				bad = true
			}
			bad = bad || !rf.f.deferrable(x.Call.Fun, recovers) || !rf.f.loopDeferTypes(rf.sf, x.Call)
		case *ast.BranchStmt:
			bad = bad || x.Tok == token.GOTO && rf.badGoto(x, body)
		}
		return !bad
	})
	return bad
}

// badGoto reports whether the goto statement br, in body (a loop's),
// cannot be made to leave the loop's yield function (see gotoOut): its
// label labels a range statement (whose label the desugaring takes off),
// or it jumps forward past another range over a function, which the
// desugaring starts with a variable declaration (a goto may not jump over
// one). A goto to a label inside body stays as it is.
func (rf *rangeFuncs) badGoto(br *ast.BranchStmt, body *ast.BlockStmt) bool {
	ls := rf.labelled(br.Label.Name)
	if ls == nil {
		return true
	}
	if ls.Pos() >= body.Pos() && ls.End() <= body.End() {
		return false
	}
	if _, ok := ls.Stmt.(*ast.RangeStmt); ok {
		return true
	}
	bad := false
	if ls.Pos() > body.End() {
		ast.Inspect(rf.body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.RangeStmt:
				bad = bad || x.Pos() > body.End() && x.Pos() < ls.Pos() && rf.yieldOf(x) != nil
			}
			return !bad
		})
	}
	return bad
}

// labelled returns the statement of the function labelled name, or nil.
func (rf *rangeFuncs) labelled(name string) *ast.LabeledStmt {
	var out *ast.LabeledStmt
	ast.Inspect(rf.body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			if x.Label.Name == name {
				out = x
			}
		}
		return out == nil
	})
	return out
}

// gotoOut rewrites a goto statement that leaves a desugared loop's body,
// as a labelled break does: the yield functions up to the label's block
// return, and the goto is made after the outermost of their loops.
func (rf *rangeFuncs) gotoOut(br *ast.BranchStmt, stack []*scope) {
	ls := rf.labelled(br.Label.Name)
	if ls == nil {
		return
	}
	holdsLabel := func(s *scope) bool {
		body := s.node.(*ast.RangeStmt).Body
		return ls.Pos() >= body.Pos() && ls.End() <= body.End()
	}
	var leaving []*scope // innermost first
	for i := len(stack) - 1; i >= 0; i-- {
		if !stack[i].desugared {
			continue
		}
		if holdsLabel(stack[i]) {
			break
		}
		leaving = append(leaving, stack[i])
	}
	if len(leaving) == 0 {
		return
	}
	rf.needNxt = true
	f, sf := rf.f, rf.sf
	id := strconv.Itoa(f.offset(br.Pos()))
	sf.edits = append(sf.edits, edit{off: f.offset(br.Pos()), end: f.offset(br.End()), text: "{ _dsnext = " + id + "; return false }"})
	for k, s := range leaving {
		jump := "_dsnext = 0; goto " + br.Label.Name
		if k < len(leaving)-1 {
			jump = "return false" // on to the next yield function out
		}
		s.exits = append(s.exits, "if _dsnext == "+id+" { "+jump+" }")
	}
}

// loopDefers marks the defer statements of the body of rs, the outermost
// desugared loop, for deferArgs to move to the enclosing function, and
// places before the loop the edit deferArgs fills with the deferred call
// that runs them.
func (rf *rangeFuncs) loopDefers(rs *ast.RangeStmt) {
	found := false
	ast.Inspect(rs.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			rf.f.loopDefers[x] = rs
			found = true
		}
		return true
	})
	if found {
		off := rf.f.offset(rs.For)
		rf.sf.edits = append(rf.sf.edits, edit{off: off, end: off, text: runnerMark(rs, rf.f)})
	}
}

// runnerMark is the placeholder text of the runner of the loop defers of
// rs (see loopDefers).
func runnerMark(rs *ast.RangeStmt, f *folder) string {
	return "\x00runner" + strconv.Itoa(f.offset(rs.For)) + "\x00"
}

// desugar makes the edits of one loop: the head, the end, and the checks
// after the call.
func (rf *rangeFuncs) desugar(rs *ast.RangeStmt, head string, sc *scope, stack []*scope) {
	f, sf := rf.f, rf.sf
	if sc.label != "" {
		// The label is now on an expression statement; its branches were
		// rewritten.
		for _, d := range sf.syntax.Decls {
			ast.Inspect(d, func(n ast.Node) bool {
				if ls, ok := n.(*ast.LabeledStmt); ok && ls.Stmt == rs {
					sf.edits = append(sf.edits, edit{off: f.offset(ls.Pos()), end: f.offset(ls.Colon) + 1, text: ""})
				}
				return true
			})
		}
	}
	if !insideDesugared(stack) {
		rf.loopDefers(rs) // before the edit of the loop's head, at the same place
	}
	// An operand called as it is written is not parenthesised: yaegi
	// panicked calling (seq)(...) for a function declared with that name
	// (reflect: call of reflect.Value.Call on ptr Value).
	open, call := "(", ")("
	switch rs.X.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr, *ast.IndexListExpr:
		open, call = "", "("
	}
	l := rangeLoopVar(f, rs)
	sf.edits = append(sf.edits,
		edit{off: f.offset(rs.For), end: f.offset(rs.X.Pos()), text: l + " := _dsrt.NewRangeLoop(); " + open},
		edit{off: f.offset(rs.X.End()), end: f.offset(rs.Body.Lbrace) + 1, text: call + head})
	sf.addImport("_dsrt", desugarPath)
	after := []string{}
	if rf.needRet && returnsIn(rs.Body) {
		if insideDesugared(stack) {
			after = append(after, "if _dsret { return false }")
		} else if rf.namedResults() {
			after = append(after, "if _dsret { return }") // the body assigned them
		} else {
			after = append(after, "if _dsret { return "+strings.Join(rf.resultVars(), ", ")+" }")
		}
	}
	after = append(after, sc.exits...)
	end := f.offset(rs.Body.Rbrace)
	sf.edits = append(sf.edits, edit{off: end, end: end + 1, text: "; return true }()) }); " + l + ".Exit()" + prefixEach("; ", after)})
}

// prefixEach joins ss, each preceded by sep.
func prefixEach(sep string, ss []string) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(sep + s)
	}
	return b.String()
}

// returnsIn reports whether a return statement leaves body (not one of a
// function literal).
func returnsIn(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

// insideDesugared reports whether the innermost function of stack is a
// yield function (a desugared loop encloses the statement).
func insideDesugared(stack []*scope) bool {
	for _, s := range stack {
		if s.desugared {
			return true
		}
	}
	return false
}

// leave rewrites a return statement inside a desugared loop's body.
func (rf *rangeFuncs) leave(ret *ast.ReturnStmt, stack []*scope) {
	if !insideDesugared(stack) {
		return
	}
	rf.needRet = true
	f, sf := rf.f, rf.sf
	if len(ret.Results) == 0 {
		sf.edits = append(sf.edits, edit{off: f.offset(ret.Pos()), end: f.offset(ret.End()), text: "{ _dsret = true; return false }"})
		return
	}
	names := rf.resultVars()
	kw := f.offset(ret.Pos())
	end := edit{off: f.offset(ret.End()), end: f.offset(ret.End()), text: "; _dsret = true; return false }"}
	tuple := len(ret.Results) != len(names) || len(names) > 1 && mentionsAny(ret.Results, names)
	if !tuple {
		// Each result is assigned alone (below): made before the
		// assignments, which replace the text at the end of each result
		// but the last.
		for _, e := range ret.Results {
			f.parenInPlace(sf, e)
		}
	}
	if len(ret.Results) != len(names) || len(names) == 1 || mentionsAny(ret.Results, names) {
		if len(ret.Results) == len(names) && len(names) > 1 {
			if rf.emptyInterfaceResult() {
				// yaegi fails on a value of an empty interface type
				// assigned with others, and assigns a call's results
				// right: the results are a function literal's.
				sf.edits = append(sf.edits, edit{off: kw, end: kw + len("return"), text: "{ " + strings.Join(names, ", ") + " = func() (" + strings.Join(rf.resultTypes(), ", ") + ") { return"},
					edit{off: end.off, end: end.end, text: " }()" + end.text})
				return
			}
			rf.typeNils(ret.Results) // first: a nil's closing goes before end
		}
		sf.edits = append(sf.edits, edit{off: kw, end: kw + len("return"), text: "{ " + strings.Join(names, ", ") + " ="}, end)
		return
	}
	// One assignment per result: yaegi fails on a nil in a tuple
	// assignment ("reflect: New(nil)"), and the results mention none of
	// the variables assigned, so the order cannot show.
	sf.edits = append(sf.edits, edit{off: kw, end: f.offset(ret.Results[0].Pos()), text: "{ " + names[0] + " = "}, end)
	for i := 1; i < len(names); i++ {
		sf.edits = append(sf.edits, edit{off: f.offset(ret.Results[i-1].End()), end: f.offset(ret.Results[i].Pos()), text: "; " + names[i] + " = "})
	}
}

// emptyInterfaceResult reports whether a result of the function is of an
// empty interface type (any).
func (rf *rangeFuncs) emptyInterfaceResult() bool {
	info := rf.f.typeInfo()
	if info == nil {
		return false
	}
	for _, field := range rf.fnType.Results.List {
		if t := info.TypeOf(field.Type); t != nil {
			if iface, ok := t.Underlying().(*types.Interface); ok && iface.Empty() {
				return true
			}
		}
	}
	return false
}

// typeNils gives each nil among results, assigned together to the
// function's results (named results a result mentions: return kv, nil),
// the type of its result: yaegi fails on a nil in a tuple assignment
// (reflect: New(nil)), and assigns a typed one right. No result is of an
// empty interface type (see leave).
func (rf *rangeFuncs) typeNils(results []ast.Expr) {
	info := rf.f.typeInfo()
	if info == nil {
		return
	}
	var fields []*ast.Field // one per result
	for _, field := range rf.fnType.Results.List {
		for range max(1, len(field.Names)) {
			fields = append(fields, field)
		}
	}
	if len(fields) != len(results) {
		return
	}
	for i, r := range results {
		id, ok := ast.Unparen(r).(*ast.Ident)
		if !ok {
			continue
		}
		if _, isNil := info.Uses[id].(*types.Nil); !isNil {
			continue
		}
		t := info.TypeOf(fields[i].Type)
		if t == nil {
			continue
		}
		off := rf.f.offset(r.Pos())
		rf.sf.edits.insert(off, "("+rf.f.text(rf.sf, fields[i].Type)+")(")
		rf.sf.edits.insertClosing(off, rf.f.offset(r.End()), ")")
	}
}

// mentionsAny reports whether any of exprs mentions one of names.
func mentionsAny(exprs []ast.Expr, names []string) bool {
	for _, e := range exprs {
		for _, n := range names {
			if mentions(e, n) {
				return true
			}
		}
	}
	return false
}

// branch rewrites a break or continue that leaves a desugared loop's body.
func (rf *rangeFuncs) branch(br *ast.BranchStmt, stack []*scope) {
	if br.Tok == token.GOTO {
		rf.gotoOut(br, stack)
		return
	}
	if br.Tok != token.BREAK && br.Tok != token.CONTINUE {
		return
	}
	target := -1
	for i := len(stack) - 1; i >= 0; i-- {
		s := stack[i]
		if br.Label != nil {
			if s.label == br.Label.Name {
				target = i
				break
			}
			continue
		}
		if s.loop || br.Tok == token.BREAK {
			target = i
			break
		}
	}
	if target < 0 {
		return
	}
	// The innermost desugared loop at or above the target.
	inner := -1
	for i := len(stack) - 1; i >= target; i-- {
		if stack[i].desugared {
			inner = i
			break
		}
	}
	if inner < 0 {
		return // a branch between ordinary statements
	}
	f, sf := rf.f, rf.sf
	if inner == target {
		text := "return false"
		if br.Tok == token.CONTINUE {
			text = "return true"
		}
		sf.edits = append(sf.edits, edit{off: f.offset(br.Pos()), end: f.offset(br.End()), text: text})
		return
	}
	// A labelled branch to a statement enclosing the desugared loop: leave
	// the yield functions up to it, then branch.
	rf.needNxt = true
	id := strconv.Itoa(f.offset(br.Pos()))
	sf.edits = append(sf.edits, edit{off: f.offset(br.Pos()), end: f.offset(br.End()), text: "{ _dsnext = " + id + "; return false }"})
	for i := inner; i > target; i-- {
		if !stack[i].desugared {
			continue
		}
		outer := false
		for j := i - 1; j > target; j-- {
			outer = outer || stack[j].desugared
		}
		jump := br.Tok.String() + " " + br.Label.Name
		switch {
		case outer:
			jump = "return false" // on to the next yield function out
		case stack[target].desugared && br.Tok == token.BREAK:
			jump = "_dsnext = 0; return false" // the target is a yield function too
		case stack[target].desugared:
			jump = "_dsnext = 0; return true"
		default:
			jump = "_dsnext = 0; " + jump
		}
		stack[i].exits = append(stack[i].exits, "if _dsnext == "+id+" { "+jump+" }")
	}
}
