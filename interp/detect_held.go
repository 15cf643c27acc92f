package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// mayHoldWhere reports whether the value of e, an expression of the
// folder's code, may hold, level elements down (0: e itself; 1: an
// element of the slice, array or map e; 2: an element of one of those),
// a value of a type has reports true for, as far as the folder's code
// shows where it comes from. The handoff detectors ask it of arguments of
// an interface type: their predicates know nothing of what such a value
// holds, and a route's var x any = Point{1, 2} handed to a debug helper of
// another interpreted package printed struct { X int; Y int } for its %T
// there.
//
// An interface is followed to the values put in it: a conversion
// (any(p)), an assertion to an interface (v.(any)), a variable's (or a
// struct field's) initialisers and assignments, the elements of the
// container a range statement, an index expression or a receive reads
// (and the values sent on a channel), the matching arguments of the calls
// of the function (or function literal) whose parameter it is, the
// results a function of the folder's package returns, the operand of a
// type switch whose default (or multi-type) case binds it. What it cannot
// follow (a call of another package, a value read through a pointer)
// counts for nothing, as an interface argument did before: a value of a
// route's type rarely comes back out of other code, and an unknown any
// counted would send every route handing one compiled.
//
// An interface with methods that compiled code declares (error,
// fmt.Stringer) is followed only when wrapped is set: the interpreter
// hands on a value held in one in its wrapper for that interface, which
// has the methods (fmt prints an error's Error as built) but is a type of
// its own (%T printed stdlib.errorValue for route.NotFound). One the
// interpreted code declares (type Shape interface{ Area() float64 })
// holds the interpreter's value itself, as an any does.
func (f *folder) mayHoldWhere(info *types.Info, e ast.Expr, level int, wrapped bool, has func(types.Type) bool) bool {
	if info == nil || f.pkg == nil {
		return false
	}
	h := &heldTracer{f: f, info: info, has: has, wrapped: wrapped, seen: make(map[heldKey]bool)}
	return h.hold(e, level)
}

// compiledIface reports whether t is a named interface type with methods
// that compiled code declares (error, fmt.Stringer).
func (f *folder) compiledIface(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || isEmptyInterface(t) || !types.IsInterface(t) {
		return false
	}
	return n.Obj().Pkg() == nil || !f.fromSource(n.Obj().Pkg().Path())
}

// heldTracer is the state of one mayHoldWhere question.
type heldTracer struct {
	f       *folder
	info    *types.Info
	has     func(types.Type) bool
	wrapped bool // follow interfaces of compiled code (see mayHoldWhere)
	// seen holds the variables, fields and function results already
	// followed at a level: x = append(x, v) asks x of itself.
	seen map[heldKey]bool
	// seenPaths holds the packages roundTrip has looked at.
	seenPaths map[string]bool
}

// heldKey is an object (with the index of a function's result) followed
// at a level of elements.
type heldKey struct {
	obj   types.Object
	index int
	level int
}

// maxHeldLevel bounds the levels of elements the tracer follows.
const maxHeldLevel = 4

// elemType returns the type level elements down from t (slices, arrays,
// pointers to arrays, map values, channels), or nil.
func elemType(t types.Type, level int) types.Type {
	for ; level > 0 && t != nil; level-- {
		switch u := t.Underlying().(type) {
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Map:
			t = u.Elem()
		case *types.Chan:
			t = u.Elem()
		case *types.Pointer:
			a, ok := u.Elem().Underlying().(*types.Array)
			if !ok {
				return nil
			}
			t = a.Elem()
		default:
			return nil
		}
	}
	return t
}

// hold reports whether e, level elements down, may hold a value of a type
// h.has reports true for (see mayHoldWhere).
func (h *heldTracer) hold(e ast.Expr, level int) bool {
	if e == nil || level > maxHeldLevel {
		return false
	}
	e = ast.Unparen(e)
	t := elemType(h.info.TypeOf(e), level)
	if t == nil {
		return false
	}
	if !types.IsInterface(t) {
		return h.has(t)
	}
	if !h.wrapped && h.f.compiledIface(t) {
		return false
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		if level == 0 {
			return false
		}
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			if h.hold(el, level-1) {
				return true
			}
		}
	case *ast.CallExpr:
		if tv, ok := h.info.Types[x.Fun]; ok && tv.IsType() {
			return len(x.Args) == 1 && h.hold(x.Args[0], level)
		}
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			if b, ok := h.info.Uses[id].(*types.Builtin); ok {
				return b.Name() == "append" && h.appended(x, level)
			}
		}
		return h.results(x, 0, level)
	case *ast.TypeAssertExpr:
		return h.hold(x.X, level)
	case *ast.IndexExpr:
		return h.hold(x.X, level+1)
	case *ast.SliceExpr:
		return h.hold(x.X, level)
	case *ast.UnaryExpr:
		return x.Op == token.ARROW && h.hold(x.X, level+1)
	case *ast.Ident:
		return h.object(h.info.Uses[x], level)
	case *ast.SelectorExpr:
		if sel, ok := h.info.Selections[x]; ok {
			return sel.Kind() == types.FieldVal && h.object(sel.Obj(), level)
		}
		return h.object(h.info.Uses[x.Sel], level) // a package's variable
	}
	return false
}

// appended is hold of the call of append call.
func (h *heldTracer) appended(call *ast.CallExpr, level int) bool {
	if len(call.Args) == 0 || level == 0 {
		return false
	}
	if h.hold(call.Args[0], level) {
		return true
	}
	for _, a := range call.Args[1:] {
		if call.Ellipsis.IsValid() && h.hold(a, level) || !call.Ellipsis.IsValid() && h.hold(a, level-1) {
			return true
		}
	}
	return false
}

// results reports whether result index of call may hold, level elements
// down, a value h.has reports true for (see funcResults).
func (h *heldTracer) results(call *ast.CallExpr, index, level int) bool {
	if h.funcResults(call.Fun, index, level) {
		return true
	}
	fn := calledFunc(h.info, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg() != h.f.pkg && h.roundTrip(fn.Pkg().Path())
}

// roundTrip reports whether the folder's code hands the package path, of
// another package, through a parameter of an interface type (or a
// slice, array or map of them), a value holding one h.has reports true
// for: what that package's functions give back may be it (cache.Set("p",
// Point{1, 2}) then cache.Get("p"); a sync.Map's Store then Load;
// context.WithValue then ctx.Value), and the interpreter's value of it
// names no type in a third package.
func (h *heldTracer) roundTrip(path string) bool {
	if h.seenPaths[path] {
		return false
	}
	if h.seenPaths == nil {
		h.seenPaths = make(map[string]bool)
	}
	h.seenPaths[path] = true
	found := false
	for _, sf := range h.f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			g := calledFunc(h.info, call)
			if g == nil || g.Pkg() == nil || g.Pkg().Path() != path {
				return true
			}
			for i, a := range call.Args {
				if path == "context" && (g.FullName() != "context.WithValue" || i != 2) {
					continue // a key (ctxKey{}, in WithValue or Value) never comes back out
				}
				if param := paramType(g.Signature(), i, call.Ellipsis.IsValid()); param != nil {
					if level := interfaceLevel(param); level >= 0 && h.hold(a, level) {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// funcResults reports whether result index of the function fun, a
// function value, may hold, level elements down, a value h.has reports
// true for: one of the values its return statements give, for a function
// (or method) of the folder's package, a function literal, or a local
// variable the folder's code assigns function literals or such functions
// (load := func() any { ... }).
func (h *heldTracer) funcResults(fun ast.Expr, index, level int) bool {
	var obj types.Object
	switch x := ast.Unparen(fun).(type) {
	case *ast.FuncLit:
		sig, ok := h.info.TypeOf(x).(*types.Signature)
		return ok && h.returns(x.Body, sig, index, level)
	case *ast.IndexExpr: // an instance of a generic function
		return h.funcResults(x.X, index, level)
	case *ast.IndexListExpr:
		return h.funcResults(x.X, index, level)
	case *ast.Ident:
		obj = h.info.Uses[x]
	case *ast.SelectorExpr:
		if sel, ok := h.info.Selections[x]; ok {
			obj = sel.Obj()
		} else {
			obj = h.info.Uses[x.Sel]
		}
	}
	switch o := obj.(type) {
	case *types.Func:
		o = o.Origin()
		key := heldKey{o, index, level}
		if o.Pkg() != h.f.pkg || h.seen[key] {
			return false
		}
		h.seen[key] = true
		decl, _ := h.f.funcDecl(o)
		return decl != nil && decl.Body != nil && h.returns(decl.Body, o.Signature(), index, level)
	case *types.Var:
		// The function values assigned to it (a key of its own: the
		// variable's value is not what it holds).
		key := heldKey{o, -1 - index, level}
		if o.IsField() || o.Pkg() != h.f.pkg || h.seen[key] {
			return false
		}
		h.seen[key] = true
		return h.f.assignedValues(h.info, o, func(rhs ast.Expr) bool { return h.funcResults(rhs, index, level) })
	}
	return false
}

// returns reports whether result index of the function of signature sig
// and body body may hold, level elements down, a value h.has reports
// true for.
func (h *heldTracer) returns(body *ast.BlockStmt, sig *types.Signature, index, level int) bool {
	if body == nil || index >= sig.Results().Len() {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			switch {
			case len(n.Results) == sig.Results().Len():
				found = h.hold(n.Results[index], level)
			case len(n.Results) == 1:
				if inner, ok := ast.Unparen(n.Results[0]).(*ast.CallExpr); ok {
					found = h.results(inner, index, level)
				}
			case len(n.Results) == 0:
				found = h.object(sig.Results().At(index), level) // a named result
			}
		}
		return !found
	})
	return found
}

// funcValueMayHold reports whether a result of the function value e, an
// expression of the folder's code of a function type, may hold, in an
// interface (or a slice, array or map of them), a value has reports true
// for: a callback handed to another package (render.Table(n, func(i int)
// any { return Point{i, i} })) gives it the route's values.
func (f *folder) funcValueMayHold(info *types.Info, e ast.Expr, has func(types.Type) bool) bool {
	sig, ok := info.TypeOf(e).Underlying().(*types.Signature)
	if !ok || f.pkg == nil {
		return false
	}
	h := &heldTracer{f: f, info: info, has: has, seen: make(map[heldKey]bool)}
	for i := range sig.Results().Len() {
		if level := interfaceLevel(sig.Results().At(i).Type()); level >= 0 && h.funcResults(e, i, level) {
			return true
		}
	}
	return false
}

// object reports whether the variable of the folder's package, or the
// struct field (of any package), obj may hold, level elements down, a
// value h.has reports true for: one of the values the folder's code puts
// in it.
func (h *heldTracer) object(obj types.Object, level int) bool {
	v, ok := obj.(*types.Var)
	if !ok || !v.IsField() && v.Pkg() != h.f.pkg {
		return false // another package's variable: not the folder's to fill
	}
	key := heldKey{v, 0, level}
	if h.seen[key] {
		return false
	}
	h.seen[key] = true
	if v.Pkg() != nil && v.Pkg() != h.f.pkg && h.roundTrip(v.Pkg().Path()) {
		return true // a field another package fills (a list.Element's Value)
	}
	for _, sf := range h.f.files {
		if h.putIn(sf.syntax, v, level) {
			return true
		}
	}
	return false
}

// putIn reports whether file puts in v, level elements down, a value
// h.has reports true for.
func (h *heldTracer) putIn(file *ast.File, v *types.Var, level int) bool {
	info := h.info
	found := false
	// tuple is hold of result i of the single multi-valued rhs.
	tuple := func(rhs ast.Expr, i int) bool {
		// The type check records a comma-ok expression's type as a
		// tuple: look at its parts.
		switch r := ast.Unparen(rhs).(type) {
		case *ast.TypeAssertExpr:
			if i != 0 || r.Type == nil {
				return false
			}
			if t := elemType(info.TypeOf(r.Type), level); t != nil && !types.IsInterface(t) {
				return h.has(t)
			}
			return h.hold(r.X, level)
		case *ast.IndexExpr:
			return i == 0 && h.hold(r.X, level+1)
		case *ast.UnaryExpr:
			return i == 0 && r.Op == token.ARROW && h.hold(r.X, level+1)
		case *ast.CallExpr:
			return h.results(r, i, level)
		}
		return false
	}
	// assigned is hold of what an assignment of rhs to lhs puts in v.
	assigned := func(lhs, rhs []ast.Expr) bool {
		for i, l := range lhs {
			root, depth := h.rootOf(l)
			if root != v || depth > level {
				continue
			}
			switch {
			case len(lhs) == len(rhs):
				if h.hold(rhs[i], level-depth) {
					return true
				}
			case len(rhs) == 1 && depth == 0:
				if tuple(rhs[0], i) {
					return true
				}
			}
		}
		return false
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.ValueSpec:
			var lhs []ast.Expr
			for _, name := range n.Names {
				lhs = append(lhs, name)
			}
			found = len(n.Values) > 0 && assigned(lhs, n.Values)
		case *ast.AssignStmt:
			found = assigned(n.Lhs, n.Rhs)
		case *ast.RangeStmt:
			// The value of a range over a container; the key of one over
			// a channel.
			value := n.Value
			if _, isChan := types.Unalias(h.info.TypeOf(n.X)).Underlying().(*types.Chan); isChan {
				value = n.Key
			}
			if id, ok := value.(*ast.Ident); ok && h.defOrUse(id) == v {
				found = h.hold(n.X, level+1)
			}
		case *ast.SendStmt:
			if root, depth := h.rootOf(n.Chan); root == v && depth < level {
				found = h.hold(n.Value, level-depth-1)
			}
		case *ast.TypeSwitchStmt:
			for _, c := range n.Body.List {
				if info.Implicits[c] == v {
					found = found || h.hold(switchOperand(n), level)
				}
			}
		case *ast.CompositeLit:
			found = h.fieldInLiteral(n, v, level)
		case *ast.FuncDecl:
			if fn, ok := h.info.Defs[n.Name].(*types.Func); ok {
				found = h.paramOf(n.Type, v, level, func(call *ast.CallExpr) bool {
					g := calledFunc(h.info, call)
					return g != nil && g.Origin() == fn
				})
			}
		case *ast.FuncLit:
			found = h.paramOf(n.Type, v, level, func(call *ast.CallExpr) bool { return h.callsLit(call, n) })
		}
		return !found
	})
	return found
}

// defOrUse is the object id declares or refers to.
func (h *heldTracer) defOrUse(id *ast.Ident) types.Object {
	if obj := h.info.Defs[id]; obj != nil {
		return obj
	}
	return h.info.Uses[id]
}

// rootOf returns the variable or field an assignment to l writes into,
// and how many index expressions down (x[i][j] = v: 2), or nil.
func (h *heldTracer) rootOf(l ast.Expr) (types.Object, int) {
	depth := 0
	for {
		switch x := ast.Unparen(l).(type) {
		case *ast.IndexExpr:
			l, depth = x.X, depth+1
			continue
		case *ast.Ident:
			return h.defOrUse(x), depth
		case *ast.SelectorExpr:
			if sel, ok := h.info.Selections[x]; ok {
				if sel.Kind() != types.FieldVal {
					return nil, 0
				}
				return sel.Obj(), depth
			}
			return h.info.Uses[x.Sel], depth
		}
		return nil, 0
	}
}

// switchOperand returns the operand of the type switch ts, x in switch
// v := x.(type).
func switchOperand(ts *ast.TypeSwitchStmt) ast.Expr {
	var e ast.Expr
	switch s := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			e = s.Rhs[0]
		}
	case *ast.ExprStmt:
		e = s.X
	}
	if ta, ok := ast.Unparen(e).(*ast.TypeAssertExpr); ok {
		return ta.X
	}
	return nil
}

// fieldInLiteral reports whether the composite literal lit sets the field
// v to a value holding, level elements down, one h.has reports true for.
func (h *heldTracer) fieldInLiteral(lit *ast.CompositeLit, v *types.Var, level int) bool {
	if !v.IsField() {
		return false
	}
	st, ok := h.info.TypeOf(lit).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && h.info.Uses[id] == v {
				return h.hold(kv.Value, level)
			}
			continue
		}
		if i < st.NumFields() && st.Field(i) == v {
			return h.hold(el, level)
		}
	}
	return false
}

// paramOf reports whether v is a parameter of the function of type ft
// and one of the calls calls reports true for (calls of that function) in
// the folder hands it a value holding, level elements down, one h.has
// reports true for.
func (h *heldTracer) paramOf(ft *ast.FuncType, v *types.Var, level int, calls func(*ast.CallExpr) bool) bool {
	if ft.Params == nil || v.Pos() < ft.Params.Pos() || v.Pos() >= ft.Params.End() {
		return false
	}
	index, count := -1, 0
	for _, field := range ft.Params.List {
		for i, name := range field.Names {
			if h.info.Defs[name] == v {
				index = count + i
			}
		}
		count += max(len(field.Names), 1)
	}
	last := ft.Params.List[len(ft.Params.List)-1]
	_, variadicType := last.Type.(*ast.Ellipsis)
	if index < 0 {
		return false
	}
	variadic := variadicType && index == count-1
	found := false
	for _, sf := range h.f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			if !calls(call) {
				return true
			}
			for i, a := range call.Args {
				switch {
				case i < index:
				case !variadic:
					found = found || i == index && h.hold(a, level)
				case call.Ellipsis.IsValid():
					found = found || h.hold(a, level)
				default:
					found = found || level > 0 && h.hold(a, level-1)
				}
			}
			return !found
		})
	}
	return found
}

// callsLit reports whether call calls the function literal lit: lit
// itself (func(v any) { ... }(p)), or a variable declared or assigned
// with it (show := func(v any) { ... }; show(p)).
func (h *heldTracer) callsLit(call *ast.CallExpr, lit *ast.FuncLit) bool {
	fun := ast.Unparen(call.Fun)
	if fun == lit {
		return true
	}
	id, ok := fun.(*ast.Ident)
	if !ok {
		return false
	}
	g, ok := h.info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	return h.f.assignedValues(h.info, g, func(rhs ast.Expr) bool { return ast.Unparen(rhs) == lit })
}

// elemIsInterface reports whether t is a slice, array or map whose
// elements are interfaces.
func elemIsInterface(t types.Type) bool {
	e := elemType(t, 1)
	return e != nil && types.IsInterface(e)
}

// fieldsMayHold reports whether a value of e's type, an expression of the
// folder's code, may hold in a struct field of an interface type (or a
// slice, array or map of them: of it, of its elements, of what it points
// to) a value has reports true for, by what the folder's code puts in
// such a field anywhere (var e model.Entry; e.V = Level(2), es[0].V =
// Level(1)): a shared show.All(es []model.Entry) printed the
// interpreter's value of a Level held in es[0].V,
// {0x1784f3fec280 {0x1411fa0 ...}}, for mid.
func (f *folder) fieldsMayHold(info *types.Info, e ast.Expr, has func(types.Type) bool) bool {
	if info == nil || f.pkg == nil {
		return false
	}
	h := &heldTracer{f: f, info: info, has: has, seen: make(map[heldKey]bool)}
	var walk func(t types.Type, depth int) bool
	walk = func(t types.Type, depth int) bool {
		if t == nil || depth > 4 {
			return false
		}
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			return walk(u.Elem(), depth+1)
		case *types.Slice:
			return walk(u.Elem(), depth+1)
		case *types.Array:
			return walk(u.Elem(), depth+1)
		case *types.Map:
			return walk(u.Elem(), depth+1)
		case *types.Struct:
			for i := range u.NumFields() {
				field := u.Field(i)
				if level := interfaceLevel(field.Type()); level >= 0 && h.object(field, level) || walk(field.Type(), depth+1) {
					return true
				}
			}
		}
		return false
	}
	return walk(info.TypeOf(e), 0)
}

// interfaceLevel returns how many elements down (slices, arrays, map
// values) from t an interface is, or -1.
func interfaceLevel(t types.Type) int {
	for level := 0; level <= maxHeldLevel; level++ {
		e := elemType(t, level)
		if e == nil {
			return -1
		}
		if types.IsInterface(e) {
			return level
		}
	}
	return -1
}

// isSignature reports whether t is a function type.
func isSignature(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// isChan reports whether t is a channel type.
func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// funcValueOf returns the function of another package a local variable
// fun of the folder's package is declared or assigned with (dump :=
// debug.Dump), or nil: a call of the variable calls it.
func (f *folder) funcValueOf(info *types.Info, fun ast.Expr) *types.Func {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pkg() != f.pkg {
		return nil
	}
	var found *types.Func
	f.assignedValues(info, v, func(rhs ast.Expr) bool {
		var ref *ast.Ident
		switch r := ast.Unparen(rhs).(type) {
		case *ast.Ident:
			ref = r
		case *ast.SelectorExpr:
			ref = r.Sel
		}
		if g, ok := info.Uses[ref].(*types.Func); ok && ref != nil && g.Pkg() != nil && g.Pkg() != f.pkg {
			found = g
		}
		return found != nil
	})
	return found
}

// assignedValues calls fn with each value the folder's files declare or
// assign the variable v with, one to one (v := a; v, w = a, b; not
// v, ok := m[k]), until fn returns true, and reports whether it did.
func (f *folder) assignedValues(info *types.Info, v types.Object, fn func(rhs ast.Expr) bool) bool {
	found := false
	for _, sf := range f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if found {
				return false
			}
			var lhs, rhs []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				lhs, rhs = n.Lhs, n.Rhs
			case *ast.ValueSpec:
				for _, name := range n.Names {
					lhs = append(lhs, name)
				}
				rhs = n.Values
			default:
				return true
			}
			if len(lhs) != len(rhs) {
				return true
			}
			for i, l := range lhs {
				if id, ok := l.(*ast.Ident); ok && (info.Defs[id] == v || info.Uses[id] == v) && fn(rhs[i]) {
					found = true
					break
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}
