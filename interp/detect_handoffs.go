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

// Detectors for values of interpreted types that compiled code sees as
// yaegi represents them: a named non-struct type as its underlying type,
// a struct type with its unexported fields renamed (Xname).

func init() {
	register("next.NewResponse with a body of a type declared in Go source that is not an io.Reader (the interpreter hands next its underlying string or []byte, which a build refuses)", findNamedBodies)
	register("a type assertion without a second result to a concrete type, of an operand that may hold a named non-struct type declared in Go source (when it fails, the interpreter's panic names the underlying type: float64 for route.Celsius)", findUnderlyingAssertions)
	register("a type assertion to an interface of compiled code (fmt.Stringer, sort.Interface, io.WriterTo) of a value that may be of a type declared in Go source implementing it (the interpreter's assertion misses the value's methods: false, nil or a panic)", findCompiledIfaceAssertions)
	register("a value held in an interface of compiled code (fmt.Stringer, error, a []fmt.Stringer) handed to encoding/json or next.JSON, where a type declared in Go source may implement it (the interpreter hands json its wrapper for the interface, not the value)", findJSONOfCompiledIfaces)
	register("a value of a type declared in Go source handed as an interface to a function of another interpreted package that prints an interface with %T, %#v or %+v, or an error with %T or %#v (which cannot see the type: the interpreter names it as a type of its own, struct { X int } for route.Point, and shows unexported fields renamed, Xtoken)", findTypeVerbsHandedOn)
	register("a value of a type declared in Go source that log/slog prints otherwise (a struct with an unexported or embedded field, a type with a MarshalJSON, MarshalText, Error, Format or GoString method) handed as an interface to a function of another interpreted package that logs with log/slog (which cannot see the type: the interpreter's shows the unexported field renamed, Xname, and does not flatten the embedded one)", findSlogFieldsHandedOn)
	register("a value of a type declared in Go source handed as an interface to a function of another interpreted package that encodes XML (which cannot see the type: the interpreter's has no element name, xml: unsupported type, and its embedded structs are not flattened)", findXMLHandedOn)
	register("a value of a named type of a basic (or slice, map or array) underlying type declared in Go source handed as an interface to a function of another interpreted package that asserts interfaces to basic types or unnamed slice, map or array types (the interpreter's value of type UserID string is a string there: v.(string) succeeds, a type switch takes case string)", findBasicAssertedHandedOn)
	register("a value of a named type declared in Go source handed as an interface to a function of another interpreted package that compares interface values or keys a map by them (the interpreter's values of a named type equal plain values of its underlying type: UserID(\"u1\") and \"u1\" are one key)", findComparedHandedOn)
	register("a value holding an interface (an any field, a map[string]any) that may hold a value of a type with a String, Error, Format or GoString method, handed as an interface to a function of another interpreted package that prints (fmt does not see the methods of what the interface holds in the interpreter)", findPrintedInterfacesHandedOn)
	register("a value of a type with a String, Format, GoString, WriteTo, ReadFrom, LogValue or Error method handed as an interface to a function of another interpreted package (which cannot see the type: printed, asserted to fmt.Stringer, copied with io.Copy or logged with log/slog there, it loses the method in the interpreter)", findStringersHandedOn)
	register("a template printing with %+v, %#v or %T (or read from a file, which may) in a package that can hold a struct type with unexported fields (the interpreter's template prints them renamed: Xsecret)", findTemplateVerbs)
}

// findNamedBodies finds the calls of next.NewResponse whose body's static
// type is a type of interpreted code (type HTML string) that is not an
// io.Reader: a build's NewResponse answers an error for it (its type
// switch sees a route.HTML), the interpreter's a string body. A reader
// type reaches it wrapped as an io.Reader (see dotSymbols).
func findNamedBodies(f *folder, sf *srcFile) []token.Pos {
	calls := sf.calls(nextPath, "NewResponse")
	if len(calls) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	reader := ioReader(f)
	var out []token.Pos
	for _, c := range calls {
		if len(c.Args) == 0 {
			continue
		}
		t := info.TypeOf(c.Args[0])
		if t == nil || types.IsInterface(t) {
			continue
		}
		named := t
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			named = p.Elem()
		}
		if _, ok := f.interpretedNamed(named); !ok {
			continue
		}
		if reader != nil && types.Implements(t, reader) {
			continue
		}
		out = append(out, c.Args[0].Pos())
	}
	return out
}

// ioReader returns io.Reader as the folder's type check knows it, or nil.
func ioReader(f *folder) *types.Interface {
	if f.pkg == nil {
		return nil
	}
	for _, p := range f.pkg.Imports() {
		if p.Path() == "io" {
			if tn, ok := p.Scope().Lookup("Reader").(*types.TypeName); ok {
				it, _ := tn.Type().Underlying().(*types.Interface)
				return it
			}
		}
	}
	// The folder may not import io: build it.
	pkg := types.NewPackage("io", "io")
	params := types.NewTuple(types.NewVar(token.NoPos, pkg, "p", types.NewSlice(types.Typ[types.Byte])))
	results := types.NewTuple(types.NewVar(token.NoPos, pkg, "n", types.Typ[types.Int]), types.NewVar(token.NoPos, pkg, "err", types.Universe.Lookup("error").Type()))
	read := types.NewFunc(token.NoPos, pkg, "Read", types.NewSignatureType(nil, nil, nil, params, results, false))
	return types.NewInterfaceType([]*types.Func{read}, nil).Complete()
}

// findUnderlyingAssertions finds the type assertions without a second
// result to a concrete type whose operand may hold a value of a named
// type of interpreted code that is not a struct (type Celsius float64,
// type Names []string): yaegi's values of such a type are of its
// underlying type, so the panic of a failed assertion names that type
// (typeAssertions names struct types as Go does).
func findUnderlyingAssertions(f *folder, sf *srcFile) []token.Pos {
	asserts, commaOk := assertionsOf(sf.syntax)
	if len(asserts) == len(commaOk) {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, ta := range asserts {
		if commaOk[ta] {
			continue
		}
		operand, target := info.TypeOf(ta.X), info.TypeOf(ta.Type)
		if operand == nil || target == nil || types.IsInterface(target) {
			continue
		}
		if f.mayHoldNonStruct(operand, target) {
			out = append(out, ta.Pos())
		}
	}
	return out
}

// mayHoldNonStruct reports whether a value of the interface type iface
// may hold a value of a visible named type (see visibleTypes) other than
// target that is neither a struct nor an interface. A type of a route's
// package none of whose values it puts in an interface (see
// boxedOwnTypes) does not count: type PriorityQueue []*Item beside
// item := x.(*Item) in its Push method.
func (f *folder) mayHoldNonStruct(iface, target types.Type) bool {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	route := f.isRoute()
	for _, n := range f.visibleTypes() {
		switch n.Underlying().(type) {
		case *types.Struct, *types.Interface:
			continue
		}
		if types.Identical(n, target) {
			continue
		}
		if route && n.Obj().Pkg() == f.pkg && !f.boxedOwnTypes()[n] {
			continue
		}
		if types.Implements(n, it) {
			return true
		}
	}
	return false
}

// findTemplateVerbs finds, in a package using text/template or
// html/template that can hold a struct type of interpreted code with an
// unexported field, the string literals with a %+v, %#v or %T verb, and
// the calls reading a template's text from elsewhere (ParseFiles,
// ParseGlob, ParseFS, Parse of a value that is not a literal): yaegi's
// struct types name their unexported fields Xname and have no name of
// their own, which such a verb prints inside a template. (The fmtArgs pass
// fixes fmt's own print calls; a template's printf is compiled.)
func findTemplateVerbs(f *folder, sf *srcFile) []token.Pos {
	name, ok := sf.importName("text/template")
	if !ok {
		name, ok = sf.importName("html/template")
	}
	if !ok {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BasicLit:
			if x.Kind == token.STRING {
				if s, err := strconv.Unquote(x.Value); err == nil && hasTypeVerb(s) {
					out = append(out, x.Pos())
				}
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && readsTemplateText(name, sel, x) {
				if text, ok := f.constantString(x.Args); sel.Sel.Name != "Parse" || !ok || hasTypeVerb(text) {
					out = append(out, x.Pos())
				}
			}
		}
		return true
	})
	if len(out) == 0 || !f.holdsUnexportedStruct() {
		return nil
	}
	return out
}

// hasTypeVerb reports whether s has a %+v, %#v or %T directive (flags and
// width allowed before the verb).
func hasTypeVerb(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		j := i + 1
		flags := ""
		for j < len(s) && strings.IndexByte("+#- 0123456789.*", s[j]) >= 0 {
			flags += string(s[j])
			j++
		}
		if j < len(s) && (s[j] == 'T' || s[j] == 'v' && strings.ContainsAny(flags, "+#")) {
			return true
		}
		if j < len(s) && s[j] == '%' {
			i = j
		}
	}
	return false
}

// readsTemplateText reports whether call, of sel, reads a template's text
// from a file or another value than a string literal: pkg.ParseFiles,
// pkg.ParseGlob, pkg.ParseFS, or a Parse method of a value that is not a
// literal.
func readsTemplateText(pkg string, sel *ast.SelectorExpr, call *ast.CallExpr) bool {
	switch sel.Sel.Name {
	case "ParseFiles", "ParseGlob", "ParseFS":
		return true
	case "Parse":
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == pkg {
			return false // not a template method
		}
		if len(call.Args) != 1 {
			return false
		}
		lit, ok := ast.Unparen(call.Args[0]).(*ast.BasicLit)
		return !ok || lit.Kind != token.STRING
	}
	return false
}

// constantString returns the value of args when it is one constant
// string (a constant's name, a concatenation of constants and literals).
func (f *folder) constantString(args []ast.Expr) (string, bool) {
	if len(args) != 1 {
		return "", false
	}
	info := f.typeInfo()
	if info == nil {
		return "", false
	}
	tv := info.Types[args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// holdsUnexportedStruct reports whether a visible type (see visibleTypes),
// or one declared in a function of an imported package (see
// importedLocalTypes), is a struct with an unexported field, or such a
// struct type is written in place (see writesHiddenAnonStructs).
func (f *folder) holdsUnexportedStruct() bool {
	if f.writesHiddenAnonStructs() {
		return true
	}
	for _, n := range append(f.visibleTypes(), f.importedLocalTypes()...) {
		st, ok := n.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			if !st.Field(i).Exported() {
				return true
			}
		}
	}
	return false
}

// findCompiledIfaceAssertions finds the type assertions, with or without
// a second result, to an interface type with methods that compiled code
// declares (fmt.Stringer, sort.Interface, json.Marshaler, and error from
// an empty interface: the interpreter asserts an error's wrapper to it
// as Go does; outside a route's package, the assertion with a second
// result that ifaceAssertion makes is left) whose operand may hold a value of a
// visible type of interpreted code implementing it: yaegi builds the
// compiled interface's wrapper from the node that made the value, in the
// asserting function's frame, so the assertion of a struct value fails,
// yields a zero value or panics (reflect: call of reflect.Value.Type on
// zero Value), and its assertion of an any compares method signatures
// that never match (false for an any holding a *NotFound asserted to
// error). Those with a second result that ifaceAssertion makes answer as
// Go's do stay. Assertions to interfaces the interpreter declares are
// findCommaOkAssertions' and findInterfaceAssertions'.
func findCompiledIfaceAssertions(f *folder, sf *srcFile) []token.Pos {
	asserts, commaOk := assertionsOf(sf.syntax)
	if len(asserts) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	errType := types.Universe.Lookup("error").Type()
	var out []token.Pos
	for _, ta := range asserts {
		operand, target := info.TypeOf(ta.X), info.TypeOf(ta.Type)
		if operand == nil || target == nil || interpreterDeclares(target) || types.Identical(target, errType) && !isEmptyInterface(operand) {
			continue
		}
		if commaOk[ta] && f.ifaceAssertionSound(sf, ta.X, ta.Type) {
			continue // see ifaceAssertion
		}
		if commaOk[ta] && !f.isRoute() && types.Identical(target, errType) {
			// Outside a route's package the function of ifaceAssertion
			// tries the package's own types, when it can (not one yaegi
			// cannot tell from another); a route's values handed in are
			// findErrorsHandedOn's.
			if cands, ok := f.ifaceCandidates(sf, operand, target); ok && len(cands) > 0 {
				continue
			}
		}
		it, ok := target.Underlying().(*types.Interface)
		if !ok || it.NumMethods() == 0 {
			continue
		}
		if f.mayHoldImplementing(operand, it) {
			out = append(out, ta.Pos())
		}
	}
	return out
}

// mayHoldImplementing reports whether a value of the interface type
// operand may hold a value of a visible type of interpreted code (see
// visibleTypes), or a pointer to one, that implements target.
func (f *folder) mayHoldImplementing(operand types.Type, target *types.Interface) bool {
	holder, ok := operand.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for _, n := range f.visibleTypes() {
		if types.IsInterface(n) {
			continue
		}
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			if types.Implements(t, target) && types.Implements(t, holder) {
				return true
			}
		}
	}
	return false
}

// jsonEncoders are the functions encoding a value as JSON, by
// types.Func.FullName, with the index of the encoded argument.
var jsonEncoders = map[string]int{
	"encoding/json.Marshal":                    0,
	"encoding/json.MarshalIndent":              0,
	"(*encoding/json.Encoder).Encode":          0,
	"github.com/devserver/devserver/next.JSON": 0,
}

// findJSONOfCompiledIfaces finds the values handed to encoding/json (or
// next.JSON) whose static type is or holds (pointers, slices, arrays, map
// values, struct fields) an interface type with methods that compiled code
// declares (fmt.Stringer, error), when a visible type of interpreted code
// implements it: yaegi keeps such a value in its wrapper for the
// interface, which json encodes (or refuses: a func field) instead of the
// value. Values held in an any are told apart by jsonfix.
func findJSONOfCompiledIfaces(f *folder, sf *srcFile) []token.Pos {
	_, json := sf.importName("encoding/json")
	_, next := sf.importName(nextPath)
	if !json && !next {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := calledFunc(info, call)
		if fn == nil {
			return true
		}
		arg, ok := jsonEncoders[fn.FullName()]
		if !ok || len(call.Args) <= arg {
			return true
		}
		if f.holdsCompiledIface(info.TypeOf(call.Args[arg]), 0) {
			out = append(out, call.Args[arg].Pos())
		}
		return true
	})
	return out
}

// holdsCompiledIface reports whether a value of type t is or holds an
// interface type with methods declared by compiled code that a visible
// type of interpreted code implements.
func (f *folder) holdsCompiledIface(t types.Type, depth int) bool {
	if t == nil || depth > 4 {
		return false
	}
	if it, ok := t.Underlying().(*types.Interface); ok {
		if types.Identical(t, types.Universe.Lookup("error").Type()) && f.errorsEncodeWhole() {
			return false
		}
		return it.NumMethods() > 0 && !interpreterDeclares(t) && f.mayHoldImplementing(types.NewInterfaceType(nil, nil), it)
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return f.holdsCompiledIface(u.Elem(), depth+1)
	case *types.Slice:
		return f.holdsCompiledIface(u.Elem(), depth+1)
	case *types.Array:
		return f.holdsCompiledIface(u.Elem(), depth+1)
	case *types.Map:
		return f.holdsCompiledIface(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if u.Field(i).Exported() && f.holdsCompiledIface(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// handedMethods are the methods compiled code finds on a value held in
// an interface, which the interpreter's value lacks there: fmt's (and
// those of code asserting to fmt.Stringer or fmt.Formatter), io.Copy's,
// and log/slog's LogValue (a logging helper of a shared package,
// log.Info(msg, args...), logged the fields a route's LogValue redacts:
// the logValuers pass calls the method only where the route's own code
// calls slog).
//
// Error counts for a value of the error type itself handed as any
// (table.Cell(NotFound{1}) printed {1}, where a build prints its Error):
// one handed as an error, or held in a variable of type error, reaches
// compiled code as the error it is.
var handedMethods = []string{"String", "Format", "GoString", "WriteTo", "ReadFrom", "LogValue", "Error"}

// findStringersHandedOn finds the arguments, of a call of a function of
// another package the interpreter runs from source, whose static type has
// one of handedMethods and whose parameter is an interface (other than
// error): the callee's package cannot see the caller's types, so its own
// detectors do not send it compiled, and there the value prints without
// its method (fmt.Sprint(v), a v.(fmt.Stringer) that fails), or io.Copy
// does not call its WriteTo. An error prints as Go prints it.
func findStringersHandedOn(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod(handedMethods...) {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	return f.handedOn(info, sf.syntax, func(path string) func(types.Type) bool {
		if f.keepsInterfaces(path) {
			return nil
		}
		return func(t types.Type) bool { return f.holdsHanded(t, 0) }
	})
}

// findPrintedInterfacesHandedOn finds the arguments, of a call of a
// function of another package the interpreter runs from source that
// prints (reaches fmt, log or log/slog), handed to an interface parameter,
// whose static type holds an interface that may hold a value of a type of
// the route's code with a method fmt calls (a struct with an Extra any
// field, a map[string]any), unless what it holds is known to be basic
// values. There a Level held in an any printed as the interpreter's value,
// {0xc000... {0x14... 130}}, for high: findStringersInInterfaces looks at
// the route's own prints, holdsHanded at the types the route spells.
func findPrintedInterfacesHandedOn(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("String", "Error", "Format", "GoString") {
		return nil
	}
	info := f.typeInfo()
	if info == nil || f.importer == nil || !f.ownFmtMethods() && !f.boxesModuleStringers(info) {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := calledFunc(info, call)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() == f.importPath || !f.fromSource(fn.Pkg().Path()) || f.keepsInterfaces(fn.Pkg().Path()) || !f.printsValues(fn) {
			return true
		}
		sig := fn.Signature()
		for i, a := range call.Args {
			param := paramType(sig, i, call.Ellipsis.IsValid())
			if param == nil || !types.IsInterface(param) || types.Identical(param, universeError) {
				continue
			}
			if t := info.TypeOf(a); f.holdsPrintedInterface(t) && !f.holdsOnlyBasics(info, sf.syntax, a) {
				out = append(out, a.Pos())
			}
		}
		return true
	})
	return out
}

// printsValues reports whether fn, a function of interpreted code, or one
// it calls, calls a function or method of fmt, log or log/slog.
func (f *folder) printsValues(fn *types.Func) bool {
	return f.reachesCall(&f.printers, fn, func(g *types.Func) bool {
		switch g.Pkg().Path() {
		case "fmt", "log", "log/slog":
			return true
		}
		return false
	})
}

// reachesCall reports whether fn, a function of interpreted code, or one
// it calls (walkReached), calls a function calls reports true for (one
// with a package), remembered by function in *cache.
func (f *folder) reachesCall(cache *map[*types.Func]bool, fn *types.Func, calls func(g *types.Func) bool) bool {
	fn = fn.Origin()
	if r, ok := (*cache)[fn]; ok {
		return r
	}
	if *cache == nil {
		*cache = make(map[*types.Func]bool)
	}
	found := false
	f.walkReached(fn, func(_ *folder, _ *types.Info, _ *ast.CallExpr, g *types.Func) bool {
		if g.Pkg() != nil && calls(g) {
			found = true
		}
		return !found
	})
	(*cache)[fn] = found
	return found
}

// findComparedHandedOn finds the arguments, of a call of a function of
// another package the interpreter runs from source that compares
// interface values (==, !=, a switch on one, a map keyed by an interface
// type: a shared kv.Set(k any, v)), that hand it through an interface a
// value of a named type of interpreted code. The interpreter's values of
// such a type equal plain values of its underlying type (UserID("u1")
// and "u1" were one key, Slot(1) == 1): findIfaceComparisons looks only
// at packages declaring types, which such a package need not.
func findComparedHandedOn(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil || f.importer == nil {
		return nil
	}
	return f.handedOn(info, sf.syntax, func(path string) func(types.Type) bool {
		if !f.comparesInterfaces(path) {
			return nil
		}
		return func(t types.Type) bool {
			return !types.IsInterface(t) && f.holdsSourceWhere(t, 0, func(*types.Named) bool { return true })
		}
	})
}

// findBasicAssertedHandedOn finds the arguments, of a call of a function
// of another package the interpreter runs from source that asserts an
// interface to a basic type (v.(string), a type switch with a case int),
// that hand it through an interface a value of a named type of
// interpreted code whose underlying type is basic (or a slice, map or
// array type: type Tags []string matched a case []string). The
// interpreter's value of such a type is one of its underlying type: conv.Arg(UserID("u1"))
// took the case string where a build takes none.
func findBasicAssertedHandedOn(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil || f.importer == nil {
		return nil
	}
	return f.handedOn(info, sf.syntax, func(path string) func(types.Type) bool {
		if !f.assertsToBasic(path) {
			return nil
		}
		return func(t types.Type) bool {
			n := f.sourceNamed(t)
			if n == nil || n != types.Unalias(t) {
				return false
			}
			switch n.Underlying().(type) {
			case *types.Basic, *types.Slice, *types.Map, *types.Array:
				return true
			}
			return false
		}
	})
}

// assertsToBasic reports whether the package path, which the interpreter
// runs from source, asserts a value of an interface type to a basic type
// or an unnamed slice, map or array type ([]string, map[string]any), in
// an assertion or a case of a type switch.
func (f *folder) assertsToBasic(path string) bool {
	return f.sourceHas(&f.basicAsserters, path, func(info *types.Info, n ast.Node) bool {
		basic := func(e ast.Expr) bool {
			if e == nil {
				return false
			}
			switch types.Unalias(info.TypeOf(e)).(type) {
			case *types.Basic, *types.Slice, *types.Map, *types.Array:
				return true
			}
			return false
		}
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			return basic(n.Type)
		case *ast.TypeSwitchStmt:
			for _, c := range n.Body.List {
				if slices.ContainsFunc(c.(*ast.CaseClause).List, basic) {
					return true
				}
			}
		}
		return false
	})
}

// comparesInterfaces reports whether the package path, which the
// interpreter runs from source, compares values of an interface type
// (error aside, and not with nil) with == or !=, switches on one, or
// declares or indexes a map keyed by one.
func (f *folder) comparesInterfaces(path string) bool {
	return f.sourceHas(&f.comparers, path, func(info *types.Info, n ast.Node) bool {
		iface := func(e ast.Expr) bool {
			t := info.TypeOf(e)
			if _, isParam := types.Unalias(t).(*types.TypeParam); isParam || t == nil {
				return false
			}
			return types.IsInterface(t) && !isErrorType(t)
		}
		isNil := func(e ast.Expr) bool {
			tv, ok := info.Types[e]
			return ok && tv.IsNil()
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			return (n.Op == token.EQL || n.Op == token.NEQ) && !isNil(n.X) && !isNil(n.Y) && (iface(n.X) || iface(n.Y))
		case *ast.SwitchStmt:
			return n.Tag != nil && iface(n.Tag)
		case *ast.MapType:
			return iface(n.Key)
		case *ast.IndexExpr:
			if m, ok := info.TypeOf(n.X).(*types.Map); ok {
				_, isParam := types.Unalias(m.Key()).(*types.TypeParam)
				return !isParam && types.IsInterface(m.Key()) && !isErrorType(m.Key())
			}
		}
		return false
	})
}

// sourceHas reports whether a file of the package path, which the
// interpreter runs from source, holds a node match accepts; the answer
// is kept in *cache, by path (the per-package questions the handoff
// detectors ask of a callee's package).
func (f *folder) sourceHas(cache *map[string]bool, path string, match func(*types.Info, ast.Node) bool) bool {
	if found, ok := (*cache)[path]; ok {
		return found
	}
	if *cache == nil {
		*cache = make(map[string]bool)
	}
	cs := f.importer.source(path)
	found := cs != nil && cs.folder != nil && cs.info != nil && cs.has(match)
	(*cache)[path] = found
	return found
}

// sourceOrImportsHas is sourceHas of the package path or of one it
// imports, at any depth, from source.
func (f *folder) sourceOrImportsHas(cache *map[string]bool, path string, match func(*types.Info, ast.Node) bool) bool {
	if found, ok := (*cache)[path]; ok {
		return found
	}
	if *cache == nil {
		*cache = make(map[string]bool)
	}
	(*cache)[path] = false // an import cycle is an error anyway
	cs := f.importer.source(path)
	if cs == nil || cs.info == nil || cs.folder == nil {
		return false
	}
	found := cs.has(match)
	for _, imp := range cs.pkg.Imports() {
		found = found || f.importer.source(imp.Path()) != nil && f.sourceOrImportsHas(cache, imp.Path(), match)
	}
	(*cache)[path] = found
	return found
}

// has reports whether a file of cs holds a node match accepts.
func (cs *checkedSource) has(match func(*types.Info, ast.Node) bool) bool {
	found := false
	for _, sf := range cs.folder.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			found = found || n != nil && match(cs.info, n)
			return !found
		})
		if found {
			break
		}
	}
	return found
}

// holdsHanded reports whether t, not an interface, is or holds (through
// pointers, elements, map keys and values and struct fields) a type of
// interpreted code with one of handedMethods: fmt prints a []Level, a
// map[string]Level or a struct with a Level field with Level's String,
// which the interpreter's values handed on in an interface lack
// (cells.Cell([]Level{0, 2}) printed [0 2] for [low high]).
func (f *folder) holdsHanded(t types.Type, depth int) bool {
	if t == nil || depth > 4 || types.IsInterface(t) {
		return false
	}
	if f.hasHandedMethod(t) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return f.holdsHanded(u.Elem(), depth+1)
	case *types.Slice:
		return f.holdsHanded(u.Elem(), depth+1)
	case *types.Array:
		return f.holdsHanded(u.Elem(), depth+1)
	case *types.Map:
		return f.holdsHanded(u.Key(), depth+1) || f.holdsHanded(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if f.holdsHanded(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// findTypeVerbsHandedOn finds the arguments, of a call of a function of
// another package the interpreter runs from source that prints an
// interface with %T or %#v (a debug helper's fmt.Sprintf("%v (%T)", v,
// v)), or with %+v, that hand it through an interface a value of a type
// of interpreted code (for %+v, one holding a struct with an unexported
// field). findTypeVerbsOfInterfaces looks at such verbs in the package
// printing them, which declares none of the caller's types: there, the
// interpreter printed []struct { X int } for []route.Point and
// Xtoken:secret for token:secret.
func findTypeVerbsHandedOn(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil || f.importer == nil {
		return nil
	}
	names := func(t types.Type) bool {
		return !types.IsInterface(t) && f.holdsSourceWhere(t, 0, func(*types.Named) bool { return true })
	}
	out := f.handedOnFunc(info, sf.syntax, func(fn *types.Func) func(types.Type) bool {
		switch use := f.typeVerbsKept(fn); {
		case use.names:
			return names
		case use.fields:
			return func(t types.Type) bool { return !types.IsInterface(t) && f.holdsSourceWhere(t, 0, hasUnexportedField) }
		}
		return nil
	})
	// handedOn leaves error parameters out (fmt prints an error's Error);
	// %T and %#v of one print its type, which for an error type of
	// interpreted code is the interpreter's wrapper (stdlib.errorValue,
	// interp._error for route.NotFound).
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := calledFunc(info, call)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() == f.importPath || !f.fromSource(fn.Pkg().Path()) || !f.typeVerbsOf(fn).errNames {
			return true
		}
		sig := fn.Signature()
		for i, a := range call.Args {
			param := paramType(sig, i, call.Ellipsis.IsValid())
			if param == nil || !types.Identical(param, universeError) {
				continue
			}
			if t := info.TypeOf(a); f.sourceNamed(t) != nil || types.Identical(t, universeError) && f.seesErrorType() {
				out = append(out, a.Pos())
			}
		}
		return true
	})
	// handedOn does not follow a value held in an interface of compiled
	// code (var err error = NotFound{1}, handed on as any, or assigned to
	// an any), which reaches the callee in the interpreter's wrapper:
	// fmt prints its Error as built, but %T and %#v the wrapper's type,
	// stdlib.errorValue.
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := calledFunc(info, call)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() == f.importPath || !f.fromSource(fn.Pkg().Path()) || !f.typeVerbsKept(fn).names {
			return true
		}
		sig := fn.Signature()
		for i, a := range call.Args {
			param := paramType(sig, i, call.Ellipsis.IsValid())
			if param == nil || !types.IsInterface(param) || types.Identical(param, universeError) || !types.IsInterface(info.TypeOf(a)) {
				continue
			}
			if f.mayHoldWhere(info, a, 0, true, names) {
				out = append(out, a.Pos())
			}
		}
		return true
	})
	slices.Sort(out)
	return slices.Compact(out)
}

// typeVerbsKept is typeVerbsOf fn, with the verbs of every function of
// fn's package when fn keeps the values it is handed (see
// storesInterfaces): another function may print them later.
func (f *folder) typeVerbsKept(fn *types.Func) verbUse {
	use := f.typeVerbsOf(fn)
	if use.names && use.fields || fn.Pkg() == nil || !f.storesInterfaces(fn) {
		return use
	}
	for _, g := range f.packageFuncs(fn.Pkg().Path()) {
		other := f.typeVerbsOf(g)
		use.names = use.names || other.names
		use.fields = use.fields || other.fields
	}
	return use
}

// seesErrorType reports whether the folder's code can hold a value of an
// error type of interpreted code (or a pointer to one).
func (f *folder) seesErrorType() bool {
	for _, n := range f.heldTypes() {
		if types.Implements(n, errorType) || types.Implements(types.NewPointer(n), errorType) {
			return true
		}
	}
	return false
}

// hasUnexportedField reports whether n is a struct type with an
// unexported field (an embedded one included), which %+v prints by name.
func hasUnexportedField(n *types.Named) bool {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if !st.Field(i).Exported() {
			return true
		}
	}
	return false
}

// holdsSourceWhere reports whether a value of type t may be or hold
// (through pointers, elements, map keys and values and struct fields) a
// value of a named type of interpreted code that leaf reports true for,
// or is or holds an interface (error aside) that may hold a value of
// interpreted code.
//
// The detectors using it leave out an argument that is itself of an
// interface type (a range variable over a []any of numbers, strings and
// byte slices handed to decimal's Scan, which prints %T of it): what it
// holds is not known there, and was seldom a type of the route's.
func (f *folder) holdsSourceWhere(t types.Type, depth int, leaf func(*types.Named) bool) bool {
	if t == nil || depth > 4 {
		return false
	}
	if types.IsInterface(t) {
		return !types.Identical(t, universeError) && f.mayHoldInterpreted(t)
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && f.fromSource(n.Obj().Pkg().Path()) && leaf(n) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return f.holdsSourceWhere(u.Elem(), depth+1, leaf)
	case *types.Slice:
		return f.holdsSourceWhere(u.Elem(), depth+1, leaf)
	case *types.Array:
		return f.holdsSourceWhere(u.Elem(), depth+1, leaf)
	case *types.Map:
		return f.holdsSourceWhere(u.Key(), depth+1, leaf) || f.holdsSourceWhere(u.Elem(), depth+1, leaf)
	case *types.Chan:
		return f.holdsSourceWhere(u.Elem(), depth+1, leaf)
	case *types.Struct:
		for i := range u.NumFields() {
			if f.holdsSourceWhere(u.Field(i).Type(), depth+1, leaf) {
				return true
			}
		}
	}
	return false
}

// verbUse says which of fmt's verbs that print more than a value a
// function prints an interface with.
type verbUse struct {
	names    bool // %T or %#v: the dynamic type's name
	fields   bool // %+v: field names
	errNames bool // %T or %#v of an error
}

// typeVerbsOf reports whether fn, a function of interpreted code, or a
// function of interpreted code it calls (directly or not), formats an
// operand that is or holds an interface (error aside: %+v prints its
// Error, and handedOn does not look at error parameters) with %T or %#v,
// or with %+v. Only the functions a call may reach count: another
// function of the package printing %T does not make its package's JSON
// helper print one.
func (f *folder) typeVerbsOf(fn *types.Func) verbUse {
	fn = fn.Origin()
	if use, ok := f.typeVerbs[fn]; ok {
		return use
	}
	if f.typeVerbs == nil {
		f.typeVerbs = make(map[*types.Func]verbUse)
	}
	var use verbUse
	f.walkReached(fn, func(owner *folder, info *types.Info, call *ast.CallExpr, g *types.Func) bool {
		shape, ok := owner.printShapeOf(g)
		if !ok {
			return true
		}
		if call.Ellipsis.IsValid() || shape.format < 0 || len(call.Args) <= shape.format {
			return false
		}
		args := call.Args[shape.first:]
		for i, v := range owner.formatVerbs(call.Args[shape.format], len(args)) {
			if i >= len(args) {
				break
			}
			t := info.TypeOf(args[i])
			switch {
			case (v.verb == 'T' || v.verb == 'v' && strings.Contains(v.flags, "#")) && types.Identical(t, universeError):
				use.errNames = true
			case v.verb == 'T' && types.IsInterface(t) && !types.Identical(t, universeError),
				v.verb == 'v' && strings.Contains(v.flags, "#") && holdsInterface(t, 0):
				use.names = true
			case v.verb == 'v' && strings.Contains(v.flags, "+") && holdsInterface(t, 0):
				use.fields = true
			}
		}
		return false
	})
	f.typeVerbs[fn] = use
	return use
}

// walkReached calls visit with each call in the body of fn, a function of
// interpreted code, and in the bodies of the functions of interpreted
// code those calls reach (directly or not) where visit returns true for
// the call; owner is the folder declaring the body, info its types.
func (f *folder) walkReached(fn *types.Func, visit func(owner *folder, info *types.Info, call *ast.CallExpr, callee *types.Func) bool) {
	seen := make(map[*types.Func]bool)
	var walk func(fn *types.Func)
	walk = func(fn *types.Func) {
		fn = fn.Origin()
		if seen[fn] || fn.Pkg() == nil || !f.fromSource(fn.Pkg().Path()) {
			return
		}
		seen[fn] = true
		owner := f
		if fn.Pkg() != f.pkg {
			if f.importer == nil {
				return
			}
			cs := f.importer.source(fn.Pkg().Path())
			if cs == nil || cs.folder == nil {
				return
			}
			owner = cs.folder
		}
		decl, info := f.funcDecl(fn)
		if decl == nil || decl.Body == nil {
			return
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if g := calledFunc(info, call); g != nil && visit(owner, info, call, g) {
				walk(g)
			}
			return true
		})
	}
	walk(fn)
}

// findSlogFieldsHandedOn finds the arguments, of a call of a function of
// another package the interpreter runs from source that logs with
// log/slog (itself or through the functions it calls: a shared
// logx.Info(msg, args ...any)), that hand it through an interface a value
// of a type of interpreted code slog's handlers print otherwise than a
// build: a struct with an unexported field (the TextHandler's %+v showed
// Xsecret:...) or an embedded one (the JSONHandler's encoding/json did not
// flatten it), or a type with a method they call (MarshalJSON,
// MarshalText, Error, Format, GoString). findSlogHiddenFields looks at the
// slog calls of the route's own code only.
func findSlogFieldsHandedOn(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil || f.importer == nil {
		return nil
	}
	return f.handedOnFunc(info, sf.syntax, func(fn *types.Func) func(types.Type) bool {
		if !f.logsWithSlog(fn) && !f.anyOfPackage(fn, f.logsWithSlog) {
			return nil
		}
		return func(t types.Type) bool { return !types.IsInterface(t) && f.holdsSourceWhere(t, 0, slogShowsOtherwise) }
	})
}

// slogShowsOtherwise reports whether slog's handlers print a value of the
// named type n of interpreted code otherwise than a build: a struct type
// with an unexported or embedded field, or a type with one of
// slogMethods.
func slogShowsOtherwise(n *types.Named) bool {
	for _, m := range slogMethods {
		if hasMethodNamed(n, m) || hasMethodNamed(types.NewPointer(n), m) {
			return true
		}
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if !st.Field(i).Exported() || st.Field(i).Embedded() {
			return true
		}
	}
	return false
}

// logsWithSlog reports whether fn, a function of interpreted code, or one
// it calls, calls a function or method of log/slog.
func (f *folder) logsWithSlog(fn *types.Func) bool {
	return f.reachesCall(&f.slogLoggers, fn, func(g *types.Func) bool { return g.Pkg().Path() == "log/slog" })
}

// findXMLHandedOn finds the arguments, of a call of a function of another
// package the interpreter runs from source that encodes XML (itself or
// through the functions it calls), that hand it a value of a type of
// interpreted code through an interface. That package's own detectors and
// rewrites see no type of the caller's: a struct without an XMLName
// field has no element name in the interpreter (xml: unsupported type),
// and its embedded structs are not flattened.
func findXMLHandedOn(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil || f.importer == nil {
		return nil
	}
	return f.handedOnFunc(info, sf.syntax, func(fn *types.Func) func(types.Type) bool {
		if !f.writesXML(fn) && !f.anyOfPackage(fn, f.writesXML) {
			return nil
		}
		return func(t types.Type) bool {
			return !types.IsInterface(t) && f.holdsSourceWhere(t, 0, func(*types.Named) bool { return true })
		}
	})
}

// writesXML reports whether fn, a function of interpreted code, or one it
// calls, encodes XML: calls xml.Marshal, xml.MarshalIndent or an
// Encoder's Encode or EncodeElement.
func (f *folder) writesXML(fn *types.Func) bool {
	return f.reachesCall(&f.xmlWriters, fn, func(g *types.Func) bool {
		if g.Pkg().Path() != "encoding/xml" {
			return false
		}
		switch g.Name() {
		case "Marshal", "MarshalIndent", "Encode", "EncodeElement":
			return true
		}
		return false
	})
}

// handedOn returns the positions of the arguments, of calls in file of a
// function of another package the interpreter runs from source for
// whose path hasFor returns a predicate has (nil: none of its calls),
// that hand a value whose type has reports true for through an
// interface: as the argument of an interface parameter (error aside), or
// inside a composite literal (or a variable such a literal of the file
// may have filled) of a parameter whose type holds an interface.
func (f *folder) handedOn(info *types.Info, file *ast.File, hasFor func(path string) func(types.Type) bool) []token.Pos {
	return f.handedOnFunc(info, file, func(fn *types.Func) func(types.Type) bool { return hasFor(fn.Pkg().Path()) })
}

// handedOnFunc is handedOn with the predicate chosen by the function
// called rather than its package.
func (f *folder) handedOnFunc(info *types.Info, file *ast.File, hasFor func(fn *types.Func) func(types.Type) bool) []token.Pos {
	errType := types.Universe.Lookup("error").Type()
	var out []token.Pos
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := calledFunc(info, call)
		if fn == nil {
			fn = f.funcValueOf(info, call.Fun) // dump := debug.Dump; dump(p)
		}
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() == f.importPath || !f.fromSource(fn.Pkg().Path()) {
			return true
		}
		has := hasFor(fn)
		if has == nil {
			return true
		}
		sig := fn.Signature()
		for i, a := range call.Args {
			param := paramType(sig, i, call.Ellipsis.IsValid())
			switch {
			case param == nil || types.Identical(param, errType):
			case types.IsInterface(param):
				// An interface known to hold only basic values (a range
				// variable over a []any literal of numbers and strings)
				// reaches the callee as built. One has does not count
				// (what it holds is not known there) counts by what the
				// route's code puts in it (var x any = Point{1, 2}).
				t := info.TypeOf(a)
				if has(t) && !(types.IsInterface(t) && f.holdsOnlyBasics(info, file, a)) || types.IsInterface(t) && !has(t) && f.mayHoldWhere(info, a, 0, false, has) {
					out = append(out, a.Pos())
				}
			case isChan(param) && elemIsInterface(param):
				// A channel of any the callee receives from: what the
				// route sends on it (ch <- Point{1, 2}; debug.Drain(ch)).
				if f.mayHoldWhere(info, a, 1, false, has) {
					out = append(out, a.Pos())
				}
			case isSignature(param):
				// A callback whose results hand on the route's values
				// (render.Table(n, func(i int) any { return Point{i, i} })).
				if f.funcValueMayHold(info, a, has) {
					out = append(out, a.Pos())
				}
			case holdsInterface(param, 0):
				// A literal holding the value: []any{v}..., map[string]any{"k": v};
				// or a variable such a literal of the file may have filled, or
				// whose interfaces has reports true for (a map[string]any
				// filled by assignments, for a has looking inside
				// interfaces).
				if pos := handedInLiteral(info, a, has); pos.IsValid() {
					out = append(out, pos)
				} else if _, isLit := ast.Unparen(a).(*ast.CompositeLit); !isLit && (interfaceHolds(info.TypeOf(a), has, 0) || boxesHanded(info, file, has) || elemIsInterface(info.TypeOf(a)) && f.mayHoldWhere(info, a, 1, false, has)) || f.fieldsMayHold(info, a, has) {
					// The last two: a []any filled by append (xs =
					// append(xs, Point{1, 2}); debug.DumpAll(xs...)), a
					// struct (or a literal of them) whose any field the
					// folder's code assigns (e.V = Level(2)).
					out = append(out, a.Pos())
				}
			}
		}
		// The receiver of a method of the other package hands it what
		// its interface fields hold: reg.Dump() of a *registry.Registry
		// whose Items []any the route appended a Level to printed [1]
		// for [mid].
		if recv := sig.Recv(); recv != nil && !types.IsInterface(recv.Type()) {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal && f.fieldsMayHold(info, sel.X, has) {
					out = append(out, sel.X.Pos())
				}
			}
		}
		return true
	})
	return out
}

// interfaceHolds reports whether has reports true for an interface type
// (error aside) t is or holds through pointers, elements, map keys and
// values and struct fields, a few levels deep.
func interfaceHolds(t types.Type, has func(types.Type) bool, depth int) bool {
	if t == nil || depth > 3 {
		return false
	}
	if types.IsInterface(t) {
		return !types.Identical(t, types.Universe.Lookup("error").Type()) && has(t)
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return interfaceHolds(u.Elem(), has, depth+1)
	case *types.Array:
		return interfaceHolds(u.Elem(), has, depth+1)
	case *types.Map:
		return interfaceHolds(u.Key(), has, depth+1) || interfaceHolds(u.Elem(), has, depth+1)
	case *types.Pointer:
		return interfaceHolds(u.Elem(), has, depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if interfaceHolds(u.Field(i).Type(), has, depth+1) {
				return true
			}
		}
	}
	return false
}

// hasHandedMethod reports whether t, not an interface, is (or points to)
// a named type of interpreted code with one of handedMethods. Compiled
// types (a *bytes.Reader handed on as an io.Reader) keep their methods.
func (f *folder) hasHandedMethod(t types.Type) bool {
	if f.sourceNamed(t) == nil {
		return false
	}
	for _, m := range handedMethods {
		if hasMethodNamed(t, m) {
			return true
		}
	}
	return false
}

// boxesHanded reports whether a composite literal of file puts a value
// of a type has reports true for in an interface-typed element, map
// value or field.
func boxesHanded(info *types.Info, file *ast.File, has func(types.Type) bool) bool {
	found := false
	ast.Inspect(file, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || found {
			return !found
		}
		t := info.TypeOf(lit)
		if t == nil {
			return true
		}
		st, isStruct := t.Underlying().(*types.Struct)
		for i, el := range lit.Elts {
			slot := types.Type(nil)
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
				if isStruct {
					if id, ok := kv.Key.(*ast.Ident); ok {
						if v, ok := info.Uses[id].(*types.Var); ok {
							slot = v.Type()
						}
					}
				}
			} else if isStruct && i < st.NumFields() {
				slot = st.Field(i).Type()
			}
			switch u := t.Underlying().(type) {
			case *types.Slice:
				slot = u.Elem()
			case *types.Array:
				slot = u.Elem()
			case *types.Map:
				slot = u.Elem()
			}
			if slot != nil && types.IsInterface(slot) && has(info.TypeOf(el)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// handedInLiteral returns the position of an element (or map value) of
// the composite literal e, or of a literal nested in it, whose type has
// reports true for, or token.NoPos.
func handedInLiteral(info *types.Info, e ast.Expr, has func(types.Type) bool) token.Pos {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return token.NoPos
	}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if has(info.TypeOf(el)) {
			return el.Pos()
		}
		if pos := handedInLiteral(info, el, has); pos.IsValid() {
			return pos
		}
	}
	return token.NoPos
}

// paramType returns the type of the parameter of sig argument i goes to,
// the element type for the variadic ones (unless spread), or nil.
func paramType(sig *types.Signature, i int, spread bool) types.Type {
	params := sig.Params()
	if sig.Variadic() && i >= params.Len()-1 {
		last := params.At(params.Len() - 1).Type()
		if spread {
			return last
		}
		if s, ok := last.Underlying().(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	}
	if i < params.Len() {
		return params.At(i).Type()
	}
	return nil
}

// keepsInterfaces reports whether the package path, which the interpreter
// runs from source, keeps the values its interfaces hold to interpreted
// code: a value of the caller's types handed to it as an interface then
// meets nothing that needs the type's methods beyond interpreted method
// calls, and it may hand the value back. So no call of it passes a value
// whose static type holds an interface (error aside) to compiled code or
// to another package (fmt.Sprint(v), json.Marshal(v), io.Copy(w, r),
// slog's attributes, a template's data), nor to panic or print; no type
// assertion or type switch of it asks for an interface other than error
// or its own; no composite literal of another package's struct type holds
// such a value; and it does not import reflect. Calls of function values
// (callbacks the caller gives it) are taken for interpreted code.
func (f *folder) keepsInterfaces(path string) bool {
	if kept, ok := f.keeping[path]; ok {
		return kept
	}
	if f.keeping == nil {
		f.keeping = make(map[string]bool)
	}
	kept := false
	if f.importer != nil {
		if cs := f.importer.source(path); cs != nil && cs.info != nil && cs.folder != nil {
			kept = keepsInterfaces(cs)
		}
	}
	f.keeping[path] = kept
	return kept
}

// keepsInterfaces is folder.keepsInterfaces of the checked package cs.
func keepsInterfaces(cs *checkedSource) bool {
	info, path := cs.info, cs.pkg.Path()
	errType := types.Universe.Lookup("error").Type()
	foreign := func(t types.Type) bool { // an interface other than error or path's
		if t == nil || !types.IsInterface(t) || types.Identical(t, errType) {
			return false
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path {
			return false
		}
		return !t.Underlying().(*types.Interface).Empty()
	}
	holds := func(e ast.Expr) bool { return holdsInterface(info.TypeOf(e), 0) }
	kept := true
	for _, sf := range cs.folder.files {
		if _, ok := sf.importName("reflect"); ok {
			return false
		}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
					return true // a conversion
				}
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
					if b, ok := info.Uses[id].(*types.Builtin); ok {
						switch b.Name() {
						case "panic", "print", "println":
							kept = kept && !slices.ContainsFunc(n.Args, holds)
						}
						return kept
					}
				}
				fn := calledFunc(info, n)
				if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() == path {
					return kept
				}
				kept = kept && !slices.ContainsFunc(n.Args, holds)
			case *ast.TypeAssertExpr:
				kept = kept && (n.Type == nil || !foreign(info.TypeOf(n.Type)))
			case *ast.CaseClause:
				for _, e := range n.List {
					kept = kept && !foreign(info.TypeOf(e))
				}
			case *ast.CompositeLit:
				if named, ok := types.Unalias(info.TypeOf(n)).(*types.Named); ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() != path {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							el = kv.Value
						}
						kept = kept && !holds(el)
					}
				}
			}
			return kept
		})
		if !kept {
			return false
		}
	}
	return true
}

// errorsEncodeWhole reports whether jsonfix encodes every error value of
// a type of interpreted code the folder's code may hold as a build
// encodes it: yaegi's wrapper of the error holds a pointer whole, and a
// value of a type whose values are errors carries it whole through the
// method the errorValues pass declares on the package's types (see
// yaegival.WholeError). The types must then all be the package's own,
// declared at its package level, with no MarshalJSON or MarshalText
// method (of the value's type, which the wrapper's value is not), and no
// instance of a generic type of it may be an error.
func (f *folder) errorsEncodeWhole() bool {
	if f.typeInfo() == nil || f.pkg == nil || f.genericMayImplement(errorType) {
		return false
	}
	for _, n := range f.heldTypes() {
		if types.IsInterface(n) {
			continue
		}
		values, pointers := types.Implements(n, errorType), types.Implements(types.NewPointer(n), errorType)
		if !values && !pointers {
			continue
		}
		if n.Obj().Pkg() != f.pkg || n.Obj().Parent() != f.pkg.Scope() || n.TypeParams() != nil {
			return false
		}
		if hasMethodNamed(types.NewPointer(n), "MarshalJSON") || hasMethodNamed(types.NewPointer(n), "MarshalText") {
			return false
		}
		if sf := f.typeFile[n.Obj().Name()]; values && (sf == nil || sf.err != nil) {
			return false // no method carries its values whole
		}
	}
	return true
}

func init() {
	register("a value of a type with an Error method handed as an interface other than error (an any) to a function of another interpreted package that asserts an interface value to error (which cannot see the type: v.(error) is false there in the interpreter)", findErrorsHandedOn)
}

// findErrorsHandedOn finds the arguments, of a call of a function of
// another package the interpreter runs from source that asserts a value
// of an empty interface to error (err, ok := v.(error)), directly or in a
// package it imports from source, whose static type has an Error method
// and whose parameter is an interface other than error: the callee's
// package cannot name the caller's types, so the assertion cannot try
// them first (see ifaceAssertion), and yaegi's own fails on them.
func findErrorsHandedOn(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("Error") {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	has := func(t types.Type) bool { return f.sourceNamed(t) != nil && hasMethodNamed(t, "Error") }
	return f.handedOn(info, sf.syntax, func(path string) func(types.Type) bool {
		if !f.assertsToError(path) {
			return nil
		}
		return has
	})
}

// assertsToError reports whether the package path, interpreted from
// source, or one it imports from source, asserts a value of an empty
// interface type to error.
func (f *folder) assertsToError(path string) bool {
	return f.sourceOrImportsHas(&f.errorAsserters, path, func(info *types.Info, n ast.Node) bool {
		ta, ok := n.(*ast.TypeAssertExpr)
		return ok && ta.Type != nil && types.Identical(info.TypeOf(ta.Type), universeError) && isEmptyInterface(info.TypeOf(ta.X))
	})
}

// universeError is the predeclared type error (errorType is its
// underlying interface, which a value of type error is not identical to).
var universeError = types.Universe.Lookup("error").Type()
