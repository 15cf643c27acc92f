package interp

import (
	"go/ast"
	"go/types"
	"strings"
)

// funcIfaces is the pass for a function declared in Go source, named (f,
// pkg.F), stored in an interface: handed to an any parameter, returned as
// an any, put in a []any or a struct field of an interface type,
// converted (any(f)). yaegi stores the function's own node, not a
// function value, so a type switch or assertion to the function's type
// fails (case func(string) string: never matches, %T says *interp.node);
// and once one such use is compiled, every other use of the function as a
// value stores the node too, even var v any = f, which alone runs right.
// Converted to its own function type first, the function is stored as a
// function value:
//
//	register(handle)  →  register((func(http.ResponseWriter, *http.Request))(handle))
//
// (from $GOROOT/test/typeswitch.go). A function whose type cannot be
// spelled in the file is left alone.
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
		wrap := func(target types.Type, e ast.Expr) {
			if target == nil || !types.IsInterface(target) || !declaredFunc(info, e) {
				return
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
		forEachConversion(info, sf.syntax, func(target types.Type, e ast.Expr, _ *ast.CallExpr, _ int) {
			wrap(target, e)
		}, wrap)
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
				found = own[n.Name] && !skip[n]
			case *ast.SelectorExpr:
				_, pkg := n.X.(*ast.Ident)
				found = pkg && !skip[n] && ast.IsExported(n.Sel.Name)
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
