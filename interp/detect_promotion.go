package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("a struct type whose embedded fields promote a method or field of one name at two depths (the interpreter takes the first it finds field by field, not the shallowest: B{A; embedded}.val() called A.embedded's)", findDeepPromotions)
}

// findDeepPromotions finds the struct types the file declares through
// whose embedded fields one name (a method or a field) is promoted from
// two depths:
//
//	type A struct{ embedded }
//	type B struct {
//		A        // A.embedded.val, depth 2
//		embedded // embedded.val, depth 1: Go's b.val()
//	}
//
// Go selects the shallowest; yaegi searched the embedded fields in order,
// each to the bottom, and b.val() called A.embedded's (from
// $GOROOT/test/fixedbugs/bug485.go). Only a struct where that search
// finds another depth than Go's is found: a name the struct declares
// itself is found first in both, and so is one an embedded type declares
// over a deeper one (Mid's own Kind over Mid.Base's).
func findDeepPromotions(f *folder, sf *srcFile) []token.Pos {
	if !embedsStructs(sf.syntax) {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	f.forEachStructType(sf, func(ts *ast.TypeSpec, _ *ast.StructType) {
		obj, ok := info.Defs[ts.Name].(*types.TypeName)
		if !ok {
			return
		}
		st, ok := obj.Type().Underlying().(*types.Struct)
		if !ok {
			return
		}
		depths := make(map[string]map[int]bool)
		promotedNames(f.pkg, st, 1, map[types.Type]bool{obj.Type(): true}, depths)
		for name, ds := range depths {
			if len(ds) < 2 {
				continue
			}
			sel, index, _ := types.LookupFieldOrMethod(types.NewPointer(obj.Type()), true, f.pkg, name)
			if sel == nil || len(index) < 2 {
				continue // ambiguous (unusable), or the struct's own
			}
			if firstFound(f.pkg, st, name, 1, map[types.Type]bool{obj.Type(): true}) != len(index)-1 {
				out = append(out, ts.Name.Pos())
				return
			}
		}
	})
	return out
}

// firstFound returns the depth at which yaegi finds name through the
// embedded fields of st, at depth: each embedded type's own methods and
// fields, then its embedded fields, in order, each to the bottom, before
// the next embedded field (0 when it finds none). A type of another
// package finds it as Go does.
func firstFound(pkg *types.Package, st *types.Struct, name string, depth int, seen map[types.Type]bool) int {
	if depth > maxPromotionDepth {
		return 0
	}
	for i := range st.NumFields() {
		field := st.Field(i)
		if !field.Embedded() {
			continue
		}
		t := embeddedType(field)
		if seen[t] {
			continue
		}
		named, _ := t.(*types.Named)
		if named != nil && named.Obj().Pkg() != pkg {
			if obj, index, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, pkg, name); obj != nil {
				return depth + len(index) - 1
			}
			continue
		}
		if named != nil {
			for j := range named.NumMethods() {
				if named.Method(j).Name() == name {
					return depth
				}
			}
		}
		switch u := t.Underlying().(type) {
		case *types.Interface:
			for j := range u.NumMethods() {
				if u.Method(j).Name() == name {
					return depth
				}
			}
		case *types.Struct:
			for j := range u.NumFields() {
				if u.Field(j).Name() == name {
					return depth
				}
			}
			seen[t] = true
			d := firstFound(pkg, u, name, depth+1, seen)
			delete(seen, t)
			if d > 0 {
				return d
			}
		}
	}
	return 0
}

// maxPromotionDepth bounds the search of promotedNames.
const maxPromotionDepth = 6

// promotedNames records, in depths, the depth of every field and method
// the embedded fields of st promote: those of an embedded type at depth,
// those of its own embedded fields deeper. A type of another package
// (compiled, whose method set Go made) counts with all its methods and
// fields at its own depth.
func promotedNames(pkg *types.Package, st *types.Struct, depth int, seen map[types.Type]bool, depths map[string]map[int]bool) {
	if depth > maxPromotionDepth {
		return
	}
	add := func(name string) {
		if depths[name] == nil {
			depths[name] = make(map[int]bool)
		}
		depths[name][depth] = true
	}
	for i := range st.NumFields() {
		field := st.Field(i)
		if !field.Embedded() {
			continue
		}
		t := embeddedType(field)
		if seen[t] {
			continue
		}
		named, _ := t.(*types.Named)
		if named != nil && named.Obj().Pkg() != pkg {
			ms := types.NewMethodSet(types.NewPointer(t))
			for j := range ms.Len() {
				add(ms.At(j).Obj().Name())
			}
			if u, ok := t.Underlying().(*types.Struct); ok {
				for j := range u.NumFields() {
					if u.Field(j).Exported() {
						add(u.Field(j).Name())
					}
				}
			}
			continue
		}
		if named != nil {
			for j := range named.NumMethods() {
				add(named.Method(j).Name())
			}
		}
		switch u := t.Underlying().(type) {
		case *types.Interface:
			for j := range u.NumMethods() {
				add(u.Method(j).Name())
			}
		case *types.Struct:
			for j := range u.NumFields() {
				add(u.Field(j).Name())
			}
			seen[t] = true
			promotedNames(pkg, u, depth+1, seen, depths)
			delete(seen, t)
		}
	}
}

// embedsStructs reports whether a struct type of file embeds a field, the
// syntax findDeepPromotions looks into.
func embedsStructs(file *ast.File) bool {
	found := false
	ast.Inspect(file, func(n ast.Node) bool {
		if st, ok := n.(*ast.StructType); ok {
			for _, field := range st.Fields.List {
				found = found || len(field.Names) == 0
			}
		}
		return !found
	})
	return found
}

// embeddedType returns the type an embedded field embeds, through a
// pointer, without aliases.
func embeddedType(field *types.Var) types.Type {
	t := field.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	return types.Unalias(t)
}
