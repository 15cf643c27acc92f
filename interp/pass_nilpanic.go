package interp

import (
	"go/ast"
	"go/types"
	"strconv"
)

// nilPanics is the pass for panic(nil) and the panic of a nil interface
// value: since Go 1.21 recover returns a *runtime.PanicNilError ("panic
// called with nil argument") for them, where yaegi's recover returns nil,
// as if nothing had panicked. Such a panic statement panics with the
// error Go makes instead (internal/desugar's NilPanic):
//
//	panic(nil)  →  panic(_dsrt.NilPanic())
//	panic(err)  →  if err == nil { panic(_dsrt.NilPanic()) }; panic(err)
//	panic(f())  →  if _dsp12 := f(); _dsp12 == nil { panic(_dsrt.NilPanic()) } else { panic(_dsp12) }
//
// Only panic statements are rewritten (not a deferred or go'd panic), and
// only of an operand whose static type is an interface or nil. The
// statement is replaced whole: an operand moved into the new text keeps
// what earlier passes made of it (a bounds check of errs[i]).
func nilPanics(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		var stmts []*ast.ExprStmt
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if es, ok := n.(*ast.ExprStmt); ok && isPanicCall(es.X) {
				stmts = append(stmts, es)
			}
			return true
		})
		for _, es := range stmts {
			if f.unconvertPanic(sf, es) || f.guardPanic(sf, es) || f.describePanic(sf, es) {
				changed = true
			}
		}
	}
	return changed, nil
}

// isPanicCall reports whether e calls a function named panic with one
// argument (the type checker tells whether it is the builtin).
func isPanicCall(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	return ok && id.Name == "panic"
}

// guardPanic rewrites es, a call of panic, when its operand may be nil;
// it reports whether it did.
func (f *folder) guardPanic(sf *srcFile, es *ast.ExprStmt) bool {
	info := f.typeInfo()
	if info == nil || f.desugared[es] {
		return false
	}
	call := es.X.(*ast.CallExpr)
	if _, builtin := info.Uses[ast.Unparen(call.Fun).(*ast.Ident)].(*types.Builtin); !builtin {
		return false
	}
	arg := call.Args[0]
	tv, ok := info.Types[arg]
	if !ok {
		return false
	}
	sf.addImport("_dsrt", desugarPath)
	const nilPanic = "panic(_dsrt.NilPanic())"
	switch {
	case tv.IsNil():
		sf.edits = append(sf.edits, edit{off: f.offset(es.Pos()), end: f.offset(es.End()), text: nilPanic})
	case !types.IsInterface(tv.Type):
		return false
	case pureOperand(arg):
		sf.edits.insert(f.offset(es.Pos()), "if "+f.text(sf, arg)+" == nil { "+nilPanic+" }; ")
	default:
		v := "_dsp" + strconv.Itoa(f.offset(es.Pos()))
		sf.edits = append(sf.edits, edit{off: f.offset(es.Pos()), end: f.offset(es.End()),
			text: "if " + v + " := " + sf.take(f, arg) + "; " + v + " == nil { " + nilPanic + " } else { panic(" + v + ") }"})
	}
	return true
}

// describePanic rewrites es, a call of panic with a value of a type of
// interpreted code with an Error or String method, to record what the
// method says before it panics: the dev server's 500 prints the value
// with it, as a build does (yaegi hands compiled code the value without
// its methods: &{42} for a *NotFound whose Error says "not found: 42"):
//
//	panic(&NotFound{id})  →  { _dspv12 := &NotFound{id}; _dsrt.PanicText(_dspv12, func() string { ...; return _dspv12.Error() }()); panic(_dspv12) }
func (f *folder) describePanic(sf *srcFile, es *ast.ExprStmt) bool {
	info := f.typeInfo()
	if info == nil || f.desugared[es] {
		return false
	}
	call := es.X.(*ast.CallExpr)
	if _, builtin := info.Uses[ast.Unparen(call.Fun).(*ast.Ident)].(*types.Builtin); !builtin {
		return false
	}
	return f.describePanicOf(sf, es, call.Args[0])
}

// unconvertPanic rewrites es, a call of panic with the conversion of a
// value of a concrete type to an interface type (panic(error(e)),
// panic(fmt.Stringer(v))), to panic with the value itself, described as
// describePanic describes it: Go's panic holds the same value either
// way (a conversion to an interface keeps the value's type, and a value
// of a concrete type is never a nil interface), while yaegi made the
// conversion the value itself, which the statement guardPanic writes
// then could not store (reflect.Set: value of type struct { Field string
// } is not assignable to type error), and the 500 answered that.
func (f *folder) unconvertPanic(sf *srcFile, es *ast.ExprStmt) bool {
	info := f.typeInfo()
	if info == nil || f.desugared[es] {
		return false
	}
	conv := unconvertedPanicArg(info, es)
	if conv == nil {
		return false
	}
	inner := conv.Args[0]
	if f.describePanicOf(sf, es, inner) {
		return true
	}
	sf.edits = append(sf.edits, edit{off: f.offset(es.Pos()), end: f.offset(es.End()), text: "panic(" + f.text(sf, inner) + ")"})
	return true
}

// unconvertedPanicArg returns the argument of es, a call of panic, when
// it converts a value of a concrete type to an interface type, which
// unconvertPanic leaves out (and ifaceCopies leaves alone): nil when it
// is not such a conversion.
func unconvertedPanicArg(info *types.Info, es *ast.ExprStmt) *ast.CallExpr {
	call := es.X.(*ast.CallExpr)
	if _, builtin := info.Uses[ast.Unparen(call.Fun).(*ast.Ident)].(*types.Builtin); !builtin {
		return nil
	}
	conv, ok := ast.Unparen(call.Args[0]).(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 || conv.Ellipsis.IsValid() {
		return nil
	}
	if tv, ok := info.Types[conv.Fun]; !ok || !tv.IsType() || !types.IsInterface(tv.Type) {
		return nil
	}
	inner := conv.Args[0]
	if t := info.TypeOf(inner); t == nil || types.IsInterface(t) || isNilExpr(info, inner) {
		return nil
	}
	return conv
}

// describePanicOf is describePanic of es panicking with arg.
func (f *folder) describePanicOf(sf *srcFile, es *ast.ExprStmt, arg ast.Expr) bool {
	info := f.typeInfo()
	t := info.TypeOf(arg)
	if t == nil || types.IsInterface(t) {
		return false
	}
	named := t
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		named = p.Elem()
	}
	if _, ok := f.interpretedNamed(named); !ok {
		// A type declared in a function may have a String or Error
		// method too, promoted from an embedded field: the 500 of
		// panic(wrapped{3}), wrapped embedding a Stringer, said {3}.
		if _, local := f.declaredLocally(named); !local {
			return false
		}
	}
	method := ""
	for _, name := range []string{"Error", "String"} { // as %v prefers them
		if stringMethod(t, name) {
			method = name
			break
		}
	}
	if method == "" {
		return false
	}
	sf.addImport("_dsrt", desugarPath)
	v := "_dspv" + strconv.Itoa(f.offset(es.Pos()))
	sf.edits = append(sf.edits, edit{off: f.offset(es.Pos()), end: f.offset(es.End()),
		text: "{ " + v + " := " + sf.take(f, arg) + "; _dsrt.PanicText(" + v + ", " + describeText(v, method) + "); panic(" + v + ") }"})
	return true
}

// describeText is the expression describePanicOf records as what v says
// of itself: its method's text, or "" when the method panics (an Error
// promoted from an embedded error left nil, panic(&U0{nil, "msg"})),
// which Go does not call before the panic: the value is panicked with,
// and recovered, all the same.
func describeText(v, method string) string {
	return "func() string { defer func() { _dsrt.Recovered(recover()) }(); return " + v + "." + method + "() }()"
}

// stringMethod reports whether the method set of t has the method name
// of signature func() string.
func stringMethod(t types.Type, name string) bool {
	sel := types.NewMethodSet(t).Lookup(nil, name)
	if sel == nil {
		return false
	}
	sig, ok := sel.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	b, ok := sig.Results().At(0).Type().(*types.Basic)
	return ok && b.Kind() == types.String
}
