package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

func init() {
	register("encoding/xml in a package with MarshalXML, UnmarshalXML or text marshal methods, or embedded structs (the interpreter's types lack the methods, and encoding/xml does not flatten their embedded structs)", findXMLCoding)
	register("a struct type embedding a type of the standard library with methods as its only field, or one with a String, Error or marshal method among others (the interpreter's reflect type for it crashes compiled code asking for an interface, or does not promote the methods)", findCompiledEmbeds)
	register("a value of a struct type embedding a type of the standard library, converted to an interface the interpreter declares that it implements by the embedded type's methods (the interpreter does not promote them: method not found)", findPromotedToIfaces)
	register("a value of a struct type with unexported or embedded fields, or of a type with a MarshalJSON, MarshalText, Error, Format or GoString method, handed to log/slog (its handlers print the fields renamed, Xname, do not flatten embedded structs and call no method of it in the interpreter)", findSlogHiddenFields)
	register("a value that may be of a type with a LogValue method handed to log/slog as an interface or in a spread []any, or one of a type of another package (slog does not call the method in the interpreter)", findSlogHiddenLogValuers)
	register("a type assertion with a second result to an interface type the interpreter declares, of a value of type any, error or a standard interface (the interpreter panics keeping the value, and misses the methods of compiled values: errors.Join's Unwrap)", findCommaOkAssertions)
}

// findCommaOkAssertions finds v, ok := x.(I) (and _, ok := x.(I)) where I
// is an interface with methods that yaegi declares (the package's own,
// another interpreted package's, a literal such as interface{ Unwrap()
// []error }) and x's static type is an interface it does not declare
// (any, error, io.Reader). yaegi then stores the operand as the wrong kind
// of value (reflect.Set panics: "value of type interface {} is not
// assignable to type interp.valueInterface"), and reports false for every
// value of a compiled type, such as the error errors.Join or fmt.Errorf
// returns. The forms without a second result are findInterfaceAssertions'.
func findCommaOkAssertions(f *folder, sf *srcFile) []token.Pos {
	var candidates []*ast.TypeAssertExpr
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				candidates = appendAssertion(candidates, n.Rhs[0])
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				candidates = appendAssertion(candidates, n.Values[0])
			}
		}
		return true
	})
	if len(candidates) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, ta := range candidates {
		if interpreterDeclares(info.TypeOf(ta.Type)) && !interpreterDeclares(info.TypeOf(ta.X)) {
			out = append(out, ta.Pos())
		}
	}
	return out
}

// appendAssertion appends e to list when it is a type assertion to a type.
func appendAssertion(list []*ast.TypeAssertExpr, e ast.Expr) []*ast.TypeAssertExpr {
	if ta, ok := ast.Unparen(e).(*ast.TypeAssertExpr); ok && ta.Type != nil {
		return append(list, ta)
	}
	return list
}

// interpreterDeclares reports whether t is an interface type with methods
// that yaegi declares: a literal, or a named type of a package it
// interprets (not the standard library's).
func interpreterDeclares(t types.Type) bool {
	if t == nil {
		return false
	}
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return false
	}
	named, ok := types.Unalias(t).(*types.Named)
	return !ok || named.Obj().Pkg() != nil && !isStdlib(named.Obj().Pkg().Path())
}

// findSlogHiddenFields finds the arguments of log/slog functions and
// methods whose static type is a type of the package that slog's handlers
// would print otherwise than a build: a struct (or a pointer to one, or a
// struct holding one) with an unexported field, which the TextHandler's
// %+v shows under yaegi's name (Xtoken:tok), or an embedded one, which
// the JSONHandler's encoding/json does not flatten; or a type with a
// method the handlers call (MarshalJSON, MarshalText, Error, Format,
// GoString), which yaegi's value lacks. A type with a LogValue method is
// logged as its LogValue (the logValuers pass); a String method is
// findSlogStringers'.
func findSlogHiddenFields(f *folder, sf *srcFile) []token.Pos {
	if !importsPath(f, "log/slog") {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !isSlogCall(info, call) {
			return true
		}
		sig, _ := info.TypeOf(call.Fun).(*types.Signature)
		for i, a := range call.Args {
			if sig != nil && !isEmptyInterface(paramType(sig, i, call.Ellipsis.IsValid())) {
				continue // a Handler, a writer, an Attr: not a value slog prints
			}
			if t := info.TypeOf(a); t != nil && !f.ownLogValuer(t) && (f.slogPrintsOtherwise(t, 0) || f.slogMayHoldOtherwise(t)) {
				out = append(out, a.Pos())
			}
		}
		return true
	})
	return out
}

// findSlogHiddenLogValuers finds, in a package that sees a type with a
// LogValue method, the values a log/slog function or method takes as any
// that may be of such a type where the logValuers pass cannot call the
// method: an argument of an interface type such a type implements
// (var v any = pass; log.Info("m", "pass", v)), a []any spread
// (log.Info(msg, args...), also in a logging function of the app
// forwarding its own arguments), and a value of such a type declared in
// another package. slog asks those values for LogValue in a build; in the
// interpreter they have no methods, and slog logged the fields a LogValue
// redacts.
func findSlogHiddenLogValuers(f *folder, sf *srcFile) []token.Pos {
	if !importsPath(f, "log/slog") || !f.hasMethod("LogValue") {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	valuers := f.logValuerTypes()
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !isSlogCall(info, call) {
			return true
		}
		sig, _ := info.TypeOf(call.Fun).(*types.Signature)
		if sig == nil {
			return true
		}
		for i, a := range call.Args {
			spread := call.Ellipsis.IsValid() && i == len(call.Args)-1
			t, param := info.TypeOf(a), paramType(sig, i, spread)
			if t == nil || param == nil {
				continue
			}
			if spread {
				if s, ok := param.Underlying().(*types.Slice); ok && isEmptyInterface(s.Elem()) {
					out = append(out, a.Pos())
				}
				continue
			}
			if !isEmptyInterface(param) || f.ownLogValuer(t) {
				continue
			}
			for _, v := range valuers {
				if types.IsInterface(t) && types.AssignableTo(v, t) || types.Identical(v, t) {
					out = append(out, a.Pos())
					break
				}
			}
		}
		return true
	})
	return out
}

// logValuerTypes returns the types of visibleTypes with slog's LogValue
// method in their method set, and the pointers to them that have it.
func (f *folder) logValuerTypes() []types.Type {
	var out []types.Type
	for _, n := range f.visibleTypes() {
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "LogValue")
			fn, ok := obj.(*types.Func)
			if !ok {
				continue
			}
			sig := fn.Signature()
			if sig.Params().Len() == 0 && sig.Results().Len() == 1 && types.TypeString(sig.Results().At(0).Type(), nil) == "log/slog.Value" {
				out = append(out, t)
			}
		}
	}
	return out
}

// slogMethods are the methods slog's handlers call on an attribute's value
// (through encoding/json, encoding and fmt).
var slogMethods = []string{"MarshalJSON", "MarshalText", "Error", "Format", "GoString"}

// slogPrintsOtherwise reports whether t is, or points to, a type the
// interpreter runs (a package's, or one declared in a function) with one
// of slogMethods, or such a struct type with an
// unexported or embedded field, directly or in a field of such a type.
func (f *folder) slogPrintsOtherwise(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	// A shared package's types are the interpreter's too: slog printed
	// models.User's unexported age as Xage.
	if st, ok := types.Unalias(t).(*types.Struct); ok {
		// A struct type written in place is the interpreter's too:
		// struct{ Name string; age int }{"a", 1} logged as {Name:a Xage:1}.
		return f.slogFieldsOtherwise(st, depth)
	}
	n, ok := f.interpretedNamed(t)
	if !ok {
		// So are the types declared in its functions: slog printed a
		// route's func-local user{Name, age} as {Name:ann Xage:3}.
		if n, ok = f.declaredLocally(t); !ok {
			return false
		}
	}
	return f.slogNamedOtherwise(n, depth)
}

// slogMayHoldOtherwise reports whether t is an interface type, not one
// of errors (slog prints an error's Error, which the interpreter's error
// values have), that may hold a value of a type the folder's code can
// hold (see heldTypes: its own, those of the packages of source it
// imports, declared at package level or in a function) that slog prints
// otherwise: var v any = models.User{...} logged age as Xage, and so did
// a shared package's func returning a func-local type as an any.
func (f *folder) slogMayHoldOtherwise(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok || types.Implements(t, errorType) {
		return false
	}
	for _, n := range f.heldTypes() {
		if n.TypeParams() != nil {
			continue
		}
		if (it.Empty() || types.Implements(n, it) || types.Implements(types.NewPointer(n), it)) && f.slogNamedOtherwise(n, 0) {
			return true
		}
	}
	return false
}

// slogNamedOtherwise reports whether n, a type the interpreter runs, has
// one of slogMethods, or is a struct type with an unexported or embedded
// field, or a field of a type slog prints otherwise.
func (f *folder) slogNamedOtherwise(n *types.Named, depth int) bool {
	for _, m := range slogMethods {
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), false, n.Obj().Pkg(), m); obj != nil {
			if _, isFunc := obj.(*types.Func); isFunc {
				return true
			}
		}
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	return f.slogFieldsOtherwise(st, depth)
}

// slogFieldsOtherwise reports whether the struct st, of a type the
// interpreter runs, has an unexported or embedded field, or one of a type
// slog prints otherwise (see slogPrintsOtherwise).
func (f *folder) slogFieldsOtherwise(st *types.Struct, depth int) bool {
	for i := range st.NumFields() {
		fl := st.Field(i)
		if !fl.Exported() || fl.Embedded() || f.slogPrintsOtherwise(fl.Type(), depth+1) {
			return true
		}
	}
	return false
}

// findCompiledEmbeds finds the struct types that embed a type of compiled
// code (the standard library's, the next package's) which yaegi cannot
// build as the compiler does. yaegi marks the field embedded only when it
// is the struct's only field, and reflect.StructOf then copies the
// embedded type's methods with broken type offsets: compiled code asking
// for an interface of such a value (fmt, slog, text/template, encoding/xml
// with type Date struct{ time.Time }) ends the process ("fatal error:
// runtime: type offset base pointer out of range"), and a method of an
// embedded interface panics. With other fields the methods are not
// promoted at all, so fmt, encoding/json and encoding/xml do not call a
// promoted String, Error, MarshalJSON or MarshalText (a build prints
// type D struct{ time.Time; N int } with time.Time's String).
func findCompiledEmbeds(f *folder, sf *srcFile) []token.Pos {
	var structs []*ast.StructType
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if st, ok := n.(*ast.StructType); ok && st.Fields != nil {
			for _, fl := range st.Fields.List {
				if len(fl.Names) == 0 {
					structs = append(structs, st)
					break
				}
			}
		}
		return true
	})
	if len(structs) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, st := range structs {
		single := st.Fields.NumFields() == 1
		for _, fl := range st.Fields.List {
			if len(fl.Names) > 0 {
				continue
			}
			if t := info.TypeOf(fl.Type); t != nil && compiledEmbedDiffers(t, single) {
				out = append(out, fl.Pos())
			}
		}
	}
	return out
}

// findPromotedToIfaces finds the conversions to an interface type with
// methods that the interpreter declares (the package's printer, an
// interface literal) of a value of a struct type, or a pointer to one,
// that has one of the interface's methods only by promotion from an
// embedded field of compiled code (type Service struct{ Name string;
// *log.Logger }; var p printer = svc): yaegi's value has no such method,
// and calling it panics (method not found).
func findPromotedToIfaces(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	check := func(target types.Type, e ast.Expr) {
		if target == nil || !types.IsInterface(target) || f.compiledInterface(target) {
			return
		}
		it, ok := target.Underlying().(*types.Interface)
		src := info.TypeOf(e)
		if !ok || it.NumMethods() == 0 || src == nil || types.IsInterface(src) {
			return
		}
		ms := types.NewMethodSet(src)
		for i := range it.NumMethods() {
			m := it.Method(i)
			if sel := ms.Lookup(m.Pkg(), m.Name()); sel != nil && promotedFromCompiled(src, sel.Index()) {
				out = append(out, e.Pos())
				return
			}
		}
	}
	forEachConversion(info, sf.syntax, func(target types.Type, e ast.Expr, _ *ast.CallExpr, _ int) { check(target, e) }, check)
	return out
}

// promotedFromCompiled reports whether the method found in t by the
// selection path index (its embedded fields, then the method) comes
// through an embedded field whose type is of compiled code.
func promotedFromCompiled(t types.Type, index []int) bool {
	for _, i := range index[:len(index)-1] {
		if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return false
		}
		t = st.Field(i).Type()
		base := t
		if p, ok := types.Unalias(base).(*types.Pointer); ok {
			base = p.Elem()
		}
		if n, ok := types.Unalias(base).(*types.Named); ok && n.Obj().Pkg() != nil {
			path := n.Obj().Pkg().Path()
			if isStdlib(path) || strings.HasPrefix(path, "github.com/devserver/devserver/") {
				return true
			}
		}
	}
	return false
}

// visibleMethods are the methods the standard library looks for on the
// values it prints and encodes.
var visibleMethods = []string{"String", "Error", "Format", "GoString", "MarshalJSON", "MarshalText", "MarshalXML", "UnmarshalJSON", "UnmarshalText", "UnmarshalXML"}

// compiledEmbedDiffers reports whether embedding t, a type of compiled
// code, in a struct (as its only field when single) runs otherwise in the
// interpreter: any method when single, a method of visibleMethods else.
func compiledEmbedDiffers(t types.Type, single bool) bool {
	base := t
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		base = p.Elem()
	}
	n, ok := types.Unalias(base).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	path := n.Obj().Pkg().Path()
	if !isStdlib(path) && !strings.HasPrefix(path, "github.com/devserver/devserver/") {
		return false // interpreted: its reflect type has no methods to copy
	}
	ms := types.NewMethodSet(t)
	if single {
		return ms.Len() > 0
	}
	for _, m := range visibleMethods {
		if ms.Lookup(n.Obj().Pkg(), m) != nil {
			return true
		}
	}
	return false
}

// findXMLCoding finds encoding/xml's encoding and decoding in a package
// whose types have methods encoding/xml calls (yaegi's values lack them)
// or embed a struct (yaegi's field is an ordinary one, which encoding/xml
// does not flatten: <item><Audit at="noon">...</Audit> where a build
// writes <item at="noon">).
func findXMLCoding(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("MarshalXML", "UnmarshalXML", "MarshalXMLAttr", "UnmarshalXMLAttr", "MarshalText", "UnmarshalText") && !f.hasEmbedded() {
		return nil
	}
	var out []token.Pos
	for _, c := range sf.calls("encoding/xml", "Marshal", "MarshalIndent", "Unmarshal", "NewEncoder", "NewDecoder") {
		out = append(out, c.Pos())
	}
	return out
}

// isEmptyInterface reports whether t is an interface without methods
// (any): the parameter type of the values slog's functions log.
func isEmptyInterface(t types.Type) bool {
	if t == nil {
		return false
	}
	i, ok := t.Underlying().(*types.Interface)
	return ok && i.NumMethods() == 0
}
