package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

func init() {
	register("make of a channel type of one direction (make(<-chan int), make(Recv) of type Recv <-chan int: the interpreter panics, reflect.MakeChan: unidirectional channel type)", findDirectedMakes)
	register("a deferred function literal using a loop's variable or a variable declared in the loop's body (the interpreter gives it the last iteration's)", findDeferredLoopClosures)
	register("a deferred function literal calling a function value made in its function (the interpreter deadlocks: the request never ends)", findDeferredLocalCalls)
	register("a value recovered from a panic asserted to error, in a package with Error methods (a recovered value of its types is not an error in the interpreter)", findRecoveredErrors)
	register("a recursive struct type with a field of an interface type the package declares (the interpreter builds the wrong type for it: assigning to its fields panics, reflect.Set: value of type *struct {...} is not assignable)", findRecursiveIfaceStructs)
	register("a struct type with a field holding functions in a slice, array, map or channel whose signature names the struct (hooks []func(*Server) error: the interpreter builds the functions' type with a placeholder for the struct, and calling one panics: reflect: Call using *struct {...} as type *unsafe2.dummy)", findSelfFuncElems)
	register("reflect in a package declaring types (reflect sees them without their names and with renamed fields in the interpreter)", findReflect)
	register("a type switch with a case of a type the package declares on a basic type (the interpreter matches its underlying type)", findBasicTypeCases)
	register("a type switch with a case of an interface type with methods (the interpreter matches no value to it: case error: misses every error)", findInterfaceCases)
	register("a Value method declared on a type wrapping a context.Context (the interpreter's context keys of route types reach it renamed, and keys held in an any miss the wrapped context)", findContextValueMethods)
	register("an interface value compared with == or != (or a switch on one, or a struct or an array holding one), a map keyed by an interface type (or such a struct or array), a comparable type parameter instantiated with one (slices.Contains of a []any), or a sync.Map key or an atomic.Value of an interface type or one of Go source, in a package declaring types (the interpreter's interface values of those types compare unequal when equal, and a named string type equals a plain string)", findIfaceComparisons)
	register("a type assertion without a second result to an interface type the interpreter declares, or that a type of the package does not implement (when it fails, the interpreter's panic names no type or its own, and not the missing method)", findInterfaceAssertions)
}

// findInterfaceCases finds the type switches with a case of an interface
// type with methods (error, fmt.Stringer, io.Reader, the package's own):
// yaegi matches no value of interpreted code to such a case, and panics
// on a nil operand. A case of an interface of compiled code in a switch
// on an empty interface of a route's package is left out: typeSwitches
// makes it a call of ifaceAssertion's function, which tries the types of
// interpreted code implementing it first (see ifaceAssertionSound).
func findInterfaceCases(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSwitchStmt); ok && f.hasInterfaceCase(sf, ts) {
			out = append(out, ts.Pos())
		}
		return true
	})
	return out
}

// findDeferredLoopClosures finds, in the body of a for or range loop, a
// deferred function literal naming one of the loop's variables or a
// variable declared in the body (res := open(n); defer func() {
// res.Close() }()): the loopVars pass leaves deferred literals as
// written, and the interpreter shares one frame slot between the
// iterations' closures. Those the deferArgs pass gives their iteration's
// variables (see pass_deferloop.go) are left out, and so are those in a
// function literal of the body (go func() { defer wg.Done(); … }()),
// which run when a call of the literal returns. A range over a function is left out: its
// body becomes a yield function, whose parameters each call has afresh
// (see rangeOverFunc); one it cannot desugar the interpreter refuses.
func findDeferredLoopClosures(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		var lhs []ast.Expr
		var body *ast.BlockStmt
		switch loop := n.(type) {
		case *ast.ForStmt:
			body = loop.Body
			if init, ok := loop.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE {
				lhs = init.Lhs
			}
		case *ast.RangeStmt:
			// A range loop too: over an integer it becomes a three-clause
			// loop, and over a slice it shares the slot as well.
			if !rangesOverFunc(f, loop) {
				body = loop.Body
				if loop.Tok == token.DEFINE {
					lhs = []ast.Expr{loop.Key, loop.Value}
				}
			}
		}
		if body == nil {
			return true
		}
		vars := declaredIn(body)
		for _, l := range lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
				vars[id.Name] = true
			}
		}
		ast.Inspect(body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				// A defer in a function literal of the body runs when a
				// call of that literal returns, in that call's frame,
				// with what the literal captured when it was made (the
				// loopVars pass gives it the iteration's variables): a
				// loop in the literal is one of its own, seen by the
				// outer walk.
				return false
			}
			d, ok := n.(*ast.DeferStmt)
			if !ok {
				return true
			}
			if lit, ok := d.Call.Fun.(*ast.FuncLit); ok && namesAny(lit.Body, vars) && !f.fixedLoopDefer(sf, d) {
				out = append(out, d.Pos())
			}
			return true
		})
		return true
	})
	return out
}

// declaredIn returns the names of the variables declared in body, outside
// its function literals (whose variables each call has afresh): each
// iteration of a loop with this body has its own.
func declaredIn(body *ast.BlockStmt) map[string]bool {
	names := make(map[string]bool)
	add := func(exprs ...ast.Expr) {
		for _, e := range exprs {
			if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
				names[id.Name] = true
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				add(x.Lhs...)
			}
		case *ast.RangeStmt:
			if x.Tok == token.DEFINE {
				add(x.Key, x.Value)
			}
		case *ast.ValueSpec:
			for _, id := range x.Names {
				add(id)
			}
		}
		return true
	})
	return names
}

// rangesOverFunc reports whether rs ranges over a function.
func rangesOverFunc(f *folder, rs *ast.RangeStmt) bool {
	switch rs.X.(type) {
	case *ast.BasicLit, *ast.CompositeLit:
		return false
	}
	t := f.typeOf(rs.X)
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// namesAny reports whether an identifier of n has one of names.
func namesAny(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// findRecoveredErrors finds, in a function calling recover of a package
// with an Error method, an assertion to error (x.(error) or a type switch
// case error): a value of the package's types that was panicked is not an
// error to it in the interpreter.
func findRecoveredErrors(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("Error") || f.panicsNoRouteErrors() {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		body := funcBody(n)
		if body == nil || !callsBuiltin(body, "recover") {
			return true
		}
		ast.Inspect(body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.TypeAssertExpr:
				if isIdent(x.Type, "error") {
					out = append(out, x.Pos())
				}
			case *ast.CaseClause:
				for _, e := range x.List {
					if isIdent(e, "error") {
						out = append(out, e.Pos())
					}
				}
			}
			return true
		})
		return false
	})
	return out
}

// isIdent reports whether e is the identifier name.
func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// findReflect finds the import of reflect in a package that declares
// types: their values reach reflect with yaegi's own struct types.
func findReflect(f *folder, sf *srcFile) []token.Pos {
	if len(f.types) == 0 {
		return nil
	}
	at := sf.importPos("reflect")
	if len(at) > 0 && f.onlyPlainDeepEquals(sf) {
		return nil
	}
	return at
}

// onlyPlainDeepEquals reports whether reflect serves the file only to
// compare, with reflect.DeepEqual, two values of one type that holds no
// interface, func or channel, nor a type that refers to itself (a
// table-driven test's reflect.DeepEqual(got, tc.want)). Both values then
// have the same reflect type, whatever yaegi names it and its fields, and
// DeepEqual walks them as it walks the build's: field by field, element
// by element, nil slices and maps apart from empty ones. In an interface
// the interpreter may hold its own wrapper of a value, and a named
// non-struct type may be its underlying type, so those stay compiled.
func (f *folder) onlyPlainDeepEquals(sf *srcFile) bool {
	info := f.typeInfo()
	if info == nil {
		return false
	}
	for _, imp := range sf.syntax.Imports {
		if imp.Path.Value == `"reflect"` && imp.Name != nil {
			return false // renamed, dot or blank: keep it simple
		}
	}
	isReflect := func(x ast.Expr) bool {
		id, ok := x.(*ast.Ident)
		if !ok {
			return false
		}
		pn, ok := info.Uses[id].(*types.PkgName)
		return ok && pn.Imported().Path() == "reflect"
	}
	plain := true
	approved := map[*ast.SelectorExpr]bool{}
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if !plain {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || !isReflect(sel.X) || sel.Sel.Name != "DeepEqual" {
				return true
			}
			if len(n.Args) != 2 || n.Ellipsis.IsValid() {
				plain = false
				return false
			}
			a, b := info.TypeOf(n.Args[0]), info.TypeOf(n.Args[1])
			if a == nil || b == nil || !types.Identical(a, b) || !plainCompared(a, nil) {
				plain = false
				return false
			}
			approved[sel] = true
		case *ast.SelectorExpr:
			if isReflect(n.X) && !approved[n] {
				plain = false
				return false
			}
		}
		return true
	})
	return plain
}

// plainCompared reports whether reflect.DeepEqual compares values of
// type t alike in both tiers (see onlyPlainDeepEquals); path holds the
// named types being looked into.
func plainCompared(t types.Type, path []*types.Named) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		if u.Obj().Pkg() != nil && !strings.Contains(strings.Split(u.Obj().Pkg().Path(), "/")[0], ".") && u.Obj().Pkg().Path() != "main" {
			// A standard library type is the build's own reflect type
			// in the interpreter too.
			if _, isIface := u.Underlying().(*types.Interface); !isIface {
				return true
			}
			return false
		}
		if u.TypeArgs().Len() > 0 || slices.Contains(path, u) {
			return false
		}
		return plainCompared(u.Underlying(), append(path, u))
	case *types.Basic:
		return u.Kind() != types.UnsafePointer && u.Kind() != types.UntypedNil
	case *types.Pointer:
		return plainCompared(u.Elem(), path)
	case *types.Slice:
		return plainCompared(u.Elem(), path)
	case *types.Array:
		return plainCompared(u.Elem(), path)
	case *types.Map:
		return plainCompared(u.Key(), path) && plainCompared(u.Elem(), path)
	case *types.Struct:
		for i := range u.NumFields() {
			if !plainCompared(u.Field(i).Type(), path) {
				return false
			}
		}
		return true
	}
	return false
}

// findRecursiveIfaceStructs finds, in a struct type of the file that
// refers to itself through the package's types (a tree's nodes), a field
// whose type is an interface with methods declared in the package. yaegi
// stands in a placeholder for the recursive part and, when the
// interface's methods lead back to the package's structs (chi's router:
// node.subroutes Routes, implemented by *Mux holding the tree), builds
// another struct type for one of them: appending a node to a node's
// children panics. Which cycles go wrong is not known more precisely, so
// every such field is sent compiled.
func findRecursiveIfaceStructs(f *folder, sf *srcFile) []token.Pos {
	refs := func(spec *ast.TypeSpec) []string {
		var out []string
		ast.Inspect(spec.Type, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && f.types[id.Name] != nil {
				out = append(out, id.Name)
			}
			return true
		})
		return out
	}
	reaches := func(from, to string) bool {
		seen := map[string]bool{}
		stack := []string{from}
		for len(stack) > 0 {
			name := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, r := range refs(f.types[name]) {
				if r == to {
					return true
				}
				if !seen[r] {
					seen[r] = true
					stack = append(stack, r)
				}
			}
		}
		return false
	}
	var out []token.Pos
	f.forEachStructType(sf, func(ts *ast.TypeSpec, st *ast.StructType) {
		if !reaches(ts.Name.Name, ts.Name.Name) {
			return
		}
		for _, field := range st.Fields.List {
			iface := f.types[identName(field.Type)]
			if iface == nil {
				continue
			}
			if it, ok := iface.Type.(*ast.InterfaceType); ok && len(it.Methods.List) > 0 {
				out = append(out, field.Type.Pos())
			}
		}
	})
	return out
}

// forEachStructType calls fn with each struct type sf declares at
// package level.
func (f *folder) forEachStructType(sf *srcFile, fn func(*ast.TypeSpec, *ast.StructType)) {
	for _, d := range sf.syntax.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			if st, ok := ts.Type.(*ast.StructType); ok && f.types[ts.Name.Name] == ts {
				fn(ts, st)
			}
		}
	}
}

// findSelfFuncElems finds, in a struct type the file declares, a field
// holding functions in a container (a slice, an array, a map or a
// channel, directly, through a struct field, or through the package's
// named types) whose parameters or results name the struct itself:
//
//	type Server struct{ hooks []func(*Server) error }
//
// yaegi builds the function type with a placeholder for the struct
// (*unsafe2.dummy), and a call of a stored function panics (reflect: Call
// using *struct {...} as type *unsafe2.dummy); a map or channel of them
// panics when assigned. A function field itself (f func(*Server)) and a
// signature reaching the struct only through another type's fields
// (func(*Event) with Event.src *Server) work.
func findSelfFuncElems(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	f.forEachStructType(sf, func(ts *ast.TypeSpec, st *ast.StructType) {
		for _, field := range st.Fields.List {
			if f.holdsSelfFuncs(field.Type, ts.Name.Name, false, map[string]bool{}) {
				out = append(out, field.Type.Pos())
			}
		}
	})
	return out
}

// holdsSelfFuncs reports whether the type e holds, in a container (or
// inContainer, in one already), a function type naming the type self.
func (f *folder) holdsSelfFuncs(e ast.Expr, self string, inContainer bool, seen map[string]bool) bool {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return f.holdsSelfFuncs(e.X, self, inContainer, seen)
	case *ast.StarExpr:
		return f.holdsSelfFuncs(e.X, self, inContainer, seen)
	case *ast.ArrayType:
		return f.holdsSelfFuncs(e.Elt, self, true, seen)
	case *ast.MapType:
		return f.holdsSelfFuncs(e.Key, self, true, seen) || f.holdsSelfFuncs(e.Value, self, true, seen)
	case *ast.ChanType:
		return f.holdsSelfFuncs(e.Value, self, true, seen)
	case *ast.StructType:
		for _, field := range e.Fields.List {
			if f.holdsSelfFuncs(field.Type, self, inContainer, seen) {
				return true
			}
		}
	case *ast.FuncType:
		if !inContainer {
			return false
		}
		names := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == self {
				names = true
			}
			return !names
		})
		return names
	case *ast.Ident:
		// A named type of the package: its definition, once (the
		// struct itself, and the package's other structs, are not
		// containers of the field).
		spec := f.types[e.Name]
		if spec == nil || seen[e.Name] {
			return false
		}
		if _, isStruct := spec.Type.(*ast.StructType); isStruct {
			return false
		}
		seen[e.Name] = true
		return f.holdsSelfFuncs(spec.Type, self, inContainer, seen)
	}
	return false
}

// findBasicTypeCases finds a type switch case naming a type the package
// declares on a predeclared basic type (type Temp float64): the
// interpreter matches a float64 against case Temp.
func findBasicTypeCases(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok {
			return true
		}
		for _, c := range ts.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				id, ok := e.(*ast.Ident)
				if !ok {
					continue
				}
				if spec := f.types[id.Name]; spec != nil && basicTypeNames[identName(spec.Type)] {
					out = append(out, e.Pos())
				}
			}
		}
		return true
	})
	return out
}

// identName is the name of e when it is an identifier, else "".
func identName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// basicTypeNames are Go's predeclared basic types.
var basicTypeNames = map[string]bool{
	"bool": true, "string": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true, "complex64": true, "complex128": true, "byte": true, "rune": true,
}

// hasInterfaceCase reports whether a case of ts names an interface type
// with methods that the desugared switch does not match as Go does.
func (f *folder) hasInterfaceCase(sf *srcFile, ts *ast.TypeSwitchStmt) bool {
	info := f.typeInfo()
	if info == nil {
		return false
	}
	for _, c := range ts.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			tv := info.Types[e]
			if !tv.IsType() {
				continue
			}
			if it, ok := tv.Type.Underlying().(*types.Interface); ok && it.NumMethods() > 0 && !f.ifaceCaseFixed(sf, ts, e) {
				return true
			}
		}
	}
	return false
}

// findInterfaceAssertions finds the type assertions whose failure panics
// (v := x.(Namer), not v, ok := x.(Namer)) to an interface type that
// yaegi declares (the package's own, another interpreted package's, a
// literal: its panic says nil is not route.Namer), or that a type of the
// package does not implement (its panic names yaegi's struct for the
// type, where Go says interface conversion: route.T is not fmt.Stringer:
// missing method String). An assertion to a standard library interface
// in a package whose types all implement it (w.(http.Flusher).Flush())
// stays in the interpreter; only a nil operand then differs.
func findInterfaceAssertions(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	checked := make(map[*ast.TypeAssertExpr]bool) // the comma-ok forms
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				markAssertion(checked, n.Rhs[0])
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				markAssertion(checked, n.Values[0])
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil && !checked[n] && failsDifferently(info, info.TypeOf(n.Type)) {
				out = append(out, n.Pos())
			}
		}
		return true
	})
	return out
}

// markAssertion records e in checked when it is a type assertion.
func markAssertion(checked map[*ast.TypeAssertExpr]bool, e ast.Expr) {
	if ta, ok := ast.Unparen(e).(*ast.TypeAssertExpr); ok {
		checked[ta] = true
	}
}

// failsDifferently reports whether a failed assertion to target panics
// otherwise in the interpreter than in a build: target is an interface
// with methods that yaegi declares, or that a type declared in the
// package (info) does not implement.
func failsDifferently(info *types.Info, target types.Type) bool {
	if target == nil {
		return true // not known: it may
	}
	it, ok := target.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return false
	}
	named, ok := types.Unalias(target).(*types.Named)
	if !ok || named.Obj().Pkg() != nil && !isStdlib(named.Obj().Pkg().Path()) {
		return true // a literal, or declared by interpreted code
	}
	for _, obj := range info.Defs {
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
			continue
		}
		if !types.Implements(tn.Type(), it) && !types.Implements(types.NewPointer(tn.Type()), it) {
			return true
		}
	}
	return false
}

// findContextValueMethods finds the Value methods declared on a type that
// has a context.Context's other methods (a struct embedding one): the
// contextKeys pass names the keys of route types where their static type
// is known, so such a method compared a renamed key with its own, and
// handed a key held in an any on to the wrapped Context without its name.
func findContextValueMethods(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, d := range sf.syntax.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || fd.Name.Name != "Value" {
			continue
		}
		fn, ok := info.Defs[fd.Name].(*types.Func)
		if ok && isContext(fn.Signature().Recv().Type()) {
			out = append(out, fd.Pos())
		}
	}
	return out
}

// findIfaceComparisons finds, in a package declaring a concrete type, the
// comparisons of an interface value with another value (not nil), the
// switches on an interface value, and the map types keyed by an interface:
// yaegi's interface values of the package's types with methods are equal
// only to themselves (two Square{2} in a Shape differ, and a map of them
// loses its entries or panics), and a value of a named basic type is its
// underlying value (Key("a") and "a" are one key of a map[any]int). The
// error interface is left out: errors compared with == are pointers, or
// values of a type the value-receiver Error detector sends compiled.
func findIfaceComparisons(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	// The types to confuse may be another interpreted package's: a route
	// declaring none put models.UserID("a") and "a" in one map[any].
	usesConcrete, usesBasic := usesSourceTypes(f, info)
	// Or its functions': a route declaring type a and type b struct{ N
	// int } in GET found any(a{1}) == any(b{1}) true.
	if !declaresConcreteType(f) && !usesConcrete && !f.declaresLocalConcreteType() && !f.heldShadowed() {
		return nil
	}
	// A struct or an array compares its interface fields and elements
	// as == on them does (cacheKey{kind string; id any} as a map key).
	comparedIface := func(e ast.Expr) bool {
		t := info.TypeOf(e)
		if _, isParam := types.Unalias(t).(*types.TypeParam); isParam || t == nil {
			return false // a type parameter's values are its type arguments'
		}
		return holdsComparedIface(t)
	}
	isNil := func(e ast.Expr) bool {
		tv, ok := info.Types[e]
		return ok && tv.IsNil()
	}
	// An interface value compared with a value of a basic type (a string
	// of a decoded JSON map against "admin") is equal only when it holds
	// that type, which the interpreter gets right unless the package has
	// a named basic type of its own to confuse with it.
	namedBasic := declaresBasicType(info) || usesBasic
	basic := func(e ast.Expr) bool {
		if namedBasic {
			return false
		}
		_, ok := types.Unalias(info.TypeOf(e)).(*types.Basic)
		return ok
	}
	// The types of the keys of sync.Map and the values of atomic.Value,
	// by which of them.
	keyed := map[string][]types.Type{}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) && !isNil(n.X) && !isNil(n.Y) && !basic(n.X) && !basic(n.Y) && (comparedIface(n.X) || comparedIface(n.Y)) {
				out = append(out, n.OpPos)
			}
		case *ast.SwitchStmt:
			// Not narrowed as comparisons are: the interpreter's switch
			// on an any panics converting it to a case's basic type.
			if n.Tag != nil && comparedIface(n.Tag) {
				out = append(out, n.Tag.Pos())
			}
		case *ast.MapType:
			if comparedIface(n.Key) {
				out = append(out, n.Pos())
			}
		case *ast.Ident:
			if comparesIfaceArg(info, n) {
				out = append(out, n.Pos())
			}
		case *ast.CallExpr:
			if kind, t := keyedAny(info, n); t != nil {
				if types.IsInterface(t) && kind == "sync.Map" && namedBasic {
					out = append(out, n.Pos())
				} else if confusedKey(keyed[kind], t) {
					out = append(out, n.Pos())
				}
				keyed[kind] = append(keyed[kind], t)
			}
		}
		return true
	})
	return out
}

// comparesIfaceArg reports whether id instantiates a generic function or
// type with a type argument holding an interface (see holdsComparedIface)
// for a comparable type parameter: its code compares such values with ==
// or keys maps with them, out of sight of the comparisons above
// (slices.Contains([]any{UserID("u1")}, any("u1")) was true in dev, and
// maps.Equal of two map[string]any holding UserID("v") and "v").
func comparesIfaceArg(info *types.Info, id *ast.Ident) bool {
	inst, ok := info.Instances[id]
	if !ok || inst.TypeArgs == nil {
		return false
	}
	var params *types.TypeParamList
	switch obj := info.Uses[id].(type) {
	case *types.Func:
		params = obj.Signature().TypeParams()
	case *types.TypeName:
		if n, ok := obj.Type().(*types.Named); ok {
			params = n.TypeParams()
		}
	}
	if params == nil || params.Len() != inst.TypeArgs.Len() {
		return false
	}
	for i := range params.Len() {
		c, ok := params.At(i).Constraint().Underlying().(*types.Interface)
		if ok && c.IsComparable() && holdsComparedIface(inst.TypeArgs.At(i)) {
			return true
		}
	}
	return false
}

// confusedKey reports whether t and one of seen are distinct types the
// interpreter takes for one: of the same underlying type, one of them of
// Go source (UserID and string, struct types A and B of the same fields).
func confusedKey(seen []types.Type, t types.Type) bool {
	for _, s := range seen {
		if !types.Identical(s, t) && types.Identical(s.Underlying(), t.Underlying()) && (ofGoSource(s) || ofGoSource(t)) {
			return true
		}
	}
	return false
}

// holdsComparedIface reports whether == on values of type t compares
// interface values other than errors: t is such an interface, or a
// struct or an array with a field or element holding one.
func holdsComparedIface(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return false // its values are its type arguments', an interface only as constraint
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return !isErrorType(t)
	case *types.Struct:
		for i := range u.NumFields() {
			if holdsComparedIface(u.Field(i).Type()) {
				return true
			}
		}
	case *types.Array:
		return holdsComparedIface(u.Elem())
	}
	return false
}

// ofGoSource reports whether t is a named type of a package that is not
// the standard library's, or a struct or an array holding one: the
// interpreter's own types, confused with others of the same shape.
func ofGoSource(t types.Type) bool {
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Pkg() != nil && !isStdlib(n.Obj().Pkg().Path())
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := range u.NumFields() {
			if ofGoSource(u.Field(i).Type()) {
				return true
			}
		}
	case *types.Array:
		return ofGoSource(u.Elem())
	}
	return false
}

// syncMapKeyed are the methods of sync.Map taking a key first, and
// atomicValueCompared those of atomic.Value comparing their first
// argument with the value it holds (Store and Swap check its type is the
// held one's).
var (
	syncMapKeyed        = []string{"Load", "Store", "LoadOrStore", "LoadAndDelete", "Delete", "Swap", "CompareAndSwap", "CompareAndDelete"}
	atomicValueCompared = []string{"Store", "Swap", "CompareAndSwap"}
)

// keyedAny returns "sync.Map" or "atomic.Value" and the type of the
// first argument when call is one of the methods above: sync.Map and
// atomic.Value compare it with what they hold as compiled code does, and
// the interpreter's values of a named basic type are values of the basic
// type, and those of struct types with the same fields values of one
// type, so UserID("a") and "a" were one key of a sync.Map in dev, and
// atomic.Value did not panic storing a B{1} where it held an A{1}.
func keyedAny(info *types.Info, call *ast.CallExpr) (string, types.Type) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return "", nil
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return "", nil
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return "", nil
	}
	rt := recv.Type()
	if p, ok := rt.(*types.Pointer); ok {
		rt = p.Elem()
	}
	named, ok := rt.(*types.Named)
	if !ok {
		return "", nil
	}
	var kind string
	switch path, name := fn.Pkg().Path(), named.Obj().Name(); {
	case path == "sync" && name == "Map" && slices.Contains(syncMapKeyed, fn.Name()):
		kind = "sync.Map"
	case path == "sync/atomic" && name == "Value" && slices.Contains(atomicValueCompared, fn.Name()):
		kind = "atomic.Value"
	default:
		return "", nil
	}
	t := info.TypeOf(call.Args[0])
	if t == nil {
		return "", nil
	}
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	return kind, t
}

// heldShadowed reports whether a named struct type the folder's code can
// hold has the fields of a struct type written in place (see
// inPlaceShadows): any(struct{ X, Y int }{}) == any(geo.Point{}) was true
// in dev in a route declaring and naming no types.
func (f *folder) heldShadowed() bool {
	for _, n := range f.heldTypes() {
		if _, ok := n.Underlying().(*types.Struct); ok && f.inPlaceShadows(n) {
			return true
		}
	}
	return false
}

// usesSourceTypes reports whether the code of f has values of named types
// of other packages of Go source (not the standard library's, nor
// devserver's, which are compiled), interfaces aside, and whether one of
// them has a basic underlying type.
func usesSourceTypes(f *folder, info *types.Info) (concrete, basic bool) {
	for _, tv := range info.Types {
		t := tv.Type
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || types.IsInterface(n) || n.Obj().Pkg() == nil {
			continue
		}
		path := n.Obj().Pkg().Path()
		if path == f.importPath || isStdlib(path) || strings.HasPrefix(path, "github.com/devserver/devserver/") {
			continue
		}
		concrete = true
		if _, ok := n.Underlying().(*types.Basic); ok {
			return true, true
		}
	}
	return concrete, false
}

// declaresBasicType reports whether the package of info declares a type
// whose underlying type is basic (type Key string), at package level or
// in a function: the interpreter's values of it equal plain values of the
// underlying type.
func declaresBasicType(info *types.Info) bool {
	for _, obj := range info.Defs {
		if tn, ok := obj.(*types.TypeName); ok && !tn.IsAlias() {
			if _, ok := tn.Type().Underlying().(*types.Basic); ok {
				return true
			}
		}
	}
	return false
}

// isErrorType reports whether t is the predeclared error interface.
func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// findDeferredLocalCalls finds a deferred function literal that calls a
// variable of function type declared in the function deferring it (say :=
// func() string {...}; defer func() { log(say()) }()): the interpreter
// runs the deferred literal holding its function's frame locked, and the
// call of a closure made in that frame waits for the lock forever.
// Parameters and package-level function values are called fine, and so
// are variables set only to literals the deferredClosures pass makes in
// frames of their own (see holdsOwnLiterals).
func findDeferredLocalCalls(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	forEachFunction(sf.syntax, func(body *ast.BlockStmt) {
		ast.Inspect(body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // a function of its own, visited on its own
			}
			d, ok := n.(*ast.DeferStmt)
			if !ok {
				return true
			}
			lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
			if !ok || !callsIdent(lit.Body) {
				return true
			}
			info := f.typeInfo()
			if info == nil {
				return true
			}
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				id, ok := ast.Unparen(call.Fun).(*ast.Ident)
				if !ok {
					return true
				}
				if v, ok := info.Uses[id].(*types.Var); ok && within(v.Pos(), body) && !within(v.Pos(), lit) && !isParamOf(body, v) && !holdsOwnLiterals(info, body, v) {
					out = append(out, d.Pos())
					return false
				}
				return true
			})
			return true
		})
	})
	return out
}

// holdsOwnLiterals reports whether v, a variable body declares, is set
// only to function literals body makes itself (not inside a function
// literal of its own), or to results of declared functions or methods,
// or left zero: the deferredClosures pass makes each such literal of a
// function that defers calls in a frame of its own, which the deferred
// literal calling v does not hold (cleanup := func() {…}; defer func() {
// cleanup() }() runs as built), and a function returns closures made in
// its own frame, or compiled code's (ctx, cancel :=
// context.WithCancel(ctx)). A value of any other kind (a method value,
// another function value's result), one set inside a function literal,
// or a variable whose address is taken is reported as before.
func holdsOwnLiterals(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	isV := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (info.Defs[id] == v || info.Uses[id] == v)
	}
	isLit := func(e ast.Expr) bool {
		_, ok := ast.Unparen(e).(*ast.FuncLit)
		return ok
	}
	// A call of a declared function or method returns a closure made
	// in its own frame, or compiled code's (context's cancel).
	isFuncCall := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		var id *ast.Ident
		switch fn := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			id = fn
		case *ast.SelectorExpr:
			id = fn.Sel
		default:
			return false
		}
		_, isFunc := info.Uses[id].(*types.Func)
		return isFunc
	}
	ok := true
	depth := 0 // function literals around the node
	var lits []*ast.FuncLit
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if n == nil {
			return false
		}
		for len(lits) > 0 && n.Pos() >= lits[len(lits)-1].End() {
			lits = lits[:len(lits)-1]
		}
		depth = len(lits)
		switch x := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, x)
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				if !isV(l) {
					continue
				}
				if depth > 0 || len(x.Lhs) == len(x.Rhs) && !isLit(x.Rhs[i]) && !isFuncCall(x.Rhs[i]) || len(x.Lhs) != len(x.Rhs) && (len(x.Rhs) != 1 || !isFuncCall(x.Rhs[0])) {
					ok = false
				}
			}
		case *ast.ValueSpec:
			for i, name := range x.Names {
				if info.Defs[name] != v {
					continue
				}
				if depth > 0 || len(x.Values) > 0 && (len(x.Values) != len(x.Names) || !isLit(x.Values[i])) {
					ok = false
				}
			}
		case *ast.RangeStmt:
			if x.Key != nil && isV(x.Key) || x.Value != nil && isV(x.Value) {
				ok = false
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND && isV(x.X) {
				ok = false
			}
		}
		return true
	})
	return ok
}

// callsIdent reports whether body calls a function named by an identifier.
func callsIdent(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if _, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
				found = true
			}
		}
		return !found
	})
	return found
}

// isParamOf reports whether v is declared before body (a parameter or
// result of its function).
func isParamOf(body *ast.BlockStmt, v *types.Var) bool { return v.Pos() < body.Lbrace }

// panicsNoRouteErrors reports whether no value the package's code may
// recover is a bare value of an error type of interpreted code: every
// panic in its files panics with a value of a compiled type, of a type of
// the package that is no error, or of static type error (which yaegi
// holds in its wrapper of the error interface, an error to an assertion
// as it is to Go), the operand of a conversion to an interface taken for
// its own (the nilPanics pass panics with it), and it imports no package
// the interpreter runs from source (whose code may panic with one). Such
// a package's recovered values assert to error as built.
func (f *folder) panicsNoRouteErrors() bool {
	info := f.typeInfo()
	if info == nil || f.pkg == nil {
		return false
	}
	for _, imp := range f.pkg.Imports() {
		if isStdlib(imp.Path()) {
			continue // its generic code run from source panics with its own values
		}
		if f.importer == nil || f.importer.source(imp.Path()) != nil {
			return false
		}
	}
	errType := types.Universe.Lookup("error").Type()
	ok := true
	for _, sf := range f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			call, isCall := n.(*ast.CallExpr)
			if !ok || !isCall || len(call.Args) != 1 {
				return ok
			}
			id, isIdent := ast.Unparen(call.Fun).(*ast.Ident)
			if !isIdent || id.Name != "panic" {
				return true
			}
			if _, builtin := info.Uses[id].(*types.Builtin); !builtin {
				return true
			}
			arg := ast.Unparen(call.Args[0])
			if conv, isConv := arg.(*ast.CallExpr); isConv && len(conv.Args) == 1 {
				if tv, known := info.Types[conv.Fun]; known && tv.IsType() && types.IsInterface(tv.Type) {
					if t := info.TypeOf(conv.Args[0]); t != nil && !types.IsInterface(t) {
						arg = conv.Args[0]
					}
				}
			}
			t := info.TypeOf(arg)
			switch {
			case t == nil:
				ok = false
			case types.IsInterface(t):
				ok = types.Identical(t, errType) || !f.mayHoldImplementing(t, errorType) && !f.localErrorTypes()
			case types.Implements(t, errorType):
				named := t
				if p, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
					named = p.Elem()
				}
				n, isNamed := types.Unalias(named).(*types.Named)
				ok = isNamed && n.Obj().Pkg() != nil && n.Obj().Pkg() != f.pkg && isStdlib(n.Obj().Pkg().Path())
			}
			return ok
		})
	}
	return ok
}

// localErrorTypes reports whether a type declared in a function of the
// package is an error (promoted from an embedded field): mayHoldImplementing
// sees the package-level types only.
func (f *folder) localErrorTypes() bool {
	for _, n := range f.heldTypes() {
		if n.Obj().Parent() != f.pkg.Scope() && (types.Implements(n, errorType) || types.Implements(types.NewPointer(n), errorType)) {
			return true
		}
	}
	return false
}

// findDirectedMakes finds the calls of make whose channel type has one
// direction, a channel no one can both send on and receive from, which
// Go makes and yaegi's reflect.MakeChan refuses.
func findDirectedMakes(f *folder, sf *srcFile) []token.Pos {
	if !mentions(sf.syntax, "make") {
		return nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok || id.Name != "make" {
			return true
		}
		if _, builtin := info.Uses[id].(*types.Builtin); !builtin {
			return true
		}
		if ch, ok := types.Unalias(info.TypeOf(call.Args[0])).Underlying().(*types.Chan); ok && ch.Dir() != types.SendRecv {
			out = append(out, call.Pos())
		}
		return true
	})
	return out
}
