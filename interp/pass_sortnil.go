package interp

import (
	"go/ast"
	"go/types"
)

// sortNilSlices is the pass for a nil slice or map of a type of
// interpreted code handed to package sort as its sort.Interface
// (sort.Sort(byName(users)) with no users): yaegi converts a nil value of
// such a type to a nil interface, and sort's call of Len panicked with a
// nil pointer dereference where Go sorts nothing. The operand is made an
// empty value of its type when it is nil, which sorts alike:
//
//	sort.Sort(byName(users))  →  sort.Sort(func(_dsv byName) byName { if _dsv == nil { _dsv = byName{} }; return _dsv }(byName(users)))
//
// Only sort's functions are rewritten: they call nothing but Len, Less and
// Swap, which cannot tell an empty value from nil unless they compare it
// with nil.
func sortNilSlices(f *folder) (bool, []diagnostic) {
	if !importsPath(f, "sort") {
		return false, nil
	}
	changed := f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		fn := calledFunc(info, call)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sort" || len(call.Args) != 1 {
			return false
		}
		switch fn.Name() {
		case "Sort", "Stable", "IsSorted", "Reverse":
		default:
			return false
		}
		arg := call.Args[0]
		t := info.TypeOf(arg)
		named, ok := types.Unalias(t).(*types.Named)
		if !ok || named.Obj().Pkg() == nil || !f.fromSource(named.Obj().Pkg().Path()) {
			return false
		}
		switch named.Underlying().(type) {
		case *types.Slice, *types.Map:
		default:
			return false
		}
		name, ok := f.typeName(sf, t)
		if !ok {
			return false
		}
		sf.edits.wrapAround(f.offset(arg.Pos()), f.offset(arg.End()), "func(_dsv "+name+") "+name+" { if _dsv == nil { _dsv = "+name+"{} }; return _dsv }(", ")")
		return true
	})
	return changed, nil
}
