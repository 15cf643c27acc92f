package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// multiValues is the pass for statements assigning several values in a
// function: in `lo, hi = 0, len(s)` or `q, r := 8, []int{9}` yaegi writes
// the value of a call or of a composite literal straight into its
// variable and loses the others (lo kept its old value, q was 0). A
// parenthesised call or literal is evaluated on its own first, which yaegi
// runs right:
//
//	lo, hi = 0, len(s)  →  lo, hi = 0, (len(s))
//
// A nil among several values assigned fails in yaegi (reflect: New(nil));
// it gets the type of its variable, which yaegi assigns right, except the
// empty interface's, whose values are then a function literal's results
// (see valuesReturned):
//
//	n, prev = next, nil  →  n, prev = next, (*Node)(nil)
//
// The package-level declarations are the initOrder pass's.
func multiValues(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		listed := listedStatements(sf.syntax)
		labelled := labelledStatements(sf.syntax)
		visit := func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && f.desugared[as] {
				return true // rewritten whole (pointerTupleAssigns)
			}
			if n != nil {
				diags = append(diags, f.mapEntryResults(sf, n, labelled)...)
			}
			var values []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					values = n.Rhs
				}
				if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) && len(n.Rhs) > 1 {
					var c bool
					var d []diagnostic
					if f.methodsIntoEmptyInterface(n.Lhs, n.Rhs) {
						if listed[n] && splitAssignment(f, sf, n) {
							changed = true
							values = nil
							break
						}
						diags = append(diags, f.refusal(n.Pos(), "a value of a type with methods assigned with other values to a variable of an empty interface type (first, n = T{1}, 2 with first an any)")...)
						values = nil
						break
					}
					if f.assignsEmptyInterface(n.Rhs) || f.nilIntoEmptyInterface(n.Lhs, n.Rhs) {
						// Results, which yaegi evaluates on their own.
						c, d = f.valuesReturned(sf, n)
						values = nil
					} else {
						c, d = f.typedNils(sf, n.Lhs, n.Rhs)
					}
					changed = changed || c
					diags = append(diags, d...)
				}
			case *ast.ValueSpec:
				values = n.Values
			case *ast.ReturnStmt:
				if f.parenthesiseBuiltins(sf, n.Results) {
					changed = true
				}
			}
			if len(values) > 1 && f.parenthesise(sf, values) {
				changed = true
			}
			return true
		}
		for _, d := range sf.syntax.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					ast.Inspect(d.Body, visit)
				}
			case *ast.GenDecl:
				// The function literals of package-level initialisers.
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok {
						for _, v := range vs.Values {
							ast.Inspect(v, visit)
						}
					}
				}
			}
		}
	}
	return changed, diags
}

// assignsEmptyInterface reports whether one of values, assigned with
// the others, is not nil and of an empty interface type (any): yaegi
// fails on it (reflect.Set: value of type interface {} is not assignable
// to type interp.valueInterface).
func (f *folder) assignsEmptyInterface(values []ast.Expr) bool {
	var info *types.Info
	for _, v := range values {
		if id, ok := ast.Unparen(v).(*ast.Ident); ok && id.Name == "nil" {
			continue
		}
		if info == nil {
			if info = f.typeInfo(); info == nil { // type-checked only for several values
				return false
			}
		}
		if t := info.TypeOf(v); t != nil {
			if iface, ok := t.Underlying().(*types.Interface); ok && iface.Empty() {
				return true
			}
		}
	}
	return false
}

// nilIntoEmptyInterface reports whether a nil among values is assigned,
// with the others, to a variable of vars of an empty interface type (res,
// err = nil, e with res an any), which a typed nil cannot stand for: the
// values are then a function literal's results (see valuesReturned).
func (f *folder) nilIntoEmptyInterface(vars, values []ast.Expr) bool {
	for i, v := range values {
		if id, ok := ast.Unparen(v).(*ast.Ident); !ok || id.Name != "nil" {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return false
		}
		if _, isNil := info.Uses[ast.Unparen(v).(*ast.Ident)].(*types.Nil); isNil && isEmptyInterface(f.typeOf(vars[i])) {
			return true
		}
	}
	return false
}

// methodsIntoEmptyInterface reports whether a value of a type of
// interpreted code with methods (or a pointer to one) is assigned, with
// others, to a variable of vars of an empty interface type: the
// ifaceCopies pass puts it in the interface through a function literal
// whose result yaegi fails to assign with the others (reflect.Set: value
// of type interface {} is not assignable to type interp.valueInterface),
// and unwrapped it fails too (value of type interp.valueInterface is not
// assignable to type struct {...}).
func (f *folder) methodsIntoEmptyInterface(vars, values []ast.Expr) bool {
	for i, v := range values {
		if !isEmptyInterface(f.typeOf(vars[i])) {
			continue
		}
		t := f.typeOf(v)
		if t == nil || types.IsInterface(t) {
			continue
		}
		if p, ok := t.Underlying().(*types.Pointer); ok && !isNamed(t) {
			t = p.Elem()
		}
		if f.interpretedConcrete(t) && types.NewMethodSet(types.NewPointer(t)).Len() > 0 {
			return true
		}
	}
	return false
}

// valuesReturned makes the values of as, one of which is of an empty
// interface type (see assignsEmptyInterface), the results of a function
// literal called on the spot, whose results yaegi assigns right:
//
//	a, b = b, a  →  a, b = func() (any, any) { return b, a }()
//
// The results are converted to the variables' types as the assignment
// converts them. A map entry among the variables (yaegi loses the results
// of a call assigned to one) or a variable whose type the file cannot
// spell runs the route compiled.
func (f *folder) valuesReturned(sf *srcFile, as *ast.AssignStmt) (bool, []diagnostic) {
	info := f.typeInfo()
	names := make([]string, len(as.Lhs))
	for i, l := range as.Lhs {
		if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
			if _, isMap := f.typeOf(ix.X).(*types.Map); isMap {
				return false, f.refusal(as.Pos(), "a map entry assigned with other values, one of them of an empty interface type")
			}
		}
		t := info.TypeOf(l)
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
			t = types.Default(info.TypeOf(as.Rhs[i]))
		}
		name, ok := "", t != nil
		if ok {
			name, ok = f.typeName(sf, t)
		}
		if !ok {
			return false, f.refusal(as.Pos(), "values assigned together, one of them of an empty interface type, to a variable whose type the file cannot spell")
		}
		names[i] = name
	}
	first, last := as.Rhs[0], as.Rhs[len(as.Rhs)-1]
	// The calls among the results parenthesised too: yaegi returned
	// raw["a"], len(raw) from a func() (any, int) with reflect.Set:
	// value of type interface {} is not assignable to type int. The
	// function goes first, around them.
	f.parenthesise(sf, as.Rhs)
	sf.edits.insertFirst(f.offset(first.Pos()), "func() ("+strings.Join(names, ", ")+") { return ")
	sf.edits.insertClosing(f.offset(first.Pos()), f.offset(last.End()), " }()")
	return true, nil
}

// refusal is the diagnostic refusing the route for what msg describes, at
// pos, when f detects differences.
func (f *folder) refusal(pos token.Pos, msg string) []diagnostic {
	if !f.detect {
		return nil
	}
	return []diagnostic{{pos: pos, msg: msg + DiffersMarker, refuse: true}}
}

// typedNils gives each nil among values the type of its variable of vars
// (see multiValues), and reports whether it did.
func (f *folder) typedNils(sf *srcFile, vars, values []ast.Expr) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for i, v := range values {
		id, ok := ast.Unparen(v).(*ast.Ident)
		if !ok || id.Name != "nil" {
			continue
		}
		info := f.typeInfo() // type-checked only for a nil
		if info == nil {
			return changed, diags
		}
		if _, isNil := info.Uses[id].(*types.Nil); !isNil {
			continue // a variable named nil
		}
		t := f.typeOf(vars[i])
		if t == nil {
			continue
		}
		name, ok := f.typeName(sf, t)
		if iface, isIface := t.Underlying().(*types.Interface); ok && (!isIface || !iface.Empty()) {
			sf.edits.insert(f.offset(v.Pos()), "("+name+")(")
			sf.edits.insertClosing(f.offset(v.Pos()), f.offset(v.End()), ")")
			changed = true
			continue
		}
		if f.detect {
			diags = append(diags, diagnostic{pos: v.Pos(), msg: "nil assigned with other values to a variable of type " + types.TypeString(t, nil) + DiffersMarker, refuse: true})
		}
	}
	return changed, diags
}

// parenthesise puts the calls, composite literals and type assertions
// (v, n = x.(int), 9 left n 0; typeAssertions makes them calls) among
// values in parentheses, enclosing what other passes wrote at their ends,
// and reports whether there was one.
func (f *folder) parenthesise(sf *srcFile, values []ast.Expr) bool {
	var wrapped []ast.Expr
	for _, v := range values {
		switch v.(type) {
		case *ast.CallExpr, *ast.CompositeLit, *ast.TypeAssertExpr:
			wrapped = append(wrapped, v)
		}
	}
	return f.wrapInParens(sf, wrapped)
}

// wrapInParens puts each of exprs in parentheses.
func (f *folder) wrapInParens(sf *srcFile, exprs []ast.Expr) bool {
	var open edits
	for _, v := range exprs {
		open.insert(f.offset(v.Pos()), "(")
		sf.edits.insertClosing(f.offset(v.Pos()), f.offset(v.End()), ")")
	}
	if len(open) == 0 {
		return false
	}
	// First, so that an edit another pass made at the value's start (a
	// replacement of the whole call) comes after it, inside.
	sf.edits = append(open, sf.edits...)
	return true
}

// parenthesiseBuiltins parenthesises the calls of built-in functions
// among the results of a return but the first: yaegi writes the value of
// `return n, len(xs)` into the first result (the function returned 6, 6
// for 6, 3; `return "a", len(xs)` panicked, reflect: call of
// reflect.Value.SetInt on string Value), and `return 6, <-ch` panicked
// too. It evaluates a parenthesised call or receive on its own first,
// which it runs right:
//
//	return t, len(xs)  →  return t, (len(xs))
func (f *folder) parenthesiseBuiltins(sf *srcFile, results []ast.Expr) bool {
	if len(results) < 2 {
		return false
	}
	info := f.typeInfo()
	var calls []ast.Expr
	for _, r := range results[1:] {
		if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			calls = append(calls, r) // the same with a receive
			continue
		}
		call, ok := r.(*ast.CallExpr)
		if !ok {
			continue
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok {
			continue
		}
		var builtin bool
		if info != nil {
			_, builtin = info.Uses[id].(*types.Builtin)
		} else {
			_, builtin = types.Universe.Lookup(id.Name).(*types.Builtin)
		}
		if builtin {
			calls = append(calls, call)
		}
	}
	return f.wrapInParens(sf, calls)
}

// listedStatements returns the statements of file that stand in a list of
// statements (a block's, a case's), where one may become several.
func listedStatements(file *ast.File) map[ast.Stmt]bool {
	out := make(map[ast.Stmt]bool)
	add := func(list []ast.Stmt) {
		for _, s := range list {
			out[s] = true
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			add(n.List)
		case *ast.CaseClause:
			add(n.Body)
		case *ast.CommClause:
			add(n.Body)
		}
		return true
	})
	return out
}

// splitAssignment makes as, an assignment of several values to names
// standing in a list of statements, a definition of variables holding
// the values followed by an assignment of each, on the same line, and
// reports whether it did: yaegi fails to assign a value of a type with
// methods with others to a variable of an empty interface type (see
// methodsIntoEmptyInterface), and assigns it alone right. The values are
// all evaluated first, as Go evaluates them:
//
//	first, n = T{1}, 2  →  _dsmv0_9, _dsmv1_9 := T{1}, 2; first = _dsmv0_9; n = _dsmv1_9
func splitAssignment(f *folder, sf *srcFile, as *ast.AssignStmt) bool {
	for _, l := range as.Lhs {
		if _, ok := l.(*ast.Ident); !ok {
			return false
		}
	}
	// The definition of several values is the parenthesise's, whose
	// edits come first at the statement's end.
	f.parenthesise(sf, as.Rhs)
	names := make([]string, len(as.Lhs))
	var assigns strings.Builder
	for i, l := range as.Lhs {
		id := l.(*ast.Ident)
		names[i] = fmt.Sprintf("_dsmv%d_%d", i, f.offset(as.Pos()))
		fmt.Fprintf(&assigns, "; %s = %s", id.Name, names[i])
	}
	sf.edits = append(sf.edits, edit{off: f.offset(as.Lhs[0].Pos()), end: f.offset(as.TokPos) + len(as.Tok.String()), text: strings.Join(names, ", ") + " :="})
	sf.edits.insert(f.offset(as.End()), assigns.String())
	return true
}

// mapEntryResults rewrites the statements of list assigning the two
// results of one operation (a call, a comma-ok type assertion, map
// lookup or receive) where a map entry is among the variables:
// yaegi never writes the map entry (m[k], err = strconv.Atoi(s) left m
// without k). The results are declared first, then assigned as two
// values, which yaegi assigns right, in a block of the statement's line
// (declared with var: v, ok := x.(T) in a loop kept the last iteration's
// v where the assertion failed):
//
//	m[k], ok = v.(float64)  →  { var _dsm1 float64; var _dsm2 bool; _dsm1, _dsm2 = v.(float64); m[k], ok = _dsm1, _dsm2 }
//
// The operands of the variables (the entry's map and key, a field's
// operand) are read after the operation, as the compiler reads them
// (walk/order.go, OAS2FUNC: they stay in place, the results go to
// temporaries assigned afterwards); the variables must be names,
// constants, fields of names or elements of those, which no operation
// evaluates: another one (m[key()]) runs the route compiled. Such a
// statement as the init of an if or a switch statement becomes the
// first statement of a block around it, the if or switch keeping an
// empty init:
//
//	if m[k], err = f(); err != nil {  →  { var _dsm1 int; var _dsm2 error; _dsm1, _dsm2 = f(); m[k], err = _dsm1, _dsm2; if ; err != nil { … } }
//
// One in a for statement's header, a labelled switch's (whose label the
// block would take) or a type switch's runs the route compiled. The
// results of a call assigned to elements or fields that the call may
// change are assigned so too (see evalOrder's resultTemps).
func (f *folder) mapEntryResults(sf *srcFile, n ast.Node, labelled map[ast.Stmt]bool) []diagnostic {
	var list []ast.Stmt
	switch n := n.(type) {
	case *ast.BlockStmt:
		list = n.List
	case *ast.CaseClause:
		list = n.Body
	case *ast.CommClause:
		list = n.Body
	case *ast.IfStmt:
		return f.mapEntryHeader(sf, n, n.Init, labelled)
	case *ast.ForStmt:
		return append(f.mapEntryRefusal(n.Init), f.mapEntryRefusal(n.Post)...)
	case *ast.SwitchStmt:
		return f.mapEntryHeader(sf, n, n.Init, labelled)
	case *ast.TypeSwitchStmt:
		return f.mapEntryRefusal(n.Init)
	}
	var diags []diagnostic
	for _, st := range list {
		as, ok := st.(*ast.AssignStmt)
		if !ok || !f.assignsResultsToMapEntry(as) && !f.resultTemps[as] {
			continue
		}
		decls, assigns, temps, d := f.mapEntryTemps(sf, as)
		if d != nil {
			diags = append(diags, d...)
			continue
		}
		sf.edits.insertFirst(f.offset(as.Pos()), "{ "+decls)
		sf.edits = append(sf.edits, temps) // after the insertions at its start
		sf.edits.insert(f.offset(as.End()), "; "+assigns+" }")
	}
	return diags
}

// mapEntryHeader rewrites init, the init statement of s (an if or a
// switch statement), when mapEntryResults would rewrite it in a list: a
// block around s starts with it, and s keeps an empty init (see
// mapEntryResults).
func (f *folder) mapEntryHeader(sf *srcFile, s, init ast.Stmt, labelled map[ast.Stmt]bool) []diagnostic {
	as, ok := init.(*ast.AssignStmt)
	if !ok || !f.assignsResultsToMapEntry(as) && !f.resultTemps[as] {
		return nil
	}
	if labelled[s] {
		return f.mapEntryRefusal(init)
	}
	keyword := "if"
	if _, isSwitch := s.(*ast.SwitchStmt); isSwitch {
		keyword = "switch"
	}
	start, end := f.offset(s.Pos()), f.offset(s.End())
	for _, x := range sf.edits {
		// Another pass's replacement of the keyword, or of text around
		// the statement's bounds, leaves no place for the block.
		if x.end > x.off && (x.off < start+len(keyword) && x.end > start || x.off < end && x.end > end) {
			return f.mapEntryRefusal(init)
		}
	}
	decls, assigns, temps, d := f.mapEntryTemps(sf, as)
	if d != nil {
		return d
	}
	sf.edits.wrapAround(start, end, "{ "+decls, " }")
	sf.edits = append(sf.edits, edit{off: start, end: start + len(keyword), text: ""}, temps)
	sf.edits.insert(f.offset(as.End()), "; "+assigns+"; "+keyword+" ")
	return nil
}

// mapEntryTemps returns what makes as, an assignment mapEntryResults
// rewrites, assign the results of its operation to temporaries instead
// of its variables: the declarations of the temporaries, the assignment
// of the variables from them, and the edit replacing the variables by
// the temporaries (for the caller to add after its insertions at the
// statement's start); or why it cannot. It takes the variables' text.
func (f *folder) mapEntryTemps(sf *srcFile, as *ast.AssignStmt) (decls, assigns string, temps edit, diags []diagnostic) {
	if !simpleTargets(as.Lhs) {
		return "", "", edit{}, f.refusal(as.Pos(), "a map entry whose key or map is an operation, or beside a variable that is, assigned with another variable the results of a call or a comma-ok operation")
	}
	results := f.operationResults(as.Rhs[0])
	if into := resultsInto(f.typeInfo(), as); into != nil {
		// ifaceCopies made the call's results those of the variables.
		results = into
	}
	if len(results) != len(as.Lhs) {
		return "", "", edit{}, f.refusal(as.Pos(), "a map entry assigned with another variable the results of an operation whose types the rewrite cannot tell")
	}
	id := strconv.Itoa(f.offset(as.Pos()))
	names := make([]string, len(as.Lhs))
	for i, t := range results {
		name, ok := f.typeName(sf, t)
		if !ok {
			return "", "", edit{}, f.refusal(as.Pos(), "a map entry assigned with another variable the results of an operation whose types the file cannot spell")
		}
		names[i] = "_dsm" + id + "_" + strconv.Itoa(i+1)
		decls += "var " + names[i] + " " + name + "; "
	}
	// The plain insertions at the statement's start (the line a panic
	// names) stay before the operation, not with the first variable.
	at := f.offset(as.Pos())
	var kept, before edits
	for _, x := range sf.edits {
		if x.off == at && x.end == at && x.wraps == 0 && x.closes == 0 && x.opened == 0 {
			before = append(before, x)
		} else {
			kept = append(kept, x)
		}
	}
	sf.edits = kept
	lhs := make([]string, len(as.Lhs))
	for i, l := range as.Lhs {
		lhs[i] = sf.take(f, l)
	}
	sf.edits = append(sf.edits, before...)
	temps = edit{off: f.offset(as.Lhs[0].Pos()), end: f.offset(as.TokPos), text: strings.Join(names, ", ") + " "}
	assigns = strings.Join(lhs, ", ") + " = " + strings.Join(names, ", ")
	if f.interfaceMapEntry(as.Lhs) || emptyInterfaceTemp(results, as.Lhs) {
		// yaegi fails a map entry of an interface type assigned with
		// other values (reflect.Set: value of type interface {} is not
		// assignable to type interp.valueInterface, yaegi #1655), and
		// so any variable assigned a temporary of an empty interface
		// type with others (t.v, err = f() with t a pointer, v an any
		// field, whose results ifaceCopies made (any, error)): one
		// assignment each, in the order Go assigns them, when no variable
		// is an operand of a later one, which Go reads before assigning.
		if !independentTargets(as.Lhs) {
			what := "a map entry of an interface type"
			if !f.interfaceMapEntry(as.Lhs) {
				what = "a variable of an empty interface type"
			}
			return "", "", edit{}, f.refusal(as.Pos(), what+" assigned the results of a call or a comma-ok operation with a variable another of the variables reads")
		}
		var each []string
		for i := range lhs {
			if !isBlank(as.Lhs[i]) {
				each = append(each, lhs[i]+" = "+names[i])
			}
		}
		assigns = strings.Join(each, "; ")
	}
	return decls, assigns, temps, nil
}

// emptyInterfaceTemp reports whether one of vars, not blank, is
// assigned a temporary of an empty interface type (of results).
func emptyInterfaceTemp(results []types.Type, vars []ast.Expr) bool {
	for i, t := range results {
		if i < len(vars) && !isBlank(vars[i]) && isEmptyInterface(t) {
			return true
		}
	}
	return false
}

// interfaceMapEntry reports whether one of vars is an entry of a map
// whose values are of an interface type.
func (f *folder) interfaceMapEntry(vars []ast.Expr) bool {
	for _, v := range vars {
		ix, ok := ast.Unparen(v).(*ast.IndexExpr)
		if !ok {
			continue
		}
		if t := f.typeOf(ix.X); t != nil {
			if m, ok := t.Underlying().(*types.Map); ok && types.IsInterface(m.Elem()) {
				return true
			}
		}
	}
	return false
}

// independentTargets reports whether no variable of vars, the names,
// fields, elements and pointer targets of an assignment (see
// simpleTargets), is read by a later one (k, m[k] = ...): assigned one at
// a time, in order, they are assigned as the assignment assigns them.
func independentTargets(vars []ast.Expr) bool {
	assigned := make(map[string]bool)
	for _, v := range vars {
		if id, ok := ast.Unparen(v).(*ast.Ident); ok {
			assigned[id.Name] = true
			continue
		}
		reads := false
		ast.Inspect(v, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && assigned[id.Name] {
				reads = true
			}
			return !reads
		})
		if reads {
			return false
		}
	}
	return true
}

// operationResults returns the types of the results of e, a call or a comma-ok
// operation assigned to several variables.
func (f *folder) operationResults(e ast.Expr) []types.Type {
	t := f.typeOf(e)
	if tuple, ok := t.(*types.Tuple); ok {
		out := make([]types.Type, tuple.Len())
		for i := range out {
			out[i] = tuple.At(i).Type()
		}
		return out
	}
	if t == nil {
		return nil
	}
	return []types.Type{t, types.Typ[types.Bool]}
}

// mapEntryRefusal refuses st when it is an assignment mapEntryResults
// would rewrite, in a header where no block fits.
func (f *folder) mapEntryRefusal(st ast.Stmt) []diagnostic {
	if as, ok := st.(*ast.AssignStmt); ok && (f.assignsResultsToMapEntry(as) || f.resultTemps[as]) {
		return f.refusal(as.Pos(), "a map entry assigned with another variable the results of a call or a comma-ok operation in an if, for or switch header")
	}
	return nil
}

// assignsResultsToMapEntry reports whether as assigns the results of one
// operation to several variables, a map entry among them.
func (f *folder) assignsResultsToMapEntry(as *ast.AssignStmt) bool {
	if as.Tok != token.ASSIGN || len(as.Rhs) != 1 || len(as.Lhs) < 2 {
		return false
	}
	for _, l := range as.Lhs {
		// The syntax first, which spares the type check.
		if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok && f.typeInfo() != nil {
			if t := f.typeOf(ix.X); t != nil {
				if _, isMap := t.Underlying().(*types.Map); isMap {
					return true
				}
			}
		}
	}
	return false
}

// simpleMapEntries reports whether the map entries among vars index a
// name (or a field of one) with a name, a field or a constant: operands
// no operation changes as they are read.
func simpleMapEntries(vars []ast.Expr) bool {
	simple := func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident, *ast.BasicLit:
			return true
		case *ast.SelectorExpr:
			_, ok := ast.Unparen(e.X).(*ast.Ident)
			return ok
		}
		return false
	}
	for _, v := range vars {
		if ix, ok := ast.Unparen(v).(*ast.IndexExpr); ok && (!simple(ix.X) || !simple(ix.Index)) {
			return false
		}
	}
	return true
}

// simpleTargets reports whether vars, the variables of an assignment,
// are names, or fields or elements (of maps among them) of names indexed
// with names, fields or constants (see simpleMapEntries): their operands
// no operation evaluates, which the compiler reads as it assigns them.
func simpleTargets(vars []ast.Expr) bool {
	for _, v := range vars {
		switch v := ast.Unparen(v).(type) {
		case *ast.Ident:
		case *ast.SelectorExpr:
			if _, ok := ast.Unparen(v.X).(*ast.Ident); !ok {
				return false
			}
		case *ast.IndexExpr:
			if !simpleMapEntries([]ast.Expr{v}) {
				return false
			}
		case *ast.StarExpr:
			if _, ok := ast.Unparen(v.X).(*ast.Ident); !ok {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// labelledStatements returns the statements of file that carry a label.
func labelledStatements(file *ast.File) map[ast.Stmt]bool {
	out := make(map[ast.Stmt]bool)
	ast.Inspect(file, func(n ast.Node) bool {
		if ls, ok := n.(*ast.LabeledStmt); ok {
			out[ls.Stmt] = true
		}
		return true
	})
	return out
}
