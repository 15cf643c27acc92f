package interp

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// selects is the pass for select statements, which yaegi runs with one
// array of cases per statement, not per run: goroutines running the same
// select at once (a pipeline stage started twice, a worker pool, two
// requests to one handler) overwrote each other's channels, so a goroutine
// could wait on another's channel or take its value, and the race detector
// fails. Each select becomes a switch over the index that one of
// internal/desugar's Select functions returns after communicating with
// cases of its own run. The channel operands and the values sent are
// evaluated on the select's line, once and in source order (into
// variables of the switch's block when later operands could change them),
// as Go evaluates them on entering the select; a received value is stored
// in a variable of the channel's element type, which the case then
// assigns or declares:
//
//	select {                 →  { var _dsv9_0 int; var _dsok9_0 bool; var _dsv9_1 int = n * 2; switch _dsrt.Select2("rsd", in, &_dsv9_0, &_dsok9_0, out, &_dsv9_1, nil) {
//	case v, ok := <-in:      →  case 0: v, ok := _dsv9_0, _dsok9_0;
//	case out <- n * 2:       →  case 1:
//	default:                 →  default:
//	}                        →  } }
//
// break, continue, labels and return keep their meaning in a switch (a
// label of the select moves to the switch). A select whose element types
// cannot be spelled in its file, or whose label a goto names, is left as
// written, and its route runs compiled (goroutines running it at once would
// share its cases).
func selects(f *folder) (bool, []diagnostic) {
	if f.typeInfo() == nil {
		return false, nil
	}
	changed := false
	var diags []diagnostic
	leftAsWritten := func(sel *ast.SelectStmt, why string) {
		if f.detect {
			diags = append(diags, diagnostic{pos: sel.Select, msg: "a select statement " + why + DiffersMarker, refuse: true})
		}
	}
	for _, sf := range f.accepted() {
		gotos := make(map[string]bool)
		labels := make(map[*ast.SelectStmt]*ast.LabeledStmt)
		var all []*ast.SelectStmt
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BranchStmt:
				if x.Tok == token.GOTO {
					gotos[x.Label.Name] = true
				}
			case *ast.LabeledStmt:
				if sel, ok := x.Stmt.(*ast.SelectStmt); ok {
					labels[sel] = x
				}
			case *ast.SelectStmt:
				all = append(all, x)
			}
			return true
		})
		// Inner statements first: an outer select moves the text of its
		// channel operands, with whatever inner edits it holds.
		for i := len(all) - 1; i >= 0; i-- {
			sel, label := all[i], labels[all[i]]
			if label != nil && gotos[label.Label.Name] {
				leftAsWritten(sel, "whose label a goto names")
				continue
			}
			if !f.perRunSelect(sf, sel, label) {
				leftAsWritten(sel, "the dev server cannot give each run cases of its own (an element type it cannot name in this file, a raw string spanning lines in an operand, or an ok of a named boolean type)")
				continue
			}
			sf.addImport("_dsrt", desugarPath)
			changed = true
		}
	}
	return changed, diags
}

// selectCase is one communication case of a select, as perRunSelect
// rewrites it, with the names of its variables: _dsc<id> holds the
// channel, _dsv<id> the value sent or received, _dsok<id> the receive's ok.
type selectCase struct {
	clause *ast.CommClause
	id     string
	dir    byte     // 'r' or 's'
	ch     ast.Expr // the channel operand
	elem   string   // the channel's element type, when a value is declared
	// inline passes the channel operand to Select as written, rather than
	// through a variable: it is evaluated in its place in the order.
	inline bool
	decls  string // evaluated on the select's line
	args   string // its three operands of Select
	head   string // what the case's body starts with: the assignment of a received value
}

// perRunSelect rewrites sel, labelled by label (or nil); it reports
// whether it did.
func (f *folder) perRunSelect(sf *srcFile, sel *ast.SelectStmt, label *ast.LabeledStmt) bool {
	prefix := strconv.Itoa(f.offset(sel.Select)) + "_"
	dirs := ""
	hasDefault := false
	var cases []selectCase
	for _, s := range sel.Body.List {
		cc := s.(*ast.CommClause)
		if cc.Comm == nil {
			hasDefault = true
			continue
		}
		c, ok := f.selectCase(sf, cc, prefix+strconv.Itoa(len(cases)))
		if !ok {
			return false
		}
		cases = append(cases, c)
		dirs += string(c.dir)
	}
	if hasDefault {
		dirs += "d"
	}
	inlineChannels(cases)
	// Everything is checked: now the text moves.
	head := "{ "
	call := "Select"
	if n := len(cases); n >= 1 && n <= 4 {
		call += strconv.Itoa(n)
	}
	call = "_dsrt." + call + "(" + strconv.Quote(dirs)
	for i := range cases {
		if !f.moveCase(sf, &cases[i]) {
			return false // not reached: selectCase checked the text
		}
		head += cases[i].decls
		call += ", " + cases[i].args
	}
	if label != nil {
		sf.edits = append(sf.edits, edit{off: f.offset(label.Pos()), end: f.offset(label.Colon) + 1})
		head += label.Label.Name + ": "
	}
	open := head + "switch " + call + ") {"
	if len(sel.Body.List) == 0 {
		open += " default: " // a switch without a clause does not call Select in yaegi (see emptySwitches)
	}
	sf.edits = append(sf.edits, edit{off: f.offset(sel.Select), end: f.offset(sel.Body.Lbrace) + 1, text: open})
	for i, c := range cases {
		from, to := f.offset(c.clause.Case), f.offset(c.clause.Colon)+1
		nl := strings.Repeat("\n", strings.Count(string(sf.src[from:to]), "\n"))
		sf.edits = append(sf.edits, edit{off: from, end: to, text: "case " + strconv.Itoa(i) + ":" + c.head + nl})
	}
	sf.edits.insert(f.offset(sel.Body.Rbrace)+1, " }")
	return true
}

// inlineChannels marks the channel operands that need no variable: Go
// evaluates the operands in source order, the values sent are evaluated
// into variables before the call of Select, and its arguments after them.
// A channel operand after the last send is evaluated in its place among
// the arguments; so is a variable's name whose value no later value sent
// can change (none calls a function or receives).
func inlineChannels(cases []selectCase) {
	lastSend := -1
	for i, c := range cases {
		if c.dir == 's' {
			lastSend = i
		}
	}
	for i := range cases {
		if i > lastSend {
			cases[i].inline = true
			continue
		}
		if _, isName := ast.Unparen(cases[i].ch).(*ast.Ident); !isName {
			continue
		}
		pure := true
		for _, later := range cases[i : lastSend+1] {
			if later.dir == 's' {
				pure = pure && !hasEffects(later.clause.Comm.(*ast.SendStmt).Value)
			}
		}
		cases[i].inline = pure
	}
}

// hasEffects reports whether evaluating e may change a variable: whether
// it calls a function (or converts) or receives.
func hasEffects(e ast.Expr) bool {
	effects := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			effects = true
		case *ast.UnaryExpr:
			effects = effects || x.Op == token.ARROW
		}
		return !effects
	})
	return effects
}

// selectCase checks one communication case, whose text moveCase takes.
func (f *folder) selectCase(sf *srcFile, cc *ast.CommClause, id string) (selectCase, bool) {
	c := selectCase{clause: cc, id: id, dir: 'r'}
	ok := false
	switch comm := cc.Comm.(type) {
	case *ast.SendStmt:
		c.dir, c.ch = 's', comm.Chan
		c.elem, ok = f.elemName(sf, comm.Chan)
		ok = ok && f.movable(sf, comm.Chan) && f.movable(sf, comm.Value)
	case *ast.ExprStmt:
		recv, isRecv := receive(comm.X)
		if !isRecv {
			return c, false
		}
		c.ch = recv.X
		ok = f.movable(sf, recv.X)
	case *ast.AssignStmt:
		if len(comm.Rhs) != 1 || len(comm.Lhs) > 2 {
			return c, false
		}
		recv, isRecv := receive(comm.Rhs[0])
		if !isRecv || !f.movable(sf, recv.X) {
			return c, false
		}
		c.ch = recv.X
		c.elem, ok = f.elemName(sf, recv.X)
		for _, lhs := range comm.Lhs {
			ok = ok && f.movable(sf, lhs)
		}
		// ok = <-ch of an ok of a named boolean type would need a
		// conversion: left as written.
		if len(comm.Lhs) == 2 && comm.Tok == token.ASSIGN {
			t := f.typeOf(comm.Lhs[1])
			ok = ok && (t == nil || types.Identical(t, types.Typ[types.Bool]))
		}
	}
	return c, ok
}

// moveCase takes the text of c's operands (with the edits other passes
// made in it) for the select's line and the case's head.
func (f *folder) moveCase(sf *srcFile, c *selectCase) bool {
	ch, v, ok := "_dsc"+c.id, "_dsv"+c.id, "_dsok"+c.id
	chText, moved := oneLine(sf.take(f, c.ch))
	if !moved {
		return false
	}
	if c.inline {
		ch = chText
	} else {
		c.decls = "var " + ch + " = " + chText + "; "
	}
	switch comm := c.clause.Comm.(type) {
	case *ast.SendStmt:
		value, moved := oneLine(sf.take(f, comm.Value))
		if !moved {
			return false
		}
		if builtInPlace(comm.Value) {
			// Built in place into a variable of an interface type, a
			// struct value fails (see parenInPlace).
			value = "(" + value + ")"
		}
		c.decls += "var " + v + " " + c.elem + " = " + value + "; "
		c.args = ch + ", &" + v + ", nil"
	case *ast.ExprStmt:
		c.args = ch + ", nil, nil"
	case *ast.AssignStmt:
		c.decls += "var " + v + " " + c.elem + "; "
		c.args = ch + ", &" + v + ", nil"
		values := v
		if len(comm.Lhs) == 2 {
			c.decls += "var " + ok + " bool; "
			c.args = ch + ", &" + v + ", &" + ok
			values += ", " + ok
		}
		var lhs []string
		for _, l := range comm.Lhs {
			text, moved := oneLine(sf.take(f, l))
			if !moved {
				return false
			}
			lhs = append(lhs, text)
		}
		c.head = " " + strings.Join(lhs, ", ") + " " + comm.Tok.String() + " " + values + ";"
		if len(lhs) == 2 && comm.Tok == token.ASSIGN {
			// One assignment each: yaegi fails on a value of an
			// empty interface type assigned with another.
			c.head = " " + lhs[0] + " = " + v + "; " + lhs[1] + " = " + ok + ";"
		}
	}
	return true
}

// receive returns the receive operation e is, if it is one.
func receive(e ast.Expr) (*ast.UnaryExpr, bool) {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	return u, ok && u.Op == token.ARROW
}

// elemName spells the element type of the channel ch in sf, or reports
// that it cannot.
func (f *folder) elemName(sf *srcFile, ch ast.Expr) (string, bool) {
	t := f.typeOf(ch)
	if t == nil {
		return "", false
	}
	c, ok := t.Underlying().(*types.Chan)
	if !ok {
		return "", false
	}
	return f.typeName(sf, c.Elem())
}

// movable reports whether the text of e can be moved onto one line.
func (f *folder) movable(sf *srcFile, e ast.Expr) bool {
	_, ok := oneLine(string(sf.src[f.offset(e.Pos()):f.offset(e.End())]))
	return ok
}

// oneLine returns src, an expression, on one line: line breaks that end a
// statement become semicolons and comments are dropped (a line directive
// would misplace what follows on the new line). A raw string holding a
// line break cannot be moved.
func oneLine(src string) (string, bool) {
	if !strings.ContainsAny(src, "\n\r") && !strings.Contains(src, "/*") && !strings.Contains(src, "//") {
		return src, true
	}
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	failed := false
	s.Init(file, []byte(src), func(token.Position, string) { failed = true }, 0)
	var b strings.Builder
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		switch {
		case tok == token.SEMICOLON && lit == "\n":
			b.WriteByte(';')
		case lit != "":
			b.WriteString(lit)
		default:
			b.WriteString(tok.String())
		}
	}
	out := strings.TrimSuffix(b.String(), " ;")
	return out, !failed && !strings.ContainsAny(out, "\n\r")
}
