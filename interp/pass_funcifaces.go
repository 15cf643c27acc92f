package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// funcIfaces is the pass for a function declared in Go source, named (f,
// pkg.F), used as a value other than by an argument of a function type:
// yaegi stores the function's own node, not a function value.
//
// Returned (func pick() func() { return handle }), assigned to a new
// variable (h := handle) or sent on a channel, the function made the
// handler panic: reflect.Set: value of type *interp.node is not
// assignable to type func() (from $GOROOT/test/fixedbugs/issue42703.go).
// Stored in an interface (handed to an any parameter, returned as an
// any, put in a []any or a field of an interface type, converted with
// any(f)), it made a type switch or assertion to the function's type fail
// (case func(string) string: never matched, %T said *interp.node), and
// once one such use was compiled every other use of the function as a
// value stored the node too, even var v any = f, which alone runs right
// (from $GOROOT/test/typeswitch.go).
//
// Converted to its own function type first, the function is stored as a
// function value:
//
//	return handle     →  return (func(http.ResponseWriter, *http.Request))(handle)
//	register(handle)  →  register((func(http.ResponseWriter, *http.Request))(handle))  (register(h any))
//
// An argument of a function type runs right and is left alone, but for
// one of a named function type of compiled code (the standard library's
// http.HandlerFunc): a function passed as it to a function of Go source
// (logged(handle), with func logged(next http.HandlerFunc)
// http.HandlerFunc, the usual middleware) made the call panic the same
// way. So is a function whose type cannot be spelled in the file; the
// arguments of append are funcAppends'.
func funcIfaces(f *folder) (bool, []diagnostic) {
	if !namesFuncValue(f) {
		return false, nil // spare the type check
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		wrap := func(e ast.Expr) {
			if !declaredFunc(info, e) || genericStdlibFunc(info, e) {
				return // genericValues makes the latter a function literal
			}
			t := info.TypeOf(e)
			if t == nil || hasTypeParamDeep(t, 0) {
				return
			}
			if sig, ok := t.(*types.Signature); ok {
				t = unnamedSignature(sig) // the names could shadow a package the types name
			}
			name, ok := f.typeNameAt(sf, t, e.Pos())
			if !ok || strings.Contains(name, "\n") {
				return
			}
			sf.edits.wrapAround(f.offset(e.Pos()), f.offset(e.End()), "("+name+")(", ")")
			changed = true
		}
		stored := func(target types.Type, e ast.Expr) {
			if target == nil {
				return
			}
			if _, isFunc := target.Underlying().(*types.Signature); isFunc || types.IsInterface(target) {
				wrap(e)
			}
		}
		// The arguments of append are funcAppends'.
		appended := make(map[ast.Expr]bool)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
					if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "append" {
						for _, a := range call.Args {
							appended[a] = true
						}
					}
				}
			}
			return true
		})
		forEachConversion(info, sf.syntax, func(target types.Type, e ast.Expr, call *ast.CallExpr, _ int) {
			if appended[e] {
				return
			}
			if call != nil && !types.IsInterface(target) && !compiledFuncType(target) {
				return // an argument of a function type runs right
			}
			stored(target, e)
		}, stored)
		// Arguments of a call spreading a slice into its variadic
		// parameter (filter(isEven, nums...)), which forEachConversion
		// does not list: there even one of a function type stores the
		// node (from inancgumus/learngo, advfuncs/04-closures).
		forSpreadArgs(info, sf.syntax, func(target types.Type, e ast.Expr, _ *ast.CallExpr) { stored(target, e) })
		// New variables: h := handle, var h = handle.
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					for _, r := range n.Rhs {
						wrap(r)
					}
				}
			case *ast.ValueSpec:
				if n.Type == nil && len(n.Names) == len(n.Values) {
					for _, v := range n.Values {
						wrap(v)
					}
				}
			}
			return true
		})
	}
	return changed, nil
}

// namesFuncValue reports whether a file of f names a function other than
// to call it: one of its own package, or possibly one of another (pkg.F),
// the syntax of what funcIfaces rewrites.
func namesFuncValue(f *folder) bool {
	own := make(map[string]bool)
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				own[fd.Name.Name] = true
			}
		}
	}
	found := false
	for _, sf := range f.accepted() {
		skip := make(map[ast.Node]bool) // called, or declared
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				skip[n.Name] = true
			case *ast.CallExpr:
				skip[ast.Unparen(n.Fun)] = true
			case *ast.Ident:
				// found is set, never reset: Inspect goes on to the
				// next node after one returning false.
				found = found || own[n.Name] && !skip[n]
			case *ast.SelectorExpr:
				_, pkg := n.X.(*ast.Ident)
				found = found || pkg && !skip[n] && ast.IsExported(n.Sel.Name)
				return false
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// unnamedSignature is sig without the names of its parameters and results.
func unnamedSignature(sig *types.Signature) *types.Signature {
	unnamed := func(t *types.Tuple) *types.Tuple {
		vars := make([]*types.Var, t.Len())
		for i := range vars {
			vars[i] = types.NewParam(t.At(i).Pos(), t.At(i).Pkg(), "", t.At(i).Type())
		}
		return types.NewTuple(vars...)
	}
	return types.NewSignatureType(nil, nil, nil, unnamed(sig.Params()), unnamed(sig.Results()), sig.Variadic())
}

// compiledFuncType reports whether t is a named function type of a package
// the interpreter has compiled symbols for (http.HandlerFunc), not one of
// Go source.
func compiledFuncType(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	if _, isFunc := named.Underlying().(*types.Signature); !isFunc {
		return false
	}
	syms, _ := binarySymbols(named.Obj().Pkg().Path())
	return syms != nil
}
