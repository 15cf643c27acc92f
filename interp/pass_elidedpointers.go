package interp

import (
	"go/ast"
	"go/types"
)

// elidedPointers is the pass for composite literals of a named map, slice
// or array type of the standard library whose elements are pointers,
// written with the element's type elided (&T{...} as {...}), as Go allows:
//
//	fstest.MapFS{"a.txt": {Data: b}}  →  fstest.MapFS{"a.txt": &fstest.MapFile{Data: b}}
//
// yaegi's compiler panics on such an element ("CFG post-order panic: nil
// pointer dereference") when the container type is one of compiled code,
// and the route ran compiled. The same literal of an unnamed type
// ([]*http.Cookie{{Name: "a"}}) or of a type of the app's own code loads
// as written, and is left alone.
func elidedPointers(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			tv, ok := info.Types[cl]
			if !ok {
				return true
			}
			named, ok := types.Unalias(tv.Type).(*types.Named)
			if !ok || named.Obj().Pkg() == nil || !isStdlib(named.Obj().Pkg().Path()) {
				return true
			}
			var key, elem types.Type
			switch u := named.Underlying().(type) {
			case *types.Map:
				key, elem = u.Key(), u.Elem()
			case *types.Slice:
				elem = u.Elem()
			case *types.Array:
				elem = u.Elem()
			default:
				return true
			}
			fill := func(e ast.Expr, t types.Type) {
				lit, ok := e.(*ast.CompositeLit)
				if !ok || lit.Type != nil {
					return
				}
				p, ok := t.(*types.Pointer)
				if !ok {
					return
				}
				name, ok := f.typeName(sf, p.Elem())
				if !ok {
					return
				}
				sf.edits.insert(f.offset(lit.Lbrace), "&"+name)
				changed = true
			}
			for _, e := range cl.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if key != nil {
						fill(kv.Key, key)
					}
					fill(kv.Value, elem)
					continue
				}
				fill(e, elem)
			}
			return true
		})
	}
	return changed, nil
}
