package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// ifaceCopies is the pass for values of the interpreted types with methods
// stored in an interface. Go copies the value into the interface; yaegi
// keeps the variable itself in it when the type has methods, so a change
// made to the variable afterwards shows through the interface: a struct
// appended to a []Shape in a loop that reuses one variable gave the last
// value every time, `var v Valuer = c; c.Inc()` saw the increment. The
// operand is put in the interface by a function literal called on the
// spot, whose frame (a new one each call) holds the copy; a conversion to
// its own type would copy it into one slot of the caller's frame, which a
// loop reuses:
//
//	shapes = append(shapes, r)  →  shapes = append(shapes, func(_icv Rect) Shape { return _icv }(r))
//
// A variable holding a pointer to such a type is kept the same way, and
// so is an address taken (&v, &T{...}): a pointer appended to a []error
// in a loop (e := &NotFound{i}; errs = append(errs, e)) read the last
// iteration's, by interpreted code too.
//
// Only operands that name a variable (an identifier, a field, an element
// of a slice or an array, a pointer's target) or take an address, and
// that are converted to an interface by interpreted code, are rewritten: an assignment or a variable
// declaration, a return, an argument of a function or method of
// interpreted code or of append, an element of a composite literal, a send,
// an explicit conversion. Compiled functions (the standard library) copy
// their arguments themselves. Operands of a type parameter's type are left
// as written: the interpreter cannot convert them.
func ifaceCopies(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		c := &ifaceCopier{f: f, sf: sf, info: info, unconverted: make(map[*ast.CallExpr]bool)}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if es, ok := n.(*ast.ExprStmt); ok && isPanicCall(es.X) {
				if conv := unconvertedPanicArg(info, es); conv != nil {
					c.unconverted[conv] = true
				}
			}
			return true
		})
		var stack []*types.Signature
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body == nil {
					return false
				}
				sig, _ := typeOfObj(info.Defs[n.Name]).(*types.Signature)
				stack = append(stack, sig)
				ast.Inspect(n.Body, func(m ast.Node) bool { return c.visit(m, &stack) })
				stack = stack[:len(stack)-1]
				return false
			default:
				return c.visit(n, &stack)
			}
		})
		if c.changed {
			changed = true
		}
	}
	return changed, nil
}

// typeOfObj returns the type of o, nil for no object.
func typeOfObj(o types.Object) types.Type {
	if o == nil {
		return nil
	}
	return o.Type()
}

// ifaceCopier rewrites the operands of one file.
type ifaceCopier struct {
	f       *folder
	sf      *srcFile
	info    *types.Info
	changed bool
	// unconverted are the conversions that panic's argument is, which
	// nilPanics removes (see unconvertPanic): the value it panics with
	// is the operand's own, not a copy in an interface.
	unconverted map[*ast.CallExpr]bool
}

// visit looks at one node for conversions to an interface; stack holds the
// signatures of the functions around it, innermost last.
func (c *ifaceCopier) visit(n ast.Node, stack *[]*types.Signature) bool {
	switch n := n.(type) {
	case *ast.FuncLit:
		sig, _ := c.info.TypeOf(n).(*types.Signature)
		*stack = append(*stack, sig)
		ast.Inspect(n.Body, func(m ast.Node) bool { return c.visit(m, stack) })
		*stack = (*stack)[:len(*stack)-1]
		return false
	case *ast.AssignStmt:
		if n.Tok == token.ASSIGN && len(n.Rhs) == 1 && len(n.Lhs) > 1 {
			c.resultsInto(n)
		}
		if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
			for i, r := range n.Rhs {
				copied := c.copyInto(c.info.TypeOf(n.Lhs[i]), r)
				copied = c.literalInto(c.info.TypeOf(n.Lhs[i]), r) || copied
				if len(n.Rhs) > 1 && !copied {
					c.tupleInto(c.info.TypeOf(n.Lhs[i]), r)
				}
			}
		}
	case *ast.ValueSpec:
		if n.Type != nil && len(n.Names) == len(n.Values) {
			for _, v := range n.Values {
				copied := c.copyInto(c.info.TypeOf(n.Type), v)
				copied = c.literalInto(c.info.TypeOf(n.Type), v) || copied
				if len(n.Values) > 1 && !copied {
					c.tupleInto(c.info.TypeOf(n.Type), v)
				}
			}
		}
	case *ast.ReturnStmt:
		if len(*stack) == 0 {
			break
		}
		sig := (*stack)[len(*stack)-1]
		if sig != nil && sig.Results().Len() == len(n.Results) {
			for i, r := range n.Results {
				c.copyInto(sig.Results().At(i).Type(), r)
			}
		}
	case *ast.SendStmt:
		if ch, ok := underlying(c.info.TypeOf(n.Chan)).(*types.Chan); ok {
			// A literal or a call's result sent in a loop (errc <-
			// NotFound{i}, errc <- mk(i)) is held in one slot of the
			// frame, which the next iteration overwrites: every value
			// received read the last one.
			copied := c.copyInto(ch.Elem(), n.Value)
			copied = c.literalInto(ch.Elem(), n.Value) || copied
			if t := c.info.TypeOf(n.Value); !copied && t != nil && (c.f.aliasedInIface(t) || c.f.aliasedPointer(t)) {
				c.tupleInto(ch.Elem(), n.Value)
			}
		}
	case *ast.CallExpr:
		c.call(n)
	case *ast.CompositeLit:
		c.composite(n)
	}
	return true
}

// underlying returns t's underlying type, nil for nil.
func underlying(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// call handles the arguments of a conversion, of append and of a call of
// interpreted code.
func (c *ifaceCopier) call(call *ast.CallExpr) {
	if tv, ok := c.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 && !c.unconverted[call] {
			c.copyInto(tv.Type, call.Args[0])
			c.literalInto(tv.Type, call.Args[0])
		}
		return
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := c.info.Uses[id].(*types.Builtin); ok {
			if b.Name() == "append" && len(call.Args) > 1 && !call.Ellipsis.IsValid() {
				if s, ok := underlying(c.info.TypeOf(call.Args[0])).(*types.Slice); ok {
					for _, a := range call.Args[1:] {
						c.copyInto(s.Elem(), a)
						c.literalInto(s.Elem(), a)
					}
				}
			}
			return
		}
	}
	if _, compiled := compiledCallee(c.info, call); compiled {
		return
	}
	sig, ok := underlying(c.info.TypeOf(call.Fun)).(*types.Signature)
	if !ok {
		return
	}
	params := sig.Params()
	for i, a := range call.Args {
		var t types.Type
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if call.Ellipsis.IsValid() {
				continue
			}
			s, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice)
			if !ok {
				continue
			}
			t = s.Elem()
		case i < params.Len():
			t = params.At(i).Type()
		default:
			continue
		}
		c.copyInto(t, a)
		c.literalInto(t, a)
	}
}

// composite handles the elements of a composite literal.
func (c *ifaceCopier) composite(lit *ast.CompositeLit) {
	switch u := underlying(c.info.TypeOf(lit)).(type) {
	case *types.Slice:
		c.elements(lit, nil, u.Elem())
	case *types.Array:
		c.elements(lit, nil, u.Elem())
	case *types.Map:
		c.elements(lit, u.Key(), u.Elem())
	case *types.Struct:
		for i, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if v, ok := c.info.Uses[id].(*types.Var); ok {
						c.copyInto(v.Type(), kv.Value)
						c.literalInto(v.Type(), kv.Value)
					}
				}
				continue
			}
			if i < u.NumFields() {
				c.copyInto(u.Field(i).Type(), e)
				c.literalInto(u.Field(i).Type(), e)
			}
		}
	}
}

// elements handles the elements (and map keys) of a slice, array or map
// literal.
func (c *ifaceCopier) elements(lit *ast.CompositeLit, key, elem types.Type) {
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if key != nil {
				c.copyInto(key, kv.Key)
			}
			e = kv.Value
		}
		c.copyInto(elem, e)
		c.literalInto(elem, e)
	}
}

// copyInto puts the operand e, stored into a value of type target, in the
// interface through a function literal when target is an interface and e
// is a variable of an interpreted type with methods. It reports whether
// it did.
func (c *ifaceCopier) copyInto(target types.Type, e ast.Expr) bool {
	if target == nil || !types.IsInterface(target) || hasTypeParam(target) || !isVariable(e) && !isAddress(e) {
		return false
	}
	t := c.info.TypeOf(e)
	if t == nil || types.IsInterface(t) || !c.f.aliasedInIface(t) && !c.f.aliasedPointer(t) {
		return false
	}
	if c.sf.edits.wrap(c.f.offset(e.Pos()), c.f.offset(e.End()), c.sf.src, c.boxer(t, target), c.boxerEnd(t)) {
		c.f.boxed[ast.Unparen(e)] = true
		c.changed = true
		return true
	}
	return false
}

// boxer is the start of the call of a function literal putting a value of
// type t in an interface of type target; types of packages the file does
// not import are spelled through imports added for them.
//
// A non-struct type with a marshal method (uuid.UUID) is copied through a
// pointer instead, and put in the interface by the caller: yaegi then
// keeps, beside the value, the node that typed it, by which
// internal/jsonfix finds the method (the value alone is a [16]uint8). A
// value returned as an interface reaches the caller without it.
func (c *ifaceCopier) boxer(t, target types.Type) string {
	q := c.f.importingQualifier(c.sf)
	if n, ok := types.Unalias(t).(*types.Named); ok && hasValueMarshaler(n) {
		if _, isStruct := n.Underlying().(*types.Struct); !isStruct {
			name := types.TypeString(t, q)
			return "*func(_icv " + name + ") *" + name + " { return &_icv }("
		}
	}
	box := "func(_icv " + types.TypeString(t, q) + ") " + types.TypeString(target, q) + " { return _icv }("
	if c.f.aliasedPointer(t) {
		// A pointer the literal returns, handed straight to a function
		// of interpreted code, fails the callee's assertions to its type
		// (s.(*Square)); converted to the interface again, it does not.
		return "(" + types.TypeString(target, q) + ")(" + box
	}
	return box
}

// boxerEnd is the end of what boxer starts for a value of type t.
func (c *ifaceCopier) boxerEnd(t types.Type) string {
	if c.f.aliasedPointer(t) {
		return "))"
	}
	return ")"
}

// literalInto puts the composite literal e, assigned to a variable, a
// field, an element or a map entry of interface type, sent on a channel
// of one, or converted to one, in the interface through a function
// literal too: yaegi panics
// assigning it there directly (reflect.Set: value of type
// interp.valueInterface is not assignable to type struct {...}), and a
// variable of type error given a literal of a value-receiver Error type
// (var err error = NotFound{id}, error(NotFound{id})) panicked when used
// (index out of range, reflect: Call using struct as type error). It
// reports whether it did.
func (c *ifaceCopier) literalInto(target types.Type, e ast.Expr) bool {
	lit := ast.Unparen(e)
	if u, ok := lit.(*ast.UnaryExpr); ok && u.Op == token.AND {
		lit = ast.Unparen(u.X) // &T{...}, which a loop's next iteration overwrites too
	}
	if _, ok := lit.(*ast.CompositeLit); !ok || target == nil || !types.IsInterface(target) || hasTypeParam(target) {
		return false
	}
	t := c.info.TypeOf(e)
	if t == nil || !c.f.aliasedInIface(t) && !c.f.aliasedPointer(t) {
		return false
	}
	if c.sf.edits.wrap(c.f.offset(e.Pos()), c.f.offset(e.End()), c.sf.src, c.boxer(t, target), c.boxerEnd(t)) {
		c.changed = true
		return true
	}
	return false
}

// tupleInto puts e, a value of a type that is not an interface assigned
// with others to a variable of the interface type target (err, code =
// mk(), 404; var a, b error = mk(1), mk(2)), in the interface through a
// function literal: yaegi fails
// such an assignment of several values (reflect.Set: value of type
// interp._error is not assignable to type struct {...}), and assigns a
// call's result in the interface right. One assigned alone it converts.
// A value of a route type sent on a channel of an interface type is put
// in it the same way (see visit).
func (c *ifaceCopier) tupleInto(target types.Type, e ast.Expr) {
	if target == nil || !types.IsInterface(target) || hasTypeParam(target) {
		return
	}
	if iface, ok := target.Underlying().(*types.Interface); ok && iface.Empty() {
		// A call's result of an empty interface type assigned with
		// other values is what yaegi fails on (see multiValues'
		// valuesReturned), and it puts other values in one as Go does.
		return
	}
	tv := c.info.Types[e]
	if tv.Type == nil || tv.IsNil() || types.IsInterface(tv.Type) || hasTypeParam(tv.Type) {
		return
	}
	t := types.Default(tv.Type)
	tn, ok := c.f.typeName(c.sf, t)
	in, ok2 := c.f.typeName(c.sf, target)
	if !ok || !ok2 {
		return
	}
	// Parenthesised: a call assigned with other values, yaegi writes
	// straight into its variable and loses the others (s, n = d, 5 left n
	// 0; see multiValues).
	if c.sf.edits.wrap(c.f.offset(e.Pos()), c.f.offset(e.End()), c.sf.src, "(func(_icv "+tn+") "+in+" { return _icv }(", "))") {
		c.changed = true
	}
}

// resultsInto rewrites the call as assigns its results to variables
// (err, n = both()) when one of a type that is not an interface goes to
// a variable of an interface type: yaegi failed that assignment as it
// fails an assignment of several values (see tupleInto). The results
// are put in the variables' types by a function literal's return:
//
//	err, n = both()  →  err, n = func() (error, int) { _dsv0, _dsv1 := both(); return _dsv0, _dsv1 }()
func (c *ifaceCopier) resultsInto(as *ast.AssignStmt) {
	into := resultsInto(c.info, as)
	if into == nil {
		return
	}
	names, vars := make([]string, len(into)), make([]string, len(into))
	for i, t := range into {
		name, ok := c.f.typeName(c.sf, t)
		if !ok {
			return
		}
		names[i], vars[i] = name, "_dsv"+strconv.Itoa(i)
	}
	list := strings.Join(vars, ", ")
	if c.sf.edits.wrap(c.f.offset(as.Rhs[0].Pos()), c.f.offset(as.Rhs[0].End()), c.sf.src, "func() ("+strings.Join(names, ", ")+") { "+list+" := ", "; return "+list+" }()") {
		c.changed = true
	}
}

// resultsInto returns the types of the variables as assigns the results
// of a call to (the result's own type for _), when one of a type that is
// not an interface goes to a variable of an interface type: the
// assignments ifaceCopier.resultsInto rewrites, whose results are then of
// those types. It returns nil for other assignments.
func resultsInto(info *types.Info, as *ast.AssignStmt) []types.Type {
	if as.Tok != token.ASSIGN || len(as.Rhs) != 1 {
		return nil
	}
	results, ok := info.TypeOf(as.Rhs[0]).(*types.Tuple)
	if !ok || results.Len() != len(as.Lhs) || results.Len() < 2 {
		return nil
	}
	needed := false
	into := make([]types.Type, results.Len())
	for i := range results.Len() {
		rt, t := results.At(i).Type(), info.TypeOf(as.Lhs[i])
		if t == nil { // _
			t = rt
		}
		if hasTypeParam(t) || hasTypeParam(rt) {
			return nil
		}
		into[i] = t
		needed = needed || types.IsInterface(t) && !types.IsInterface(rt)
	}
	if !needed {
		return nil
	}
	return into
}

// isVariable reports whether e names a variable: an identifier, a field,
// an element of a slice or an array, or a pointer's target.
func isVariable(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name != "nil" && e.Name != "_"
	case *ast.SelectorExpr:
		return isVariable(e.X) || isPointerOperand(e.X)
	case *ast.IndexExpr:
		return true
	case *ast.StarExpr:
		return true
	}
	return false
}

// isAddress reports whether e takes the address of a variable (&v, &s.f).
func isAddress(e ast.Expr) bool {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	return ok && u.Op == token.AND && isVariable(u.X)
}

// aliasedPointer reports whether t is a pointer to a type aliasedInIface:
// the interpreter keeps a variable of it itself in an interface as well,
// and a pointer appended in a loop (e := &T{i}; errs = append(errs, e))
// read the last iteration's.
func (f *folder) aliasedPointer(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && f.aliasedInIface(p.Elem())
}

// isPointerOperand reports whether e is a call or other expression whose
// field selection reads through a pointer (p().Field): a variable too.
func isPointerOperand(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok
}

// aliasedInIface reports whether the interpreter keeps a variable of type
// t itself, not a copy, in an interface: a named type, not a pointer nor
// an interface, of a package it runs from source, with methods.
func (f *folder) aliasedInIface(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	if _, isPtr := n.Underlying().(*types.Pointer); isPtr {
		return false
	}
	path := n.Obj().Pkg().Path()
	if path != f.importPath && !fromSource(path) {
		return false
	}
	for i := range n.TypeArgs().Len() {
		if hasTypeParam(n.TypeArgs().At(i)) {
			return false
		}
	}
	return types.NewMethodSet(types.NewPointer(n)).Len() > 0
}

// hasTypeParam reports whether t mentions a type parameter.
func hasTypeParam(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case *types.TypeParam:
		return true
	case *types.Named:
		for i := range t.TypeArgs().Len() {
			if hasTypeParam(t.TypeArgs().At(i)) {
				return true
			}
		}
	case *types.Pointer:
		return hasTypeParam(t.Elem())
	case *types.Slice:
		return hasTypeParam(t.Elem())
	case *types.Array:
		return hasTypeParam(t.Elem())
	case *types.Map:
		return hasTypeParam(t.Key()) || hasTypeParam(t.Elem())
	case *types.Chan:
		return hasTypeParam(t.Elem())
	}
	return false
}

// wrap puts before and after around src[off:end], as one edit that takes
// in the edits recorded so far inside that range (a later pass moving the
// code then moves it whole); an insertion at either bound stays outside.
// An edit crossing the range's bounds leaves it as it is (false).
func (e *edits) wrap(off, end int, src []byte, before, after string) bool {
	var inside, kept edits
	for _, x := range *e {
		insertion := x.off == x.end
		switch {
		case insertion && (x.off == off || x.off == end):
			kept = append(kept, x) // belongs to the code around
		case x.off >= off && x.end <= end:
			inside = append(inside, x)
		case x.end <= off || x.off >= end:
			kept = append(kept, x)
		default:
			return false
		}
	}
	sort.SliceStable(inside, func(i, j int) bool { return inside[i].off < inside[j].off })
	for i := range inside {
		inside[i].off -= off
		inside[i].end -= off
	}
	text := before + string(inside.apply(src[off:end])) + after
	*e = append(kept, edit{off: off, end: end, text: text})
	return true
}
