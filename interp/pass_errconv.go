package interp

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// errorConversionFunc is the function errorConversions declares in a
// package converting values to error.
const errorConversionFunc = "_dsAsError"

// errorConversions is the pass for conversions of a value of a concrete
// type to the predeclared error (error(e), with e a *QueryErr): yaegi
// makes the conversion the value itself, which it then cannot store as an
// error (x := error(e) panicked: reflect.Set: value of type *struct {...}
// is not assignable to type error; errors.Is(err, error(e)) too). The
// conversion becomes a call of a function of the package taking and
// returning an error, which yaegi gives the value as it gives any
// argument (the conversion and the call mean the same in Go):
//
//	x := error(e)      →  x := _dsAsError(e)
//	x := error(mk())   →  x := _dsAsError(func() error { return mk() }())
//
// Conversions of interface values (error(v) of an any does not compile;
// of another error interface, it is left as written) and of nil are left
// alone.
func errorConversions(f *folder) (bool, []diagnostic) {
	errType := types.Universe.Lookup("error")
	declared := false
	changed := f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok || len(call.Args) != 1 || info.Uses[id] != errType {
			return false
		}
		t := info.TypeOf(call.Args[0])
		if t == nil || types.IsInterface(t) || isNilExpr(info, call.Args[0]) {
			return false
		}
		off := f.offset(id.Pos())
		sf.edits = append(sf.edits, edit{off: off, end: off + len(id.Name), text: errorConversionFunc})
		if a := call.Args[0]; concreteCallResult(info, a) {
			// A call result handed to the function's error (see
			// ifaceCallArgs).
			sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "func() error { return ", " }()")
		}
		if !declared {
			sf.decls.WriteString("\nfunc " + errorConversionFunc + "(e error) error { return e }\n")
			declared = true
		}
		return true
	})
	return changed, nil
}

// ifaceCallArgs is the pass for a call result of a concrete type handed
// straight to a parameter of a compiled interface type (error, io.Reader)
// of a function the interpreter runs: yaegi stores the result in the
// parameter as it is, and panics (take(mk()) with mk returning a
// *QueryErr and take an error: reflect.Set: value of type *struct {...}
// is not assignable to type error). A variable, a composite literal or a
// result it returns as the interface are handed over right. The argument
// becomes a function literal returning it as the parameter's type, called
// on the spot:
//
//	take(mk())  →  take(func() error { return mk() }())
//	both(two()) →  both(func() (error, int) { _dsv0, _dsv1 := two(); return _dsv0, _dsv1 }())
//
// Calls of compiled functions are left alone (yaegi wraps their
// arguments), as are interfaces the interpreter declares and any.
func ifaceCallArgs(f *folder) (bool, []diagnostic) {
	// The arguments of a deferred call are evaluated into variables
	// first (deferArgs), which hand them over right.
	deferred := make(map[*ast.CallExpr]bool)
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if d, ok := n.(*ast.DeferStmt); ok {
				deferred[d.Call] = true
			}
			return true
		})
	}
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if deferred[call] || info.Types[call.Fun].IsType() {
			return false
		}
		if sig, compiled := compiledCallee(info, call); compiled {
			return f.copyKeptArgs(sf, info, sig, call)
		}
		sig, ok := info.TypeOf(call.Fun).(*types.Signature)
		if !ok {
			return false
		}
		if len(call.Args) == 1 && !call.Ellipsis.IsValid() {
			if tuple, ok := info.TypeOf(call.Args[0]).(*types.Tuple); ok {
				return f.forwardResults(sf, sig, call.Args[0], tuple)
			}
		}
		changed := false
		for i, a := range call.Args {
			param := paramType(sig, i, call.Ellipsis.IsValid())
			if param == nil || !compiledIface(param) || !concreteCallResult(info, a) {
				continue
			}
			name, ok := f.typeName(sf, param)
			if !ok {
				continue
			}
			sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "func() "+name+" { return ", " }()")
			changed = true
		}
		return changed
	}), nil
}

// compiledIface reports whether t is an interface type with methods that
// compiled code declares (error, io.Reader), not a type parameter.
func compiledIface(t types.Type) bool {
	if _, isParam := types.Unalias(t).(*types.TypeParam); isParam {
		return false
	}
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.NumMethods() > 0 && !interpreterDeclares(t)
}

// concreteCallResult reports whether e is a call (not a conversion) of
// one result of a type that is not an interface.
func concreteCallResult(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || info.Types[call.Fun].IsType() {
		return false
	}
	tv, ok := info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	if _, tuple := tv.Type.(*types.Tuple); tuple {
		return false
	}
	return !types.IsInterface(tv.Type)
}

// forwardResults rewrites the results of a call forwarded whole to the
// parameters of sig (f(g())) when one of a concrete type goes to a
// parameter of a compiled interface type (see ifaceCallArgs), and
// reports whether it did.
func (f *folder) forwardResults(sf *srcFile, sig *types.Signature, a ast.Expr, results *types.Tuple) bool {
	needed := false
	names, vars := make([]string, results.Len()), make([]string, results.Len())
	for i := range results.Len() {
		param := paramType(sig, i, false)
		if param == nil {
			return false
		}
		name, ok := f.typeName(sf, param)
		if !ok {
			return false
		}
		names[i], vars[i] = name, "_dsv"+strconv.Itoa(i)
		needed = needed || compiledIface(param) && !types.IsInterface(results.At(i).Type())
	}
	if !needed {
		return false
	}
	list := strings.Join(vars, ", ")
	sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "func() ("+strings.Join(names, ", ")+") { "+list+" := ", "; return "+list+" }()")
	return true
}

// copyKeptArgs is ifaceCallArgs for a call of a compiled function: an
// argument of a type of interpreted code handed to a parameter of a
// compiled interface type with methods (a ServeMux's Handle, an
// fs.FileInfoToDirEntry) reaches it in yaegi's wrapper, whose methods
// read their receiver from the caller's frame when compiled code calls
// them, not when the value was wrapped: a value made in a loop and kept
// by compiled code (mux.Handle("/"+n, hello{n}) for each n, log.New(&l,
// "", 0)) answered with the loop's last, and a variable changed after
// compiled code kept it answered with the change. The argument is
// handed over by a function literal returning its copy as the
// interface, called on the spot, whose own frame the wrapper reads:
//
//	mux.Handle(p, hello{n})  →  mux.Handle(p, func(v hello) http.Handler { return v }(hello{n}))
//
// Left alone: the functions of io, fmt and log that use their operands
// during the call only (see keepsNoOperand; the copy and fmt passes
// rewrite their calls by the operands' types) and variadic parameters
// (variadicIfaces copies them into the slice it makes).
func (f *folder) copyKeptArgs(sf *srcFile, info *types.Info, sig *types.Signature, call *ast.CallExpr) bool {
	fn := calledFunc(info, call)
	if fn == nil || fn.Pkg() == nil || keepsNoOperand(fn) {
		return false
	}
	changed := false
	for i, a := range call.Args {
		if sig.Variadic() && i >= sig.Params().Len()-1 {
			break // variadicIfaces copies them into the slice it makes
		}
		param := paramType(sig, i, false)
		if param == nil || !compiledIface(param) {
			continue
		}
		if f.copyKept(sf, info, a, param) {
			changed = true
		}
	}
	return changed
}

// copyKept hands a, when it is of a type of interpreted code with
// methods (or a pointer to one), to the interface type iface by a
// function literal returning its copy (see copyKeptArgs), and reports
// whether it did. Any expression is copied, not only variables: the
// wrapper reads a call's or a literal's result from the caller's frame
// too, where a loop's next iteration overwrites it.
func (f *folder) copyKept(sf *srcFile, info *types.Info, a ast.Expr, iface types.Type) bool {
	t := info.TypeOf(a)
	if t == nil || types.IsInterface(t) {
		return false
	}
	base := t
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		base = p.Elem()
	}
	if n, ok := f.interpretedNamed(base); !ok || types.NewMethodSet(types.NewPointer(n)).Len() == 0 {
		return false
	}
	// The file need not import the interface's package (log.New(w, ...)
	// names no io.Writer).
	qualify := f.importingQualifier(sf)
	arg, name := types.TypeString(t, qualify), types.TypeString(iface, qualify)
	sf.edits.wrapAround(f.offset(a.Pos()), f.offset(a.End()), "func(v "+arg+") "+name+" { return v }(", ")")
	return true
}

// operandKeepers are the functions and methods of packages io, fmt and
// log that keep an operand past the call (a MultiWriter its writers, a
// Logger its output); the others use their operands during the call only.
var operandKeepers = map[string]bool{
	"io.MultiWriter": true, "io.MultiReader": true, "io.TeeReader": true, "io.LimitReader": true,
	"io.NopCloser": true, "io.NewSectionReader": true, "io.NewOffsetWriter": true,
	"log.New": true, "log.SetOutput": true, "log.Logger.SetOutput": true,
}

// keepsNoOperand reports whether fn, of package io, fmt or log, uses
// its operands during the call only, as io.Copy and fmt.Fprint do (the
// copy and fmt passes rewrite their calls by the operands' types).
func keepsNoOperand(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	pkg := fn.Pkg().Path()
	switch pkg {
	case "io", "fmt", "log":
	case interpLogPath:
		pkg = "log"
	default:
		return false
	}
	name := pkg + "." + fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			typ := n.Obj().Name()
			if typ == "logLogger" {
				typ = "Logger" // the interpreter's *log.Logger
			}
			name = pkg + "." + typ + "." + fn.Name()
		}
	}
	return !operandKeepers[name]
}
