package interp

import (
	"bytes"
	"go/ast"
)

// typeSwitchVar holds the operand of a desugared type switch when it is
// not a name (see typeSwitches). No Go source spells it, so it shadows
// nothing the clauses name.
const typeSwitchVar = "__devserver_tsw"

// typeSwitchConstruct is the type switch typeSwitches cannot desugar.
const typeSwitchConstruct = "a type switch with an init statement on an operand other than a name"

// typeSwitches is the pass for type switches, which yaegi matches
// otherwise than the compiler: a case of a type declared in Go source
// never matched in a switch binding no variable (switch v.(type) { case
// *T:), and a case of a type with methods (T and *T for a method of *T or
// of T) never matched in a switch binding one, where yaegi's assertion
// with a second result (_, ok := v.(*T)) answers as the compiler does for
// all of them. The switch becomes a switch without a tag whose cases are
// those assertions, tried in order, which is how Go tries the cases of a
// type switch; each clause declares the switch's variable, of the case's
// type for a case of one type, of the operand's type otherwise:
//
//	switch x := v.(type) {  →  switch {
//	case *T:                →  case func() bool { _, ok := v.(*T); return ok }(): x := v.(*T); _ = x;
//	case int, nil:          →  case func() bool { _, ok := v.(int); return ok }() || v == nil: x := v; _ = x;
//	default:                →  default: x := v; _ = x;
//
// A case of an interface type of compiled code (error, fmt.Stringer) in a
// switch on an empty interface asserts through ifaceAssertion's function
// instead, which yaegi's assertion of a value of interpreted code misses
// (case error: → case func() bool { _, ok := _dsi0_0(v); return ok }():
// x, _ := _dsi0_0(v); _ = x;).
//
// An operand that is not a name is evaluated once, first, into a variable
// (switch x := f().(type) { → switch __devserver_tsw := f(); {); a switch
// with an init statement whose operand is not a name is refused, as the
// switch has room for one init statement only.
func typeSwitches(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSwitchStmt)
			if !ok || len(ts.Body.List) == 0 {
				return true
			}
			if !f.desugarTypeSwitch(sf, ts) {
				diags = append(diags, diagnostic{pos: ts.Pos(), msg: typeSwitchConstruct + DiffersMarker, refuse: true})
				return true
			}
			changed = true
			return true
		})
	}
	return changed, diags
}

// desugarTypeSwitch records the edits making ts a switch without a tag
// (see typeSwitches), or reports false when it cannot.
func (f *folder) desugarTypeSwitch(sf *srcFile, ts *ast.TypeSwitchStmt) bool {
	var bound *ast.Ident
	var ta *ast.TypeAssertExpr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		bound, _ = a.Lhs[0].(*ast.Ident)
		ta, _ = ast.Unparen(a.Rhs[0]).(*ast.TypeAssertExpr)
	case *ast.ExprStmt:
		ta, _ = ast.Unparen(a.X).(*ast.TypeAssertExpr)
	}
	if ta == nil {
		return false
	}
	operand := typeSwitchVar
	if isName(ta.X) {
		// Read again by each case, as the switch read it once: a name
		// reads the same every time.
		operand = f.text(sf, ast.Unparen(ta.X))
		sf.edits = append(sf.edits, edit{off: f.offset(ts.Assign.Pos()), end: f.offset(ts.Assign.End())})
	} else {
		if ts.Init != nil {
			return false
		}
		sf.edits = append(sf.edits,
			edit{off: f.offset(ts.Assign.Pos()), end: f.offset(ta.X.Pos()), text: typeSwitchVar + " := "},
			edit{off: f.offset(ta.X.End()), end: f.offset(ts.Assign.End()), text: ";"})
	}
	// asserted is what a case of type e asserts: the operand, or, for an
	// error and a struct type of the package whose values yaegi's error
	// wrappers carry whole, the value itself (see wholeAssertion).
	asserted := func(e ast.Expr) string {
		if f.wholeCase(ta.X, e) {
			sf.addImport(methodsAlias, methodsPath)
			return wholeCall + "(" + operand + ")"
		}
		return operand
	}
	// ifaceFn is the function asserting to e, an interface type, as Go
	// does, when yaegi's assertion does not (see ifaceAssertion).
	ifaceFn := func(e ast.Expr) string {
		name, _ := f.ifaceAssertion(sf, ta.X, e)
		return name
	}
	for _, s := range ts.Body.List {
		cc := s.(*ast.CaseClause)
		for i, e := range cc.List {
			test := operand + " == nil"
			switch {
			case isEmptyInterface(f.typeOf(e)):
				// yaegi's assertion to an empty interface with a second
				// result fails whatever the operand holds (see
				// emptyInterfaceAssertion): the case matches what is not
				// nil.
				test = operand + " != nil"
			case !isNilIdent(e):
				if name := ifaceFn(e); name != "" {
					test = "func() bool { _, ok := " + name + "(" + operand + "); return ok }()"
					break
				}
				test = "func() bool { _, ok := " + asserted(e) + ".(" + f.text(sf, e) + "); return ok }()"
			}
			sf.edits = append(sf.edits, edit{off: f.offset(e.Pos()), end: f.offset(e.End()), text: test})
			if i > 0 {
				from, to := f.offset(cc.List[i-1].End()), f.offset(e.Pos())
				comma := from + bytes.IndexByte(sf.src[from:to], ',')
				sf.edits = append(sf.edits, edit{off: comma, end: comma + 1, text: " ||"})
			}
		}
		if bound == nil || bound.Name == "_" {
			continue
		}
		value, results := operand, bound.Name
		switch {
		case len(cc.List) == 1 && !isNilIdent(cc.List[0]) && ifaceFn(cc.List[0]) != "":
			// The function ifaceAssertion declared for the test.
			value, results = ifaceFn(cc.List[0])+"("+operand+")", bound.Name+", _"
		case len(cc.List) == 1 && isEmptyInterface(f.typeOf(cc.List[0])):
			// A conversion: yaegi's assertion to an empty interface
			// panics.
			value = "(" + f.text(sf, cc.List[0]) + ")(" + operand + ")"
		case len(cc.List) == 1 && !isNilIdent(cc.List[0]):
			value = asserted(cc.List[0]) + ".(" + f.text(sf, cc.List[0]) + ")"
		}
		sf.edits.insert(f.offset(cc.Colon)+1, " "+results+" := "+value+"; _ = "+bound.Name+";")
	}
	return true
}
