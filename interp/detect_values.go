package interp

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

func init() {
	register("a template of text/template or html/template, in a package whose types have methods, that may call one (its text names a method, prints a value of a type with a String, Error, Format or GoString method, encodes one in a JavaScript context beside MarshalJSON or MarshalText methods or embedded structs, or is not known before it runs: read from a file, not a constant) (a template cannot call them in the interpreter)", findTemplates)
	register("a value of a type with an exported method a template may call (or holding one) handed as an interface to a function of another interpreted package that executes templates (which cannot see the type: its template cannot call the method in the interpreter)", findTemplateDataHandedOn)
	register("log/slog in a package whose types have a String method (slog does not call it in the interpreter)", findSlogStringers)
	register("a value of a type with a String, Error, Format or GoString method held in an interface (fmt does not see its methods in the interpreter)", findStringersInInterfaces)
	register("%T of an interface value that may hold a type declared in Go source, %#v of a value holding an interface in a package declaring types (or of an error its error types may be), or %+v of one where a struct type has unexported fields (the interpreter prints a type of its own for those types, and renamed unexported fields: Xname)", findTypeVerbsOfInterfaces)
	register("an operand of an interface type beyond those a constant format prints, which fmt prints after the text with the name of its value's type (%!(EXTRA route.T=...)), where the value may be of a type declared in Go source (the interpreter names a type of its own)", findExtraInterfaceOperands)
	register("a deferred function that panics before other deferred calls of its function have run (the interpreter skips them)", findPanicInDefer)
	register("a Scan(fmt.ScanState, rune) method, a fmt.Scanner (fmt's scanning functions do not see it in the interpreter)", findScanners)
	register("a type declared in a function with a String, Error, Format or GoString method promoted from an embedded field, printed inside another value or with a verb other than %v and %s, or a struct type written in place with one, printed at all (the interpreter prints it without the method)", findLocalStringers)
}

// findSlogStringers finds log/slog imported by a package with a String
// method, which slog calls on attribute values in a build.
func findSlogStringers(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("String") {
		return nil
	}
	return sf.importPos("log/slog")
}

// findStringersInInterfaces finds, in a package of types with fmt
// methods, an argument of a fmt print function whose static type holds an
// interface (any, an interface the package declares, a slice, map or
// struct field of one): a value of the package's types in it is printed
// without its methods. (Arguments of the types themselves are fixed by the
// fmtArgs pass; an error prints its Error.) A []any that can hold only
// strings, numbers and other basic values (see holdsOnlyBasics) prints as
// built.
func findStringersInInterfaces(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("String", "Error", "Format", "GoString") {
		return nil
	}
	info := f.typeInfo()
	if info == nil || !f.ownFmtMethods() && !f.boxesModuleStringers(info) {
		// Only other modules' types (uuid.UUID) have the methods, and the
		// package puts none of their values in an interface: what it
		// prints comes from elsewhere (a recovered panic, a
		// driver.Value).
		return nil
	}
	var out []token.Pos
	for _, c := range f.printCalls(sf, info) {
		for _, a := range c.call.Args[c.shape.first:] {
			if f.holdsPrintedInterface(info.TypeOf(a)) && !f.holdsOnlyBasics(info, sf.syntax, a) && !f.printsResolved(info, c, a) {
				out = append(out, a.Pos())
			}
		}
	}
	// Operands spread into fmt (fmt.Println(vals...)) are of types not
	// known here, unless they are a print wrapper's, whose callers'
	// operands are looked at above.
	for _, c := range sf.calls("fmt", "Print", "Println", "Printf", "Sprint", "Sprintln", "Sprintf", "Fprint", "Fprintln", "Fprintf", "Errorf", "Append", "Appendln", "Appendf") {
		if !c.Ellipsis.IsValid() || f.forwardsOperands(sf, info, c) {
			continue
		}
		for _, a := range c.Args[min(fmtFuncs[c.Fun.(*ast.SelectorExpr).Sel.Name][1], len(c.Args)):] {
			if f.holdsPrintedInterface(info.TypeOf(a)) && !f.holdsOnlyBasics(info, sf.syntax, a) {
				out = append(out, a.Pos())
			}
		}
	}
	slices.Sort(out)
	return out
}

// forwardsOperands reports whether call, a call of fmt spreading its
// last argument, is a print wrapper's handing on its own operands.
func (f *folder) forwardsOperands(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Args[len(call.Args)-1]).(*ast.Ident)
	if !ok {
		return false
	}
	for _, d := range sf.syntax.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || call.Pos() < fd.Pos() || call.End() > fd.End() {
			continue
		}
		fn, _ := info.Defs[fd.Name].(*types.Func)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() == "fmt" {
			return false
		}
		params := fn.Signature().Params()
		_, wrapper := f.printShapeOf(fn)
		return wrapper && params.Len() > 0 && info.Uses[id] == params.At(params.Len()-1)
	}
	return false
}

// holdsInterface reports whether a value of type t may hold an interface
// other than error (itself, or its elements or fields, a few levels deep).
func holdsInterface(t types.Type, depth int) bool {
	return holdsInterfaceWhere(t, depth, func(types.Type) bool { return true })
}

// holdsInterpretedInterface is holdsInterface for the interfaces that may
// hold a value of a type of interpreted code: not a reflect.Type, nor an
// io.Reader no such type implements.
func (f *folder) holdsInterpretedInterface(t types.Type) bool {
	return holdsInterfaceWhere(t, 0, f.mayHoldInterpreted)
}

// holdsPrintedInterface is holdsInterpretedInterface, but an interface
// type with methods (not any), itself or as an element, key, field or
// pointee, counts only when a type of interpreted code implementing the
// interface prints with a method of fmt's (see printsWithMethods). Such
// an interface whose implementers have none (type Shape interface{
// Area() float64 } of Circle and Rect structs of numbers) prints as
// built, though another type of the package has a String method: its
// values are printed by fmtfix, which prints a nil one inside a slice,
// map or struct <nil> as fmt does.
func (f *folder) holdsPrintedInterface(t types.Type) bool {
	return f.holdsPrinted(t, 0)
}

func (f *folder) holdsPrinted(t types.Type, depth int) bool {
	if t == nil || depth > 3 {
		return false
	}
	if it, ok := t.Underlying().(*types.Interface); ok {
		if it.Empty() || f.genericMayImplement(it) {
			return f.holdsInterpretedInterface(t)
		}
		if types.Identical(t, types.Universe.Lookup("error").Type()) {
			return false
		}
		for _, n := range f.heldTypes() {
			if (types.Implements(n, it) || types.Implements(types.NewPointer(n), it)) && printsWithMethods(n, map[types.Type]bool{}) {
				return true
			}
		}
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return f.holdsPrinted(u.Elem(), depth+1)
	case *types.Array:
		return f.holdsPrinted(u.Elem(), depth+1)
	case *types.Map:
		return f.holdsPrinted(u.Key(), depth+1) || f.holdsPrinted(u.Elem(), depth+1)
	case *types.Pointer:
		return f.holdsPrinted(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if f.holdsPrinted(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// printsWithMethods reports whether fmt may call a method on a value of
// type t or inside it: t (or *t) has one of fmtMethods, or one of its
// fields, elements or keys, or what it points to, has, or is an
// interface (which may hold any such value).
func printsWithMethods(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if types.IsInterface(t) {
		return true
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		ms := types.NewMethodSet(types.NewPointer(n))
		for name := range fmtMethods {
			if ms.Lookup(n.Obj().Pkg(), name) != nil {
				return true
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return printsWithMethods(u.Elem(), seen)
	case *types.Slice:
		return printsWithMethods(u.Elem(), seen)
	case *types.Array:
		return printsWithMethods(u.Elem(), seen)
	case *types.Map:
		return printsWithMethods(u.Key(), seen) || printsWithMethods(u.Elem(), seen)
	case *types.Chan:
		return printsWithMethods(u.Elem(), seen)
	case *types.Struct:
		for i := range u.NumFields() {
			if printsWithMethods(u.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// genericMayImplement reports whether an instance of a generic type of
// the folder's package, or of a package of interpreted code it imports,
// may implement it: visibleTypes leaves generic types out, whose
// instances' methods (and what fmt prints of them) the detectors do not
// look into. An instance has the methods of its generic type, so one
// whose method set lacks a method name of it implements it under no type
// arguments (box[T] with Get and Set is no Shape{ Area() int }).
func (f *folder) genericMayImplement(it *types.Interface) bool {
	if f.typeInfo() == nil || f.pkg == nil {
		return true
	}
	seen := make(map[*types.Package]bool)
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		seen[p] = true
		for _, name := range p.Scope().Names() {
			if tn, ok := p.Scope().Lookup(name).(*types.TypeName); ok {
				if n, ok := tn.Type().(*types.Named); ok && n.TypeParams() != nil && hasMethodNames(n, it) {
					return true
				}
			}
		}
		for _, imp := range p.Imports() {
			if !seen[imp] && f.importer != nil && f.importer.source(imp.Path()) != nil && walk(imp) {
				return true
			}
		}
		return false
	}
	return walk(f.pkg)
}

// hasMethodNames reports whether the method set of *n (its own methods
// and those promoted from its embedded fields) has a method of each name
// of it's: a necessary condition for an instance of n, or a pointer to
// one, to implement it.
func hasMethodNames(n *types.Named, it *types.Interface) bool {
	ms := types.NewMethodSet(types.NewPointer(n))
	names := make(map[string]bool, ms.Len())
	for i := range ms.Len() {
		names[ms.At(i).Obj().Name()] = true
	}
	for i := range it.NumMethods() {
		if !names[it.Method(i).Name()] {
			return false
		}
	}
	return true
}

// holdsInterfaceWhere is holdsInterface for the interfaces other than
// error that may reports true for.
func holdsInterfaceWhere(t types.Type, depth int, may func(types.Type) bool) bool {
	if t == nil || depth > 3 {
		return false
	}
	if types.IsInterface(t) {
		return !types.Identical(t, types.Universe.Lookup("error").Type()) && may(t)
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return holdsInterfaceWhere(u.Elem(), depth+1, may)
	case *types.Array:
		return holdsInterfaceWhere(u.Elem(), depth+1, may)
	case *types.Map:
		return holdsInterfaceWhere(u.Key(), depth+1, may) || holdsInterfaceWhere(u.Elem(), depth+1, may)
	case *types.Pointer:
		return holdsInterfaceWhere(u.Elem(), depth+1, may)
	case *types.Struct:
		for i := range u.NumFields() {
			if holdsInterfaceWhere(u.Field(i).Type(), depth+1, may) {
				return true
			}
		}
	}
	return false
}

// holdsInnerError reports whether t holds an error as an element, key,
// field or pointee (not itself): %#v of a value of a struct type declared
// in Go source holding one printed a nil error <nil> for error(nil), and
// a non-nil one &errors.errorString{s:"x"} for
// (*errors.errorString)(0xc000010250) in the interpreter.
func holdsInnerError(t types.Type, depth int) bool {
	if t == nil || depth > 3 {
		return false
	}
	if depth > 0 && types.Identical(t, types.Universe.Lookup("error").Type()) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return holdsInnerError(u.Elem(), depth+1)
	case *types.Array:
		return holdsInnerError(u.Elem(), depth+1)
	case *types.Map:
		return holdsInnerError(u.Key(), depth+1) || holdsInnerError(u.Elem(), depth+1)
	case *types.Pointer:
		return holdsInnerError(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if holdsInnerError(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// findPanicInDefer finds a deferred function literal that panics, in a
// function with another deferred call to run after it (deferred before
// it, or by an earlier iteration of a loop around it): when a deferred
// call panics, the interpreter runs none of the function's deferred calls
// left (a mutex stays locked, a file open, a recover waiting after it
// never recovers the new panic), where Go runs them all. So does a
// deferred call of a function value that may be nil (var f func(); defer
// f()), which panics as it runs (see nilDeferFuncs); one the function
// itself sets to a function literal, a declared function or what a
// function of the standard library returns (ctx, cancel :=
// context.WithCancel(ctx); defer cancel()) is never nil.
func findPanicInDefer(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		body := funcBody(n)
		if body == nil {
			return true
		}
		deferred, loops := 0, 0
		var stack []ast.Node
		ast.Inspect(body, func(n ast.Node) bool {
			if n == nil {
				switch stack[len(stack)-1].(type) {
				case *ast.ForStmt, *ast.RangeStmt:
					loops--
				}
				stack = stack[:len(stack)-1]
				return true
			}
			switch x := n.(type) {
			case *ast.FuncLit:
				return false // a function of its own
			case *ast.ForStmt, *ast.RangeStmt:
				loops++
			case *ast.DeferStmt:
				if deferred > 0 || loops > 0 {
					if lit, ok := x.Call.Fun.(*ast.FuncLit); ok && callsBuiltin(lit.Body, "panic") || f.mayDeferNil(body, x.Call.Fun) {
						out = append(out, x.Pos())
					}
				}
				deferred++
			}
			stack = append(stack, n)
			return true
		})
		return true
	})
	return out
}

// mayDeferNil reports whether fn, the function of a deferred call in
// body, is a variable or a field holding a function value that may be
// nil: any but a variable of body that body sets only to function
// literals, declared functions and methods, and results of compiled
// functions (the standard library's), and whose address it never takes.
func (f *folder) mayDeferNil(body *ast.BlockStmt, fn ast.Expr) bool {
	fn = ast.Unparen(fn)
	if !pureOperand(fn) {
		return false // a call's result, a method value: not the nil pass's
	}
	info := f.typeInfo()
	if info == nil || !funcVariable(info, fn) {
		return false
	}
	id, ok := fn.(*ast.Ident)
	if !ok {
		return true // a field or a package's variable
	}
	v := info.Uses[id]
	if v == nil || v.Pos() < body.Lbrace || v.Pos() > body.Rbrace {
		return true // a parameter, a result, a package's variable
	}
	nonNil := func(e ast.Expr, multi bool) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.FuncLit:
			return !multi
		case *ast.Ident:
			_, isFunc := info.Uses[e].(*types.Func)
			return isFunc && !multi
		case *ast.SelectorExpr:
			if s := info.Selections[e]; s != nil {
				return s.Kind() == types.MethodVal && !multi
			}
			_, isFunc := info.Uses[e.Sel].(*types.Func)
			return isFunc && !multi
		case *ast.CallExpr:
			if _, compiled := compiledCallee(info, e); compiled {
				return true // context.WithCancel
			}
			// The standard library's generic packages the interpreter
			// runs from source (iter.Pull's stop) return no nil
			// function either.
			fn := calledFunc(info, e)
			return fn != nil && fn.Pkg() != nil && genericStdlib(fn.Pkg().Path()) != nil
		}
		return false
	}
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (info.Defs[id] == v || info.Uses[id] == v)
	}
	maybe := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				if !is(l) {
					continue
				}
				switch {
				case x.Tok != token.ASSIGN && x.Tok != token.DEFINE:
					maybe = true
				case len(x.Rhs) == len(x.Lhs):
					maybe = maybe || !nonNil(x.Rhs[i], false)
				default:
					maybe = maybe || !nonNil(x.Rhs[0], true)
				}
			}
		case *ast.ValueSpec:
			for i, name := range x.Names {
				if info.Defs[name] != v {
					continue
				}
				switch {
				case len(x.Values) == 0:
					maybe = true
				case len(x.Values) == len(x.Names):
					maybe = maybe || !nonNil(x.Values[i], false)
				default:
					maybe = maybe || !nonNil(x.Values[0], true)
				}
			}
		case *ast.RangeStmt:
			maybe = maybe || is(x.Key) || x.Value != nil && is(x.Value)
		case *ast.UnaryExpr:
			maybe = maybe || x.Op == token.AND && is(x.X)
		}
		return !maybe
	})
	return maybe
}

// funcBody returns the body of a function declaration or literal, or nil.
func funcBody(n ast.Node) *ast.BlockStmt {
	switch fn := n.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// callsBuiltin reports whether body calls the builtin name (not inside a
// nested function literal).
func callsBuiltin(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// importPos returns the positions of sf's imports of paths.
func (sf *srcFile) importPos(paths ...string) []token.Pos {
	var out []token.Pos
	for _, p := range paths {
		for _, imp := range sf.syntax.Imports {
			if imp.Path.Value == `"`+p+`"` {
				out = append(out, imp.Pos())
			}
		}
	}
	return out
}

// findTypeVerbsOfInterfaces finds the arguments of fmt's formatting
// functions, in a constant format, that the interpreter prints otherwise
// because a value of a type of interpreted code may be inside an
// interface, where fmt sees yaegi's own type for it: %T of an interface
// value that may hold such a type (struct { R float64 } for a Circle;
// %T of an io.Reader no type of the package implements prints as built;
// %T of an error stays compiled in a package declaring types, see below),
// %#v of a value holding an interface, in a package declaring a type
// that is not an interface (it spells out the type's name), and %+v of a
// value holding an interface where a struct type the package can hold
// has unexported fields (printed renamed: Xname; exported ones print as
// built). The fmtArgs pass names the types of the other arguments.
//
// %T of an error no type of the package implements would print as built
// too, but it is what kept a route decoding JSON compiled, whose decode
// errors the interpreter words otherwise: a field of a struct type written
// as a literal (struct{ A int }) is named after a named struct type of
// the same fields declared elsewhere in the app (yaegi gives both one
// reflect type, see jsonfix.DecodeError). Until that is told apart, %T of
// an error in a package declaring types runs compiled.
func findTypeVerbsOfInterfaces(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, o := range f.formattedOperands(sf, info) {
		v, t := o.verb, info.TypeOf(o.arg)
		switch {
		case v.verb == 'T' && types.IsInterface(t) && f.mayHoldInterpreted(t) && (v.literal == nil || !f.resolvableIface(t)),
			v.verb == 'T' && types.Identical(t, types.Universe.Lookup("error").Type()) && declaresConcreteType(f),
			v.verb == 'v' && strings.Contains(v.flags, "#") && (declaresConcreteType(f) || f.declaresLocalConcreteType() || f.writesHiddenAnonStructs()) && holdsInterface(t, 0) && !f.holdsOnlyBasics(info, sf.syntax, o.arg) && !f.resolvesInterfaces(t),
			v.verb == 'v' && strings.Contains(v.flags, "#") && (declaresConcreteType(f) || f.declaresLocalConcreteType()) && holdsInnerError(t, 0),
			v.verb == 'v' && strings.Contains(v.flags, "#") && types.Identical(t, types.Universe.Lookup("error").Type()) && f.holdsErrorWithoutGoSyntax(),
			v.verb == 'v' && strings.Contains(v.flags, "+") && holdsInterface(t, 0) && f.holdsHiddenFields() && !f.holdsOnlyBasics(info, sf.syntax, o.arg) && !f.resolvesInterfaces(t):
			out = append(out, o.arg.Pos())
		}
	}
	return out
}

// holdsErrorWithoutGoSyntax reports whether the folder's code can hold a
// value of an error type of its own (or a pointer to one) that has neither
// a GoString nor a Format method: %#v of an error holding it prints its
// type and fields, which the interpreter spells as its own unnamed type.
func (f *folder) holdsErrorWithoutGoSyntax() bool {
	for _, n := range f.heldTypes() {
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			if types.Implements(t, errorType) && !hasMethodNamed(t, "GoString") && !hasMethodNamed(t, "Format") {
				return true
			}
		}
	}
	return false
}

// declaresConcreteType reports whether f declares a type that is not an
// interface.
func declaresConcreteType(f *folder) bool {
	for _, ts := range f.types {
		if _, ok := ts.Type.(*ast.InterfaceType); !ok {
			return true
		}
	}
	return false
}

// declaresLocalConcreteType reports whether f declares, inside a
// function, a type that is not an interface (func GET { type point
// struct{ X, Y int } ... }), or a package of source it imports does (see
// importedLocalTypes). fmtfix knows only the package-level types
// (registerFmtTypes), so %#v of an interface holding a value of a local
// type printed yaegi's unnamed struct type (struct { X int; Y int }{X:1,
// Y:2} for route.point{X:1, Y:2}) in a route declaring no type at
// package level, which declaresConcreteType alone let through.
func (f *folder) declaresLocalConcreteType() bool {
	info := f.typeInfo()
	if info == nil || f.pkg == nil {
		return false
	}
	if len(f.importedLocalTypes()) > 0 {
		// Or a package it imports does, whose values reach it as
		// interfaces (a shared package's func returning any).
		return true
	}
	for _, obj := range info.Defs {
		if tn, ok := obj.(*types.TypeName); ok && tn.Parent() != f.pkg.Scope() && !tn.IsAlias() && !types.IsInterface(tn.Type()) {
			if _, param := tn.Type().(*types.TypeParam); !param {
				return true
			}
		}
	}
	return false
}

// heldTypes returns the named types, not interfaces, whose values the
// folder's code can hold: the visible types (see visibleTypes) and those
// declared inside its functions.
func (f *folder) heldTypes() []*types.Named {
	var out []*types.Named
	for _, n := range f.visibleTypes() {
		if !types.IsInterface(n) {
			out = append(out, n)
		}
	}
	info := f.typeInfo()
	if info == nil || f.pkg == nil {
		return out
	}
	for _, obj := range info.Defs {
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.Parent() == f.pkg.Scope() || tn.IsAlias() {
			continue
		}
		if n, ok := tn.Type().(*types.Named); ok && !types.IsInterface(n) {
			out = append(out, n)
		}
	}
	// And those declared in the functions of the packages it imports,
	// whose values those hand it as interfaces.
	return append(out, f.importedLocalTypes()...)
}

// mayHoldInterpreted reports whether a value of the interface type iface
// may hold a value of a type of interpreted code (or a pointer to one):
// any such type for an empty interface, one implementing it otherwise.
func (f *folder) mayHoldInterpreted(iface types.Type) bool {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for _, n := range f.heldTypes() {
		if it.Empty() || types.Implements(n, it) || types.Implements(types.NewPointer(n), it) {
			return true
		}
	}
	// A struct type written in place has no methods: an empty
	// interface may hold one.
	return it.Empty() && f.writesHiddenAnonStructs()
}

// holdsHiddenFields reports whether a struct type the folder's code can
// hold has an unexported field (which yaegi renames Xname): a struct type
// written in the folder's files (declared, inside a function, or a
// literal's), or the struct of a visible type of another package.
func (f *folder) holdsHiddenFields() bool {
	for _, sf := range f.files {
		found := false
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok || found {
				return !found
			}
			for _, fl := range st.Fields.List {
				for _, name := range fl.Names {
					found = found || !name.IsExported()
				}
				if len(fl.Names) == 0 {
					found = found || !embeddedName(fl.Type).IsExported()
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return f.holdsUnexportedStruct()
}

// embeddedName returns the name an embedded field of type e is called by.
func embeddedName(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.SelectorExpr:
			return x.Sel
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x
		default:
			return ast.NewIdent("_")
		}
	}
}

// findLocalStringers finds the arguments of fmt's print functions made of
// a type declared inside a function that has a method fmt calls, promoted
// from an embedded field (type user struct{ Name }): the fmtArgs pass can
// register no such type, and yaegi prints it without the method inside a
// slice, map, array or struct, and prints its wrapper for %d. The value
// itself printed with %v or %s (or by Print, Println) calls the method
// in the interpreter too.
func findLocalStringers(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, pc := range f.printCalls(sf, info) {
		c, shape := pc.call, pc.shape
		args := c.Args[shape.first:]
		var verbs []fmtVerb
		if shape.format >= 0 {
			verbs = f.formatVerbs(c.Args[shape.format], len(args))
		}
		for i, a := range args {
			t := info.TypeOf(a)
			if !f.involvesLocalStringer(t, 0) {
				continue
			}
			direct := f.isLocalStringer(t)
			if p, ok := types.Unalias(t).(*types.Pointer); ok {
				direct = f.isLocalStringer(p.Elem())
			}
			plain := shape.format < 0 || verbs != nil && (verbs[i].verb == 's' || verbs[i].verb == 'v' && verbs[i].flags == "")
			if !direct || !plain {
				out = append(out, a.Pos())
			}
		}
	}
	return out
}

// isLocalStringer reports whether t is a type of the folder declared
// inside a function with a method fmt calls (promoted: such a type
// declares none of its own).
func (f *folder) isLocalStringer(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != f.importPath || n.Obj().Parent() == n.Obj().Pkg().Scope() {
		return false
	}
	ms := types.NewMethodSet(types.NewPointer(n))
	for name := range fmtMethods {
		if ms.Lookup(n.Obj().Pkg(), name) != nil {
			return true
		}
	}
	return false
}

// involvesLocalStringer reports whether t is, or is made of (pointers,
// slices, arrays, maps, struct fields), a local type with a method fmt
// calls, or a struct type written in place with such a method promoted.
func (f *folder) involvesLocalStringer(t types.Type, depth int) bool {
	if t == nil || depth > 8 {
		return false
	}
	if f.isLocalStringer(t) {
		return true
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		return f.involvesLocalStringer(u.Elem(), depth+1)
	case *types.Slice:
		return f.involvesLocalStringer(u.Elem(), depth+1)
	case *types.Array:
		return f.involvesLocalStringer(u.Elem(), depth+1)
	case *types.Map:
		return f.involvesLocalStringer(u.Key(), depth+1) || f.involvesLocalStringer(u.Elem(), depth+1)
	case *types.Struct:
		// A struct type written in place has the methods of its
		// embedded fields too, which the interpreter's value has not,
		// even printed by itself: struct{ models.Code; N int }{3, 1}
		// printed {code 1} in dev, code built.
		ms := types.NewMethodSet(types.NewPointer(u))
		for name := range fmtMethods {
			if ms.Lookup(nil, name) != nil {
				return true
			}
		}
		for i := range u.NumFields() {
			if f.involvesLocalStringer(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// findScanners finds the Scan methods of fmt.Scanner: fmt.Sscan and its
// kind scan a value of the package's types with it in a build, and do not
// see it in the interpreter ("can't scan type").
func findScanners(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	for _, d := range sf.syntax.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || fd.Name.Name != "Scan" || fd.Type.Params.NumFields() != 2 {
			continue
		}
		if sel, ok := fd.Type.Params.List[0].Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "ScanState" {
			out = append(out, fd.Pos())
		}
	}
	return out
}

func init() {
	register("%T (or %p) by an explicit argument index ([n]) of a value of a type declared in Go source, or %T of values spread from a slice that may hold one, or a format not constant (which may hold %T) with such operands (the interpreter prints a type of its own, or of the dev server's, for those types)", findIndexedTypeVerbs)
}

// findIndexedTypeVerbs finds the operands of fmt print calls that %T
// names where the fmtArgs pass cannot put the type's name in: the
// operand of %[n]T or %[n]p (a format with explicit argument indexes,
// whose operands the pass wraps whatever their verbs), and a slice spread
// into a format with %T that may hold a value of a type of interpreted
// code (what it holds is known only when it runs). A format that is not
// constant may hold %T for any operand: one that may hold such a value
// is found, spread or not.
func findIndexedTypeVerbs(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil || !declaresConcreteType(f) && len(f.heldTypes()) == 0 {
		return nil
	}
	var out []token.Pos
	for _, pc := range f.printCalls(sf, info) {
		c, format := pc.call, pc.shape.format
		if format < 0 || len(c.Args) <= format {
			continue
		}
		text, ok := constantString(info, c.Args[format])
		args := c.Args[pc.shape.first:]
		if !ok {
			// Which operand %T prints is known only when the code runs.
			for _, a := range args {
				if t := info.TypeOf(a); t != nil && (types.IsInterface(t) && f.mayHoldInterpreted(t) && !f.holdsOnlyBasics(info, sf.syntax, a) || !types.IsInterface(t) && f.involvesOwnType(t)) {
					out = append(out, a.Pos())
					break
				}
			}
			continue
		}
		if !strings.Contains(text, "[") {
			continue
		}
		for i, verbs := range indexedVerbs(text, len(args)) {
			t := info.TypeOf(args[i])
			if t == nil || !strings.ContainsAny(verbs, "Tp") {
				continue
			}
			if types.IsInterface(t) && f.mayHoldInterpreted(t) || !types.IsInterface(t) && f.involvesOwnType(t) {
				out = append(out, args[i].Pos())
			}
		}
	}
	for _, c := range sf.calls("fmt", "Printf", "Sprintf", "Fprintf", "Errorf", "Appendf") {
		if !c.Ellipsis.IsValid() || f.forwardsOperands(sf, info, c) {
			continue
		}
		first := fmtFuncs[c.Fun.(*ast.SelectorExpr).Sel.Name]
		if len(c.Args) != first[1]+1 {
			continue
		}
		text, ok := constantString(info, c.Args[first[0]])
		last := c.Args[len(c.Args)-1]
		if !f.holdsInterpretedInterface(info.TypeOf(last)) || f.holdsOnlyBasics(info, sf.syntax, last) {
			continue
		}
		if !ok {
			// A print closure's (show := func(format string, args
			// ...any)): its callers' formats.
			calls, known := closureCalls(sf, info, c.Args[first[0]], last)
			if !known {
				out = append(out, last.Pos())
			}
			for _, cc := range calls {
				if text, ok := constantString(info, cc.format); !ok || cc.call.Ellipsis.IsValid() || strings.ContainsAny(text, "T[") {
					out = append(out, cc.call.Pos())
				}
			}
			continue
		}
		if strings.Contains(text, "T") {
			for _, verbs := range indexedVerbs(text, 64) {
				if strings.ContainsRune(verbs, 'T') {
					out = append(out, last.Pos())
					break
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// constantString returns the value of e, a constant string expression.
func constantString(info *types.Info, e ast.Expr) (string, bool) {
	tv := info.Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// indexedVerbs returns the verbs the format gives each of n operands
// ('*' for a width or precision), following explicit argument indexes
// ([n]) as fmt does.
func indexedVerbs(format string, n int) []string {
	out := make([]string, n)
	arg := 0
	use := func(verb rune) {
		if arg >= 0 && arg < n {
			out[arg] += string(verb)
		}
		arg++
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		for i < len(format) && strings.IndexByte("0123456789.*[", format[i]) >= 0 {
			switch format[i] {
			case '[':
				end := strings.IndexByte(format[i:], ']')
				if end < 0 {
					return out
				}
				if k, err := strconv.Atoi(format[i+1 : i+end]); err == nil {
					arg = k - 1
				}
				i += end
			case '*':
				use('*')
			}
			i++
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		use(rune(format[i]))
	}
	return out
}

func init() {
	register("an interface value printed by fmt with a verb it complains of for a type of the package defined from a basic type without methods (%s of an any that may hold a `type Score int`: fmt names the type in %!s(route.Score=3), the interpreter's value is an int)", findBadVerbsOfBasicNamed)
}

// findBadVerbsOfBasicNamed finds the interface operands of fmt print
// calls whose verb fmt complains of for a value of a type of interpreted
// code defined from a basic type, without methods: yaegi holds such a
// value in an interface as the basic type, which fmt's complaint then
// names (int for route.Score).
func findBadVerbsOfBasicNamed(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var kinds []types.BasicInfo
	for _, n := range f.heldTypes() {
		b, ok := n.Underlying().(*types.Basic)
		if !ok || types.NewMethodSet(types.NewPointer(n)).Len() > 0 {
			// A value of a type with methods is held in yaegi's wrapper,
			// which fmtfix names.
			continue
		}
		if _, interpreted := f.interpretedNamed(n); !interpreted {
			if _, local := f.localNamed(n); !local {
				continue
			}
		}
		kinds = append(kinds, b.Info())
	}
	if len(kinds) == 0 {
		return nil
	}
	var out []token.Pos
	for _, o := range f.formattedOperands(sf, info) {
		t := info.TypeOf(o.arg)
		if t == nil || !types.IsInterface(t) || !f.mayHoldInterpreted(t) || f.holdsOnlyBasics(info, sf.syntax, o.arg) {
			continue
		}
		for _, k := range kinds {
			if badVerbFor(o.verb.verb, k) {
				out = append(out, o.arg.Pos())
				break
			}
		}
	}
	// Operands spread from a slice into a constant format: any of its
	// verbs may print one.
	for _, c := range sf.calls("fmt", "Printf", "Sprintf", "Fprintf", "Errorf", "Appendf") {
		first := fmtFuncs[c.Fun.(*ast.SelectorExpr).Sel.Name]
		if !c.Ellipsis.IsValid() || len(c.Args) != first[1]+1 || f.forwardsOperands(sf, info, c) {
			continue
		}
		text, ok := constantString(info, c.Args[first[0]])
		last := c.Args[len(c.Args)-1]
		if !ok || !f.holdsInterpretedInterface(info.TypeOf(last)) || f.holdsOnlyBasics(info, sf.syntax, last) {
			continue
		}
	spread:
		for _, verbs := range indexedVerbs(text, 64) {
			for _, v := range verbs {
				for _, k := range kinds {
					if badVerbFor(v, k) {
						out = append(out, last.Pos())
						break spread
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// badVerbFor reports whether fmt complains of verb for a value of a basic
// type of kind info (%!verb(type=value)), as fmt's printValue does.
func badVerbFor(verb rune, info types.BasicInfo) bool {
	switch verb {
	case '?', '*', 'T', 'p', 'w', 'v':
		return false
	}
	switch {
	case info&types.IsBoolean != 0:
		return verb != 't'
	case info&types.IsInteger != 0:
		return !strings.ContainsRune("bcdoOqxXU", verb)
	case info&(types.IsFloat|types.IsComplex) != 0:
		return !strings.ContainsRune("beEfFgGxX", verb)
	case info&types.IsString != 0:
		return !strings.ContainsRune("sxXq", verb)
	}
	return false
}

// closureCall is a call of a print closure with its format operand.
type closureCall struct {
	call   *ast.CallExpr
	format ast.Expr
}

// closureCalls returns the calls of the function literal whose
// parameters format and args (the spread into a print function inside
// it) are, when the literal is a local variable's value only ever called
// (show := func(format string, args ...any) { ... }), with the operand
// each gives format. known is false for any other format and args.
func closureCalls(sf *srcFile, info *types.Info, format, args ast.Expr) (calls []closureCall, known bool) {
	fid, ok1 := ast.Unparen(format).(*ast.Ident)
	aid, ok2 := ast.Unparen(args).(*ast.Ident)
	if !ok1 || !ok2 {
		return nil, false
	}
	fo, ao := info.Uses[fid], info.Uses[aid]
	if fo == nil || ao == nil {
		return nil, false
	}
	var holder types.Object
	index := -1
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		var lhs []ast.Expr
		var rhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs, rhs = n.Lhs, n.Rhs
		case *ast.ValueSpec:
			for _, id := range n.Names {
				lhs = append(lhs, id)
			}
			rhs = n.Values
		default:
			return holder == nil
		}
		if len(lhs) != 1 || len(rhs) != 1 {
			return true
		}
		lit, ok := rhs[0].(*ast.FuncLit)
		id, isIdent := lhs[0].(*ast.Ident)
		if !ok || !isIdent || lit.Type.Params == nil {
			return true
		}
		i, last := 0, types.Object(nil)
		for _, field := range lit.Type.Params.List {
			for _, name := range field.Names {
				if info.Defs[name] == fo {
					index = i
				}
				last = info.Defs[name]
				i++
			}
		}
		if index >= 0 && last == ao {
			holder = info.Defs[id]
			if holder == nil {
				holder = info.Uses[id]
			}
			return false
		}
		index = -1
		return true
	})
	if holder == nil || index < 0 {
		return nil, false
	}
	uses := 0
	for id, obj := range info.Uses {
		if obj == holder && id.Pos() >= sf.syntax.Pos() && id.End() <= sf.syntax.End() {
			uses++
		}
	}
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && info.Uses[id] == holder && index < len(c.Args) {
				calls = append(calls, closureCall{c, c.Args[index]})
			}
		}
		return true
	})
	return calls, len(calls) == uses
}

// resolvableIface reports whether t is an interface with methods, not an
// error, declared at the package level of the folder, whose values fmtfix prints as fmt does (description kind iface,
// see fmtfix.Registry.Held): yaegi keeps, beside a value in a slot of
// such an interface, the node that typed it, which names its dynamic
// type; every type of route code that may be that type (or the type a
// pointer to which it is) must then be one the package registers with
// fmtfix: declared at its package level, not generic, not an alias, in
// a file the rewrite accepts. A value of a compiled type keeps its own
// type and methods. Instances of generic types and types declared in
// functions or in other packages are not registered here: an interface
// they may implement is not resolvable.
func (f *folder) resolvableIface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.Empty() || types.Implements(t, errorType) || f.typeInfo() == nil || f.pkg == nil {
		return false
	}
	if _, own := f.ownNamed(t); !own {
		// An interface of compiled code (fmt.Stringer) holds yaegi's
		// wrapper of a value, which does not name its type.
		return false
	}
	if f.genericMayImplement(it) {
		return false
	}
	for _, n := range f.heldTypes() {
		if !types.Implements(n, it) && !types.Implements(types.NewPointer(n), it) {
			continue
		}
		if !f.registersFmtType(n) {
			return false
		}
	}
	return true
}

// registersFmtType reports whether the fmtArgs pass registers n with
// fmtfix (see registerFmtTypes).
func (f *folder) registersFmtType(n *types.Named) bool {
	if _, ok := f.ownNamed(n); !ok {
		return false
	}
	ts, sf := f.types[n.Obj().Name()], f.typeFile[n.Obj().Name()]
	if ts == nil || sf == nil || sf.err != nil || ts.TypeParams != nil || ts.Assign.IsValid() {
		return false
	}
	obj, _ := f.typeInfo().Defs[ts.Name].(*types.TypeName)
	return obj != nil && obj.Type() == n
}

// resolvesInterfaces reports whether every interface a value of type t
// holds (itself, or its elements, keys, fields, pointees, a few levels
// deep), if any, is resolvable (see resolvableIface): fmtfix prints the
// value as fmt does.
func (f *folder) resolvesInterfaces(t types.Type) bool {
	ok := true
	holdsInterfaceWhere(t, 0, func(it types.Type) bool {
		if !f.resolvableIface(it) {
			ok = false
		}
		return false // look at every interface
	})
	return ok
}

// printsResolved reports whether the fmtArgs pass hands a, an operand of
// the print call c, to fmtfix described by its static type, every
// interface it holds resolvable (see resolvesInterfaces): fmtfix then
// prints the values those interfaces hold by their dynamic types, with
// their methods, as fmt does. An operand of a format that is not
// constant, or of %p, %w or a width or precision (*), is left as it is.
func (f *folder) printsResolved(info *types.Info, c printCall, a ast.Expr) bool {
	t := info.TypeOf(a)
	if t == nil || !f.resolvesInterfaces(t) || !types.IsInterface(t) && !f.involvesOwnType(t) {
		return false
	}
	if c.shape.format < 0 {
		return true
	}
	args := c.call.Args[c.shape.first:]
	verbs := f.formatVerbs(c.call.Args[c.shape.format], len(args))
	i := slices.Index(args, a)
	if verbs == nil || i < 0 || i >= len(verbs) {
		return false
	}
	return !strings.ContainsRune("pw*?", verbs[i].verb)
}

// findExtraInterfaceOperands finds the operands of print calls beyond
// those their constant format prints whose static type is an interface
// that may hold a value of a type of interpreted code: fmt names the
// value's type (%!(EXTRA route.Square={2})), which compiled code sees
// as yaegi's (struct { S int }, string for a named string, the
// underlying value of an error). An interface of the package whose
// values fmtfix names (see resolvableIface) is left to the fmtArgs pass.
func findExtraInterfaceOperands(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, o := range f.formattedOperands(sf, info) {
		t := info.TypeOf(o.arg)
		if o.verb.extra && t != nil && types.IsInterface(t) && !f.resolvableIface(t) && f.mayHoldInterpreted(t) {
			out = append(out, o.arg.Pos())
		}
	}
	return out
}
