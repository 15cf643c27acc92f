package interp

import (
	"go/ast"
	"go/types"
)

// funcAppends is the pass for a declared function appended by its name to
// a slice of a function type (append(handlers, logRequest)): yaegi
// appends the function's own node, not a function value of the slice's
// element type, and the append panicked (reflect.Set: value of type
// *interp.node is not assignable to type func()) (yaegi #1592). A
// composite literal of the element type makes the function values yaegi
// appends, in the arguments' order:
//
//	append(hs, logRequest, auth)  →  append(hs, []Handler{logRequest, auth}...)
//
// Only appends with an argument naming a declared function (f, pkg.F,
// f[int]) are rewritten; a function literal, a variable or a method value
// is appended as it is.
//
// The same literal makes yaegi read every value before it appends the
// first, as Go does, where a value after the first reads memory (an
// element, a field, through a pointer): yaegi read it after writing the
// values before it, so that append(s[:1], x, s[1], s[2]), in the capacity
// of s, appended x x x for x b c (from $GOROOT/test/fixedbugs/bug428.go).
func funcAppends(f *folder) (bool, []diagnostic) {
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if call.Ellipsis.IsValid() || len(call.Args) < 2 {
			return false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok {
			return false
		}
		if b, ok := info.Uses[id].(*types.Builtin); !ok || b.Name() != "append" {
			return false
		}
		st := info.TypeOf(call.Args[0])
		if st == nil {
			return false
		}
		slice, ok := st.Underlying().(*types.Slice)
		if !ok {
			return false
		}
		args := call.Args[1:]
		spread := false
		if _, ok := slice.Elem().Underlying().(*types.Signature); ok {
			for _, a := range args {
				if declaredFunc(info, a) {
					spread = true
				}
			}
		}
		for _, a := range args[1:] {
			if readsMemory(info, a) {
				spread = true
			}
		}
		if !spread {
			return false
		}
		return f.spreadArgs(sf, args, slice.Elem())
	}), nil
}

// declaredFunc reports whether e names a function declaration (not a
// method): f, pkg.F, or an instance of a generic one, f[int].
func declaredFunc(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil {
			return false // a method value or expression
		}
		id = x.Sel
	default:
		return false
	}
	fn, ok := info.Uses[id].(*types.Func)
	return ok && fn.Signature().Recv() == nil
}

// readsMemory reports whether e reads an element, a field or through a
// pointer (outside a function literal), which a write before may change.
func readsMemory(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IndexExpr, *ast.StarExpr:
			found = true
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
				found = true
			}
		}
		return !found
	})
	return found
}
