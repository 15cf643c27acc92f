package interp

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// fmtfixPath is the compiled package that formats values of route types
// for fmt (internal/fmtfix); it exists only in the interpreter's symbol
// table.
const fmtfixPath = "github.com/devserver/devserver/internal/fmtfix"

// fmtArgs is the pass for the arguments of fmt's print functions whose
// static types involve types declared in the package: yaegi hands fmt
// their values without names or methods, so %d of a Stringer printed
// yaegi's wrapper, Stringers inside slices and maps printed their
// underlying values, %+v printed yaegi's field names (Xsecret), %#v and %T
// no type names. Each such argument is wrapped with a description of its
// static type, and the package registers its types and their String,
// Error, GoString and Format methods (an init function after the last line
// of the file declaring each):
//
//	fmt.Println(colors)  →  fmt.Println(_dsfmt.Value(colors, `{"k":"slice",...}`))
//
// An argument of %T (in a constant format) becomes the name of its type,
// and the verb %s. An error is handed over with the text of its Error
// method. An argument whose static type is another interface, or holds
// one (a []any, a map[string]any, a struct with a field of type any), is
// wrapped too, described as a type fmt prints as it is, when the code
// may hold yaegi's wrappers of interface values (see mayHoldWrappers):
// fmtfix prints what the wrappers hold. Left alone: arguments of %w and
// %p, spread arguments, and Errorf calls whose format is not constant.
func fmtArgs(f *folder) (bool, []diagnostic) {
	declares := declaresFmtMethods(f)
	hides := declaresHiddenFields(f)
	if !declares && !hides && !importsPath(f, "fmt") && !importsPath(f, "log") && !f.own {
		// Nothing to do (the user's own code may call its print
		// wrappers): spare the type check.
		return false, nil
	}
	if f.typeInfo() == nil {
		return false, nil
	}
	changed := f.forEachCall(func(sf *srcFile, _ *types.Info, call *ast.CallExpr) bool {
		return f.wrapFmtArgs(sf, call)
	})
	// The types of a package whose methods fmt calls, or whose struct
	// fields yaegi renames, are registered whoever prints them (another
	// package's route, with uuid.UUID; %+v of a *game.Game{rolls []int}
	// printed &{Xrolls:[1 2]} where the package itself prints nothing).
	if changed || declares || hides {
		f.registerFmtTypes()
		changed = true
	}
	return changed, nil
}

// declaresFmtMethods reports whether the folder declares a method fmt
// calls (String, Error, GoString, Format).
func declaresFmtMethods(f *folder) bool {
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && fmtMethods[fd.Name.Name] != "" {
				return true
			}
		}
	}
	return false
}

// importsPath reports whether a file of the folder imports path.
func importsPath(f *folder, path string) bool {
	for _, sf := range f.accepted() {
		for _, imp := range sf.syntax.Imports {
			if imp.Path.Value == strconv.Quote(path) {
				return true
			}
		}
	}
	return false
}

// fmtFuncs are fmt's print functions: the index of the format argument
// (-1 for none) and of the first printed argument.
var fmtFuncs = map[string][2]int{
	"Print": {-1, 0}, "Println": {-1, 0}, "Sprint": {-1, 0}, "Sprintln": {-1, 0},
	"Fprint": {-1, 1}, "Fprintln": {-1, 1}, "Append": {-1, 1}, "Appendln": {-1, 1},
	"Printf": {0, 1}, "Sprintf": {0, 1}, "Errorf": {0, 1},
	"Fprintf": {1, 2}, "Appendf": {1, 2},
}

// interpLogPath is the package of the interpreter's log.Logger, which
// the type checker sees as log.New's result.
const interpLogPath = "github.com/devserver/devserver/interp/stdlib"

// logFuncs are the print functions of package log and the print methods
// of *log.Logger, which format their arguments with fmt: the index of the
// format argument (-1 for none) and of the first printed argument.
var logFuncs = map[string][2]int{
	"Print": {-1, 0}, "Println": {-1, 0}, "Fatal": {-1, 0}, "Fatalln": {-1, 0}, "Panic": {-1, 0}, "Panicln": {-1, 0},
	"Printf": {0, 1}, "Fatalf": {0, 1}, "Panicf": {0, 1},
}

// wrapFmtArgs rewrites the arguments of call, if it is a fmt print
// function, that need it, and reports whether it changed any.
func (f *folder) wrapFmtArgs(sf *srcFile, call *ast.CallExpr) bool {
	info := f.typeInfo()
	if call.Ellipsis.IsValid() {
		return f.wrapSpread(sf, call)
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() != types.MethodVal {
			return false // a method expression: the receiver is an argument
		}
	}
	fn := calledFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	var shape [2]int
	fmtName, ok := fn.Name(), false
	switch fn.Pkg().Path() {
	case "fmt":
		shape, ok = fmtFuncs[fn.Name()]
	case "log", interpLogPath:
		// log's functions and *log.Logger's methods format as fmt does
		// (the interpreter's log.Logger is a type of its own, whose Fatal
		// methods panic).
		shape, ok = logFuncs[fn.Name()]
	default:
		// A print wrapper of the app's: its callers' operands reach fmt
		// through its spread, where they cannot be wrapped.
		var ps printShape
		if ps, ok = f.printShapeOf(fn); ok {
			shape, fmtName = [2]int{ps.format, ps.first}, ps.fmtName
		}
	}
	if !ok || len(call.Args) < shape[1] {
		return false
	}
	writerChanged := fn.Pkg().Path() == "fmt" && strings.HasPrefix(fn.Name(), "Fprint") && f.wrapFmtWriter(sf, call.Args[0])
	args := call.Args[shape[1]:]
	var verbs []fmtVerb
	if shape[0] >= 0 {
		verbs = f.formatVerbs(call.Args[shape[0]], len(args))
		if verbs == nil && fmtName == "Errorf" {
			return false // which argument is %w is not known
		}
	}
	changed, extras := false, false
	if shape[0] >= 0 {
		pkg := fn.Pkg().Path()
		extras = f.wrapExtraOperands(sf, call.Args[shape[0]:], verbs, pkg != "fmt" && pkg != "log" && pkg != interpLogPath)
		changed = extras
	}
	for i, a := range args {
		verb := rune('v')
		if shape[0] >= 0 {
			verb = '?'
			if verbs != nil {
				verb = verbs[i].verb
			}
		}
		t := info.TypeOf(a)
		if verb == 'w' && fmtName == "Errorf" && fn.Pkg().Path() == "fmt" && f.copyKept(sf, info, a, types.Universe.Lookup("error").Type()) {
			// Errorf keeps its %w operand: handed over as a copy (see
			// copyKeptArgs), it is not the variable the caller changes.
			changed = true
			continue
		}
		if t != nil && types.IsInterface(t) && verb != 'w' && verb != 'p' && verb != '*' && f.resolvableIface(t) {
			// Handed over in a []any, where yaegi keeps the node typing
			// the value, which names its type (see fmtfix.Registry.Held).
			switch {
			case verb == 'T' && verbs[i].literal != nil:
				lit := verbs[i].literal
				off := f.offset(lit.Pos()) + 1 + verbs[i].offset
				sf.edits = append(sf.edits, edit{off: off, end: off + 1, text: "s"})
				sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "_dsfmt.HeldType([]any{", "})")
			case verb == '?' && extras && verbs[i].extra:
				// fmtfix.Extra names the type of what it holds.
				sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "_dsfmt.Held([]any{", "}, "+strconv.Quote(f.describe(t))+")")
			case verb == 'T' || verb == '?':
				continue
			default:
				sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "_dsfmt.Held([]any{", "}, "+strconv.Quote(f.describe(t))+")")
			}
			sf.addImport("_dsfmt", fmtfixPath)
			changed = true
			continue
		}
		if t == nil || verb == 'w' || verb == 'p' || verb == '*' || verb == 'T' && types.IsInterface(t) {
			continue
		}
		if types.IsInterface(t) && !types.Implements(t, errorType) || !types.IsInterface(t) && !f.involvesOwnType(t) {
			// An operand that may hold yaegi's wrapper of an interface
			// value is printed by fmtfix, which prints what each holds
			// (described as a type fmt prints as it is: fmtfix looks at
			// the value for wrappers).
			if verb != '?' && verb != 'T' && f.mayHoldWrappers(t) {
				b, _ := json.Marshal(fmtDesc{Kind: "other", String: f.descOf(t, 0).String})
				sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "_dsfmt.Value(", ", "+strconv.Quote(string(b))+")")
				sf.addImport("_dsfmt", fmtfixPath)
				changed = true
			}
			if types.IsInterface(t) && !strings.ContainsRune("?Tpw*vbodxX", verb) && !f.mayHoldWrappers(t) && f.holdsStructTypes() {
				// A nil pointer to a struct type of route code, which fmt
				// names in its complaint (%!s(*route.T=<nil>)): yaegi's
				// type has no name. (Not where yaegi may hand over its
				// wrapper of an interface value, which the call of
				// NilPointer would not survive.)
				sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "_dsfmt.NilPointer(", ")")
				sf.addImport("_dsfmt", fmtfixPath)
				changed = true
			}
			continue
		}
		if types.IsInterface(t) {
			// yaegi hands compiled code the bare value of a route type,
			// without its methods: the route code finds them. An error
			// interface of interpreted code goes to error through
			// nilIfaces's conversion (yaegi's nil of it is not a nil
			// error).
			open, end := errorOperand, ")"
			if !types.Identical(t, types.Universe.Lookup("error").Type()) && interpretedIface(f, t) {
				o, e := nilIfaceWrap("error", "_dsni"+strconv.Itoa(f.offset(a.Pos())), f.valueImplementers(sf, t, a.Pos()))
				open, end = open+o, e+end
			}
			sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), open, end)
			sf.addImport("_dsfmt", fmtfixPath)
			changed = true
			continue
		}
		desc := f.describe(t)
		switch {
		case verb == 'T' && verbs[i].literal != nil:
			lit := verbs[i].literal
			off := f.offset(lit.Pos()) + 1 + verbs[i].offset
			sf.edits = append(sf.edits, edit{off: off, end: off + 1, text: "s"})
			// The operand is still evaluated, for its effects.
			sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "func() string { _ = ", "; return _dsfmt.TypeName("+strconv.Quote(desc)+") }()")
		case verb == 'T':
			continue
		default:
			sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "_dsfmt.Value(", ", "+strconv.Quote(desc)+")")
		}
		sf.addImport("_dsfmt", fmtfixPath)
		changed = true
	}
	if changed && shape[0] < 0 && len(args) > 1 && !strings.HasSuffix(fmtName, "ln") {
		// Print puts a space between two operands when neither is a
		// string, by the operand's kind: a wrapper's is not the wrapped
		// value's. fmtfix.Sprint spaces the operands by the values'.
		sf.edits.wrapAround(f.offset(args[0].Pos()), f.offset(args[len(args)-1].End()), "_dsfmt.Sprint(", ")")
	}
	return changed || writerChanged
}

// wrapSpread passes the operands spread into call, when it is one of
// fmt's or log's print functions (fmt.Sprintf(format, args...)), through
// fmtfix.Spread, and reports whether it did: an element of the slice may
// be yaegi's wrapper of an interface value (see mayHoldWrappers), which
// Spread hands fmt as what it holds. A print wrapper of the app's is
// left alone: its body's spread into fmt is passed through Spread.
func (f *folder) wrapSpread(sf *srcFile, call *ast.CallExpr) bool {
	info := f.typeInfo()
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() != types.MethodVal {
			return false
		}
	}
	fn := calledFunc(info, call)
	if fn == nil || fn.Pkg() == nil || len(call.Args) == 0 {
		return false
	}
	var shape [2]int
	ok := false
	switch fn.Pkg().Path() {
	case "fmt":
		shape, ok = fmtFuncs[fn.Name()]
	case "log", interpLogPath:
		shape, ok = logFuncs[fn.Name()]
	}
	last := call.Args[len(call.Args)-1]
	if !ok || len(call.Args) != shape[1]+1 {
		return false
	}
	if mask := f.nilPointerMask(info, call, shape); mask != "" {
		sf.edits.wrapAround(f.offset(last.Pos()), f.offset(last.End()), "_dsfmt.Spreadf(", ", "+strconv.Quote(mask)+")")
		sf.addImport("_dsfmt", fmtfixPath)
		return true
	}
	if !f.mayHoldWrappers(info.TypeOf(last)) {
		return false
	}
	sf.edits.wrapAround(f.offset(last.Pos()), f.offset(last.End()), "_dsfmt.Spread(", ")")
	sf.addImport("_dsfmt", fmtfixPath)
	return true
}

// nilPointerMask returns, for the operands spread into call's constant
// format (shape: the format's index and the operands'), the mask of
// fmtfix.Names.Spreadf: a '1' at the index of each operand all of whose
// verbs fmt complains about, where the slice may hold a nil pointer to a
// struct type of route code, which fmt names in its complaint
// (%!s(*route.T=<nil>)). It is "" when no operand needs it.
func (f *folder) nilPointerMask(info *types.Info, call *ast.CallExpr, shape [2]int) string {
	if shape[0] < 0 || !f.holdsInterpretedInterface(info.TypeOf(call.Args[len(call.Args)-1])) || !f.holdsStructTypes() {
		return ""
	}
	text, ok := constantString(info, call.Args[shape[0]])
	if !ok {
		return ""
	}
	mask := []byte{}
	for i, verbs := range indexedVerbs(text, 256) {
		if verbs != "" && !strings.ContainsAny(verbs, "?Tpw*") && strings.Trim(verbs, "vbodxX") != "" {
			for len(mask) < i {
				mask = append(mask, '0')
			}
			mask = append(mask, '1')
		}
	}
	return string(mask)
}

// mayHoldWrappers reports whether a value of type t, printed by fmt, may
// hold one of yaegi's wrappers of an interface value (see
// fmtfix.Registry.printDynamic): t is an interface other than error, or
// an unnamed slice, array, map, pointer or struct type, or a type of
// interpreted code, holding one; and the folder's code sees a type with
// methods or an interface with methods of interpreted code (without
// either, no value is wrapped: yaegi wraps a value converted to an
// interface with methods).
func (f *folder) mayHoldWrappers(t types.Type) bool {
	if !f.boxesInterfaces() {
		return false
	}
	var holds func(t types.Type, depth int) bool
	holds = func(t types.Type, depth int) bool {
		if depth > 8 {
			return false
		}
		if types.IsInterface(t) {
			return !types.Identical(t, types.Universe.Lookup("error").Type())
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			if _, interpreted := f.interpretedNamed(n); !interpreted {
				if _, local := f.localNamed(n); !local {
					return false // compiled: fmt prints it as it is
				}
			}
		}
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			return holds(u.Elem(), depth+1)
		case *types.Slice:
			return holds(u.Elem(), depth+1)
		case *types.Array:
			return holds(u.Elem(), depth+1)
		case *types.Map:
			return holds(u.Key(), depth+1) || holds(u.Elem(), depth+1)
		case *types.Struct:
			for i := range u.NumFields() {
				if holds(u.Field(i).Type(), depth+1) {
					return true
				}
			}
		}
		return false
	}
	return holds(t, 0)
}

// boxesInterfaces reports whether the folder's code sees a method or an
// interface with methods of interpreted code: without either, yaegi
// wraps no value it puts in an interface. An interface type written in
// place (interface{ f() }) or declared in a function counts too: a nil
// of it put in an any is yaegi's wrapper of nothing, which fmt printed
// as {<nil> {<nil> <nil> 0}}.
func (f *folder) boxesInterfaces() bool {
	if len(f.visibleMethods()) > 0 {
		return true
	}
	for _, n := range f.visibleTypes() {
		if it, ok := n.Underlying().(*types.Interface); ok && it.NumMethods() > 0 {
			return true
		}
	}
	return f.writesInterfaces()
}

// writesInterfaces reports whether the folder's code writes an interface
// type with methods (a literal, a local declaration's).
func (f *folder) writesInterfaces() bool {
	if f.writesIfaces != 0 {
		return f.writesIfaces > 0
	}
	f.writesIfaces = -1
	info := f.typeInfo()
	if info == nil {
		return false
	}
	found := false
	defer func() {
		if found {
			f.writesIfaces = 1
		}
	}()
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if it, ok := n.(*ast.InterfaceType); ok && it.Methods != nil && len(it.Methods.List) > 0 {
				if t, ok := info.TypeOf(it).(*types.Interface); ok && t.NumMethods() > 0 {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// wrapFmtWriter passes w, the writer of a call of fmt.Fprint, Fprintf or
// Fprintln, through fmtfix.Writer when it is a value of a type of the
// folder's code with a method fmt calls (String, Error, Format,
// GoString), and reports whether it did. The interpreter hands every
// operand of fmt's print functions to fmt in the wrapper giving it that
// method, the writer too, which then has no Write method: the call
// panics (reflect: Call using fmt.Stringer as type io.Writer).
func (f *folder) wrapFmtWriter(sf *srcFile, w ast.Expr) bool {
	info := f.typeInfo()
	if c, ok := ast.Unparen(w).(*ast.CallExpr); ok && len(c.Args) == 1 && info.Types[c.Fun].IsType() {
		w = c.Args[0] // io.Writer(v): the interpreter wraps v all the same
	}
	t := info.TypeOf(w)
	if t == nil || types.IsInterface(t) || !f.involvesOwnType(t) {
		return false
	}
	for name := range fmtMethods {
		if hasMethodNamed(t, name) {
			sf.edits.wrapAround(f.offset(w.Pos()), f.offset(w.End()), "_dsfmt.Writer(", ")")
			sf.addImport("_dsfmt", fmtfixPath)
			return true
		}
	}
	return false
}

// holdsStructTypes reports whether the folder's code can hold a value of
// a struct type of interpreted code.
func (f *folder) holdsStructTypes() bool {
	for _, n := range f.heldTypes() {
		if _, ok := n.Underlying().(*types.Struct); ok {
			if _, interpreted := f.interpretedNamed(n); interpreted {
				return true
			}
			if _, local := f.localNamed(n); local {
				return true
			}
		}
	}
	return false
}

// errorOperand is the start of the rewrite of an operand of static type
// error (closed by ")"): fmt gets the error in yaegi's wrapper (with the
// Format and GoString methods of its type, see stdlib.ErrorWrappers) and a
// function calling its Error method, which fmtfix.Error calls only for
// the verbs that print it, catching its panics as fmt does.
const errorOperand = "func(e error) any { if e == nil { return nil }; return _dsfmt.Error(func() string { return e.Error() }, e) }("

var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// fmtVerb is the verb a format gives one argument, and for %T in a
// string literal without escapes, where the verb is in the literal.
type fmtVerb struct {
	verb    rune
	flags   string // the directive's flags: "+", "#", "-0"...
	literal *ast.BasicLit
	offset  int // of the verb in the literal's value
	// extra is an operand beyond the format's verbs, which fmt prints
	// after the format's text (%!(EXTRA type=value)).
	extra bool
}

// wrapExtraOperands rewrites the operands of a call of fmt's or log's
// print functions beyond those its constant format's verbs print, when
// the rewrite below wraps one (a value of a route type, an error), and
// reports whether it did. fmt names the type of each such operand in the
// text it appends (%!(EXTRA route.Score=3)), which would be the wrapper's
// (fmtfix.formatted): the format gets that text, with a %v for each extra
// operand, handed to fmt through fmtfix.Extra with the name of its static
// type (a route type) or "" (fmtfix names the dynamic type):
//
//	fmt.Printf("%d\n", a, s)  →  fmt.Printf(("%d\n") + "%%!(EXTRA %v)", a, _dsfmt.Extra("route.Score", _dsfmt.Value(s, ...)))
//
// formatArgs are the format and the operands; skip leaves them alone (a
// print wrapper of the app's, which may do more with its format).
func (f *folder) wrapExtraOperands(sf *srcFile, formatArgs []ast.Expr, verbs []fmtVerb, skip bool) bool {
	if skip || len(verbs) == 0 || !verbs[len(verbs)-1].extra || len(formatArgs) < 2 {
		return false
	}
	info := f.typeInfo()
	format := constant.StringVal(info.Types[formatArgs[0]].Value)
	open, prefix := trailingDirective(format), ""
	if open >= 0 {
		if strings.Trim(format[open+1:], "+-# 0123456789") != "" {
			// A * takes an operand, a . at the end is fmt's verb: not
			// worth the trouble.
			return false
		}
		// fmt prints %!(NOVERB) for it, then the extra operands: the
		// directive is cut off the format, which would complete it.
		prefix = "%%!(NOVERB)"
	}
	args := formatArgs[1:]
	first := len(args)
	wrapped := false
	for i := len(verbs) - 1; i >= 0 && verbs[i].extra; i-- {
		first = i
		t := info.TypeOf(args[i])
		if t != nil && (types.IsInterface(t) && types.Implements(t, errorType) || !types.IsInterface(t) && f.involvesOwnType(t) || f.resolvableIface(t)) {
			wrapped = true
		}
	}
	if !wrapped {
		return false
	}
	holes := make([]string, 0, len(args)-first)
	for _, a := range args[first:] {
		name := `""`
		if t := info.TypeOf(a); t != nil && !types.IsInterface(t) && f.involvesOwnType(t) {
			name = "_dsfmt.TypeName(" + strconv.Quote(f.describe(t)) + ")"
		}
		// Made before the operand's own wrapper, which goes inside.
		sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "_dsfmt.Extra("+name+", ", ")")
		holes = append(holes, "%v")
	}
	fe := formatArgs[0]
	cut := ""
	if open >= 0 {
		cut = "[:" + strconv.Itoa(open) + "]"
	}
	sf.edits.wrapAround(f.offset(fe.Pos()), f.offset(fe.End()), "(", ")"+cut+" + "+strconv.Quote(prefix+"%%!(EXTRA "+strings.Join(holes, ", ")+")"))
	sf.addImport("_dsfmt", fmtfixPath)
	return true
}

// trailingDirective returns the offset of the directive format ends
// inside (a % and its flags, width or precision, without a verb), or -1.
func trailingDirective(format string) int {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		start := i
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			return start
		}
	}
	return -1
}

// formatVerbs returns the verb of each of n arguments of the constant
// format e ('*' for a width or precision), or nil when e is not constant
// or uses explicit argument indexes.
func (f *folder) formatVerbs(e ast.Expr, n int) []fmtVerb {
	tv := f.typeInfo().Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil
	}
	format := constant.StringVal(tv.Value)
	lit, _ := ast.Unparen(e).(*ast.BasicLit)
	if lit != nil && lit.Value != strconv.Quote(format) && lit.Value != "`"+format+"`" {
		lit = nil // escapes: offsets in the value are not offsets in the source
	}
	var out []fmtVerb
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		flagStart := i
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		flags := format[flagStart:i]
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.' || format[i] == '*' || format[i] == '[') {
			switch format[i] {
			case '[':
				return nil
			case '*':
				out = append(out, fmtVerb{verb: '*'})
			}
			i++
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		out = append(out, fmtVerb{verb: rune(format[i]), flags: flags, literal: lit, offset: i})
	}
	for len(out) < n {
		out = append(out, fmtVerb{verb: '?', extra: true})
	}
	return out[:n]
}

// ownNamed returns the named type t is, when it is declared in the folder
// and not generic.
func (f *folder) ownNamed(t types.Type) (*types.Named, bool) {
	n, ok := f.interpretedNamed(t)
	if !ok || n.Obj().Pkg().Path() != f.importPath {
		return nil, false
	}
	return n, true
}

// interpretedNamed returns the named type t is, when it is declared at
// package level, not generic, in a package the interpreter runs from
// source (the folder's, or another module's: not the standard library's
// nor the next package's, which are compiled and keep their methods).
func (f *folder) interpretedNamed(t types.Type) (*types.Named, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.TypeParams() != nil || n.TypeArgs() != nil || n.Obj().Parent() != n.Obj().Pkg().Scope() {
		return nil, false
	}
	path := n.Obj().Pkg().Path()
	interpreted := path == f.importPath || fromSource(path)
	return n, interpreted
}

// declaredLocally returns the named type t is, when it is declared
// inside a function of the folder (methods or not), not generic: the
// interpreter builds it as it builds the package-level ones, with no name
// and renamed fields, and fmtfix does not know it.
func (f *folder) declaredLocally(t types.Type) (*types.Named, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != f.importPath || n.Obj().Parent() == n.Obj().Pkg().Scope() || n.TypeParams() != nil || n.TypeArgs() != nil {
		return nil, false
	}
	return n, true
}

// localNamed returns the named type t is, when it is declared inside a
// function of the folder and has no methods (none of its own, none
// promoted). yaegi prints such a type's values as an unnamed struct type
// with its renamed fields (struct { X int; Xy int }), and a type defined
// from a Stringer with the Stringer's method, which it does not have.
func (f *folder) localNamed(t types.Type) (*types.Named, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != f.importPath || n.Obj().Parent() == n.Obj().Pkg().Scope() || n.TypeParams() != nil || n.TypeArgs() != nil {
		return nil, false
	}
	if types.NewMethodSet(types.NewPointer(n)).Len() > 0 {
		return nil, false
	}
	return n, true
}

// genericStdInstance reports whether t is an instance of a generic type
// of the generic standard library the interpreter compiles from source
// (iter.Seq[int]): yaegi's type for it has no name, and %T printed the
// function type it stands for.
func genericStdInstance(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.TypeArgs().Len() == 0 || n.Obj().Pkg() == nil {
		return false
	}
	return slices.Contains(genericPackages, n.Obj().Pkg().Path())
}

// involvesOwnType reports whether t is, or is made of, a type declared in
// the folder (through pointers, slices, arrays, maps and struct fields).
func (f *folder) involvesOwnType(t types.Type) bool {
	return f.involves(t, 0)
}

func (f *folder) involves(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	if _, ok := f.interpretedNamed(t); ok {
		return true
	}
	if _, ok := f.localNamed(t); ok {
		return true
	}
	if genericStdInstance(t) {
		return true
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		return f.involves(u.Elem(), depth+1)
	case *types.Slice:
		return f.involves(u.Elem(), depth+1)
	case *types.Array:
		return f.involves(u.Elem(), depth+1)
	case *types.Map:
		return f.involves(u.Key(), depth+1) || f.involves(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			fd := u.Field(i)
			if f.involves(fd.Type(), depth+1) {
				return true
			}
			// An unnamed struct type of interpreted code with an
			// unexported or embedded field: yaegi renamed the field
			// (Xi) and tagged it, which %+v and %T showed.
			if (!fd.Exported() || fd.Embedded()) && fd.Pkg() != nil && (fd.Pkg().Path() == f.importPath || fromSource(fd.Pkg().Path())) {
				return true
			}
		}
	case *types.Chan:
		return f.involves(u.Elem(), depth+1)
	case *types.Signature:
		for _, tuple := range []*types.Tuple{u.Params(), u.Results()} {
			for i := range tuple.Len() {
				if f.involves(tuple.At(i).Type(), depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// reflectTypeString returns t as reflect's Type.String spells it, which
// %T and %#v print: go/types spells struct and interface types otherwise
// (struct{A int} for struct { A int }).
func reflectTypeString(t types.Type, q types.Qualifier) string {
	switch u := t.(type) {
	case *types.Named:
		if args := u.TypeArgs(); args.Len() > 0 && u.Obj().Pkg() != nil {
			// An instance, as the compiler names it: the type arguments
			// qualified by their packages' paths, and no space between
			// them (iter.Seq2[int,example.com/app/app/x.T]).
			name := u.Obj().Name()
			if p := q(u.Obj().Pkg()); p != "" {
				name = p + "." + name
			}
			byPath := func(p *types.Package) string { return p.Path() }
			parts := make([]string, args.Len())
			for i := range parts {
				parts[i] = reflectTypeString(args.At(i), byPath)
			}
			return name + "[" + strings.Join(parts, ",") + "]"
		}
	case *types.Basic:
		// byte and rune are uint8 and int32 to reflect.
		if u.Kind() == types.Uint8 || u.Kind() == types.Int32 {
			return types.Typ[u.Kind()].Name()
		}
	case *types.Pointer:
		return "*" + reflectTypeString(u.Elem(), q)
	case *types.Slice:
		return "[]" + reflectTypeString(u.Elem(), q)
	case *types.Array:
		return fmt.Sprintf("[%d]%s", u.Len(), reflectTypeString(u.Elem(), q))
	case *types.Map:
		return "map[" + reflectTypeString(u.Key(), q) + "]" + reflectTypeString(u.Elem(), q)
	case *types.Chan:
		elem := reflectTypeString(u.Elem(), q)
		switch u.Dir() {
		case types.SendOnly:
			return "chan<- " + elem
		case types.RecvOnly:
			return "<-chan " + elem
		}
		if c, ok := u.Elem().(*types.Chan); ok && c.Dir() == types.RecvOnly {
			return "chan (" + elem + ")"
		}
		return "chan " + elem
	case *types.Struct:
		if u.NumFields() == 0 {
			return "struct {}"
		}
		fields := make([]string, u.NumFields())
		for i := range u.NumFields() {
			fl := u.Field(i)
			text := reflectTypeString(fl.Type(), q)
			if !fl.Embedded() {
				text = fl.Name() + " " + text
			}
			if tag := u.Tag(i); tag != "" {
				text += " " + strconv.Quote(tag)
			}
			fields[i] = text
		}
		return "struct { " + strings.Join(fields, "; ") + " }"
	case *types.Interface:
		if u.NumMethods() == 0 && u.NumEmbeddeds() == 0 {
			return "interface {}"
		}
	case *types.Signature:
		if u.Recv() == nil && u.TypeParams() == nil {
			params := make([]string, u.Params().Len())
			for i := range params {
				pt := u.Params().At(i).Type()
				if u.Variadic() && i == len(params)-1 {
					params[i] = "..." + reflectTypeString(pt.(*types.Slice).Elem(), q)
					continue
				}
				params[i] = reflectTypeString(pt, q)
			}
			text := "func(" + strings.Join(params, ", ") + ")"
			results := make([]string, u.Results().Len())
			for i := range results {
				results[i] = reflectTypeString(u.Results().At(i).Type(), q)
			}
			switch len(results) {
			case 0:
			case 1:
				text += " " + results[0]
			default:
				text += " (" + strings.Join(results, ", ") + ")"
			}
			return text
		}
	}
	return types.TypeString(t, q)
}

// instanceNamed returns the type string s with the names of concrete
// types written out for instances of generic types replaced by the
// instances' (route._dsgBox_1a2b3c4d → route.Box[int]).
func (f *folder) instanceNamed(s string) string {
	if !strings.Contains(s, "._dsg") {
		return s
	}
	for name, display := range f.instanceNames {
		s = strings.ReplaceAll(s, name, display)
	}
	return s
}

// fmtDesc is internal/fmtfix's description of a type.
type fmtDesc struct {
	Kind   string     `json:"k"`
	String string     `json:"s"`
	Name   string     `json:"tn,omitempty"` // see fmtfix's desc
	ID     string     `json:"id,omitempty"`
	Elem   *fmtDesc   `json:"e,omitempty"`
	Key    *fmtDesc   `json:"key,omitempty"`
	Fields []fmtField `json:"f,omitempty"`
}

type fmtField struct {
	Name string   `json:"n"`
	Type *fmtDesc `json:"t"`
	// Hidden is an unexported field: fmt calls no method of what it
	// holds (the value is not an interface to it).
	Hidden bool `json:"h,omitempty"`
	// Embedded is an embedded field: fmt calls the methods of the
	// exported fields of an unexported one.
	Embedded bool `json:"m,omitempty"`
}

// describe returns the description of t internal/fmtfix reads.
func (f *folder) describe(t types.Type) string {
	b, _ := json.Marshal(f.descOf(t, 0))
	return string(b)
}

func (f *folder) descOf(t types.Type, depth int) *fmtDesc {
	// %T prints the types aliases stand for: they do not exist at run time.
	shown := t
	if u, err := substType(t, nil, 0); err == nil {
		shown = u
	}
	d := &fmtDesc{Kind: "other", String: f.instanceNamed(reflectTypeString(shown, func(p *types.Package) string { return p.Name() }))}
	if depth > 8 {
		return d
	}
	if types.IsInterface(t) && f.resolvableIface(t) {
		d.Kind = "iface"
		return d
	}
	if n, ok := f.interpretedNamed(t); ok {
		d.Kind, d.ID = "named", n.Obj().Pkg().Path()+"."+n.Obj().Name()
		return d
	}
	if n, ok := f.localNamed(t); ok {
		// Described as its underlying type under its own name: it has no
		// methods to register.
		u := f.descOf(n.Underlying(), depth+1)
		u.String = d.String
		return u
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		d.Kind, d.Elem = "ptr", f.descOf(u.Elem(), depth+1)
	case *types.Slice:
		d.Kind, d.Elem = "slice", f.descOf(u.Elem(), depth+1)
	case *types.Array:
		d.Kind, d.Elem = "array", f.descOf(u.Elem(), depth+1)
	case *types.Map:
		d.Kind, d.Key, d.Elem = "map", f.descOf(u.Key(), depth+1), f.descOf(u.Elem(), depth+1)
	case *types.Struct:
		d.Kind = "struct"
		for i := range u.NumFields() {
			fl := u.Field(i)
			d.Fields = append(d.Fields, fmtField{Name: f.fieldName(fl), Type: f.descOf(fl.Type(), depth+1), Hidden: !fl.Exported(), Embedded: fl.Embedded()})
		}
	}
	return d
}

// fieldName returns the name of the field fl as the source names it: an
// embedded instance of a generic type written out as concrete code
// (Page[User] → _dsgPage_1a2b3c4d) is named by the generic type (Page).
func (f *folder) fieldName(fl *types.Var) string {
	name := fl.Name()
	if !fl.Embedded() || !strings.HasPrefix(name, "_dsg") || f.pkg == nil {
		return name
	}
	display, ok := f.instanceNames[f.pkg.Name()+"."+name]
	if !ok {
		return name
	}
	display, _, _ = strings.Cut(display, "[")
	return display[strings.LastIndex(display, ".")+1:]
}

// fmtMethods are the methods fmt calls, with their signatures.
var fmtMethods = map[string]string{
	"String":   "func() string",
	"Error":    "func() string",
	"GoString": "func() string",
	"Format":   "func(fmt.State, rune)",
}

// registerFmtTypes registers each type declared in the folder with
// internal/fmtfix, with the methods fmt calls, in an init function after
// the last line of the file declaring it.
func (f *folder) registerFmtTypes() {
	info := f.typeInfo()
	names := make([]string, 0, len(f.types))
	for name := range f.types {
		names = append(names, name)
	}
	sort.Strings(names) // the rewrite is the same for the same source
	for _, name := range names {
		ts, sf := f.types[name], f.typeFile[name]
		if ts.TypeParams != nil || sf == nil || sf.err != nil {
			continue
		}
		obj, _ := info.Defs[ts.Name].(*types.TypeName)
		if obj == nil {
			continue
		}
		n, ok := f.ownNamed(obj.Type())
		if !ok || ts.Assign.IsValid() {
			continue
		}
		id := f.importPath + "." + name
		var b strings.Builder
		fmt.Fprintf(&b, "\nfunc init() { _dsfmt.Type(%q, %q)", id, f.describeUnderlying(n))
		// The methods of *T: T's own and those promoted from embedded
		// fields, which fmt calls as well.
		values := types.NewMethodSet(n)
		all := types.NewMethodSet(types.NewPointer(n))
		for i := range all.Len() {
			m := all.At(i).Obj()
			sig := m.Type().(*types.Signature)
			want, ok := fmtMethods[m.Name()]
			if !ok || signature(sig) != want {
				continue
			}
			ptr := values.Lookup(m.Pkg(), m.Name()) == nil
			recv := name
			if ptr {
				recv = "*" + name
			}
			if m.Name() == "Format" {
				sf.addImport("_dsfmtstd", "fmt")
				fmt.Fprintf(&b, "; _dsfmt.Method(%q, %q, %v, func(v %s, s _dsfmtstd.State, c rune) { v.Format(s, c) })", id, m.Name(), ptr, recv)
				continue
			}
			fmt.Fprintf(&b, "; _dsfmt.Method(%q, %q, %v, func(v %s) string { return v.%s() })", id, m.Name(), ptr, recv, m.Name())
		}
		b.WriteString(" }\n")
		sf.addImport("_dsfmt", fmtfixPath)
		sf.decls.WriteString(b.String())
	}
}

// declaresHiddenFields reports whether the folder declares, at package
// level, a struct type with an unexported or embedded field: yaegi
// renames it (Xname), and %+v printed the new name wherever fmtfix did
// not have the type registered.
func declaresHiddenFields(f *folder) bool {
	for _, ts := range f.types {
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			continue
		}
		for _, field := range st.Fields.List {
			if len(field.Names) == 0 {
				return true
			}
			for _, n := range field.Names {
				if !n.IsExported() {
					return true
				}
			}
		}
	}
	return false
}

// signature returns sig as fmtMethods writes signatures: without names.
func signature(sig *types.Signature) string {
	var params, results []string
	for v := range sig.Params().Variables() {
		params = append(params, types.TypeString(v.Type(), nil))
	}
	for v := range sig.Results().Variables() {
		results = append(results, types.TypeString(v.Type(), nil))
	}
	return strings.TrimSpace("func(" + strings.Join(params, ", ") + ") " + strings.Join(results, ", "))
}

// describeUnderlying describes the underlying type of n.
func (f *folder) describeUnderlying(n *types.Named) string {
	d := f.descOf(n.Underlying(), 0)
	if !types.IsInterface(n) {
		// What %T prints of a value of n held in an interface (see
		// fmtfix.Registry.Held); an interface type is none's dynamic
		// type.
		d.Name = f.descOf(n, 0).String
	}
	b, _ := json.Marshal(d)
	return string(b)
}
