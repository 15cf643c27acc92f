package interp

import (
	"go/ast"
	"go/types"
)

// variadicIfaces is the pass for values of the package's types handed to
// the variadic interface parameter of a compiled function: yaegi gives a
// compiled function such a value through a wrapper of the interface
// (io.Writer) for an ordinary parameter, but not for a variadic one, so
// io.MultiWriter(&buf, cw) panicked (reflect: cannot use *struct as type
// io.Writer). The variadic arguments become a slice of the interface
// type, which yaegi fills with wrappers:
//
//	io.MultiWriter(&buf, cw)  →  io.MultiWriter([]io.Writer{&buf, cw}...)
//
// Only calls of compiled functions (the standard library, the next
// package) whose variadic parameter is a non-empty interface, and with an
// argument of a type the interpreter runs, are rewritten. Such an
// argument is copied into the slice (see copyKeptArgs) when the function
// may keep it (errors.Join, io.MultiWriter):
//
//	errors.Join(e)  →  errors.Join([]error{func(v codeErr) error { return v }(e)}...)
func variadicIfaces(f *folder) (bool, []diagnostic) {
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if call.Ellipsis.IsValid() {
			return false
		}
		sig, ok := compiledCallee(info, call)
		if !ok || !sig.Variadic() {
			return false
		}
		first := sig.Params().Len() - 1
		if len(call.Args) <= first {
			return false
		}
		elem := sig.Params().At(first).Type().(*types.Slice).Elem()
		iface, ok := elem.Underlying().(*types.Interface)
		if !ok || iface.Empty() {
			return false
		}
		args := call.Args[first:]
		if !f.anyInterpreted(info, args) {
			return false
		}
		name, ok := f.typeName(sf, elem)
		if !ok {
			return false
		}
		// The slice first: a copy made below at the same place nests in it.
		sf.edits.wrapAround(f.offset(args[0].Pos()), f.offset(args[len(args)-1].End()), "[]"+name+"{", "}...")
		if !keepsNoOperand(calledFunc(info, call)) {
			for _, a := range args {
				f.copyKept(sf, info, a, elem)
			}
		}
		return true
	}), nil
}

// variadicSlices is the pass for a slice handed as one of the values of a
// variadic parameter of an interface type (log("items", items) with
// items a []any, append(row, cells) with row and cells []any): yaegi spreads such a slice into the
// parameter's values, when it is assignable to the parameter's slice
// type, in calls of the route's own functions and of append (2:[1 2]
// where Go says 1:[[1 2]]). The variadic arguments become a slice of
// the element type, spread, which yaegi passes as it is:
//
//	describe(x, 3)  →  describe([]any{x, 3}...)
//
// Calls of compiled functions are left alone: yaegi hands them the
// values as written.
func variadicSlices(f *folder) (bool, []diagnostic) {
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if call.Ellipsis.IsValid() || info.Types[call.Fun].IsType() {
			return false
		}
		sig, ok := info.TypeOf(call.Fun).(*types.Signature)
		if !ok || !sig.Variadic() {
			return false
		}
		if _, compiled := compiledCallee(info, call); compiled {
			return false
		}
		first := sig.Params().Len() - 1
		if len(call.Args) <= first {
			return false
		}
		slice, ok := sig.Params().At(first).Type().Underlying().(*types.Slice)
		if !ok || !types.IsInterface(slice.Elem()) {
			return false
		}
		args := call.Args[first:]
		spread := false
		for _, a := range args {
			if t := info.TypeOf(a); t != nil && types.AssignableTo(t, slice) {
				spread = true
			}
		}
		if !spread {
			return false
		}
		return f.spreadArgs(sf, args, slice.Elem())
	}), nil
}

// spreadArgs rewrites args, the last arguments of a call, as a slice of
// elem spread (f(a, b) → f([]T{a, b}...)), when elem can be written
// there, and reports whether it did.
func (f *folder) spreadArgs(sf *srcFile, args []ast.Expr, elem types.Type) bool {
	name, ok := f.typeName(sf, elem)
	if !ok {
		return false
	}
	sf.edits.insert(f.offset(args[0].Pos()), "[]"+name+"{")
	sf.edits.insert(f.offset(args[len(args)-1].End()), "}...")
	return true
}

// calledFunc returns the function or method call calls by its name
// (f(…), pkg.F(…), x.M(…)), or nil (a function value, a conversion, a
// builtin).
func calledFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// compiledCallee returns the signature of the function or method call
// calls when it is compiled code: of the standard library or of the next
// package, which the interpreter runs from its symbol tables.
func compiledCallee(info *types.Info, call *ast.CallExpr) (*types.Signature, bool) {
	fn := calledFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return nil, false
	}
	path := fn.Pkg().Path()
	if fromSource(path) || genericStdlib(path) != nil {
		return nil, false
	}
	return fn.Signature(), true
}

// anyInterpreted reports whether an argument has a static type the
// interpreter runs from source (not an interface), or a pointer to one.
func (f *folder) anyInterpreted(info *types.Info, args []ast.Expr) bool {
	for _, a := range args {
		t := info.TypeOf(a)
		if t == nil {
			continue
		}
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := f.interpretedNamed(t); ok && !types.IsInterface(n) {
			return true
		}
	}
	return false
}
