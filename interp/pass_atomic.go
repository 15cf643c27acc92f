package interp

import (
	"fmt"
	"go/ast"
	"go/types"
	"hash/fnv"
	"strings"
)

// atomicPointers is the pass for sync/atomic's generic type Pointer[T],
// which yaegi cannot use ("undefined selector sync/atomic.Pointer"): the
// symbol tables of compiled packages hold no generic types. Each
// atomic.Pointer[T] of the package becomes a concrete type declared after
// the last line of the file that first uses it, around a compiled
// desugar.AtomicPointer, with Pointer's methods:
//
//	var cfg atomic.Pointer[Config]  →  var cfg _dsgAtomicPointer_1a2b3c4d
//	type _dsgAtomicPointer_1a2b3c4d struct{ p _dsrt.AtomicPointer }
//	func (x *_dsgAtomicPointer_1a2b3c4d) Load() *Config { v, _ := x.p.Load().(*Config); return v }
//	...
//
// A Pointer of a type the file cannot name at package level (a type
// declared inside a function, a type parameter of generic code that is
// not written out) is left as written, and the interpreter refuses it.
// Instances in generic code are rewritten in its concrete copies (see
// monomorph.go), which this pass sees as the user's own code.
func atomicPointers(f *folder) (bool, []diagnostic) {
	var files []*srcFile
	for _, sf := range f.accepted() {
		if name, ok := sf.importName("sync/atomic"); ok && strings.Contains(string(sf.src), name+".Pointer[") {
			files = append(files, sf)
		}
	}
	if len(files) == 0 || f.typeInfo() == nil {
		return false, nil
	}
	info := f.typeInfo()
	declared := make(map[string]bool)
	changed := false
	for _, sf := range files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			ix, ok := n.(*ast.IndexExpr)
			if !ok || !isAtomicPointer(info, ix.X) {
				return true
			}
			t := info.TypeOf(ix.Index)
			if t == nil || !f.nameableAtPackageLevel(info, ix.Index) {
				return true
			}
			name := atomicPointerName(t)
			if !declared[name] {
				declared[name] = true
				elem := f.text(sf, ix.Index)
				fmt.Fprintf(&sf.decls, "type %[1]s struct{ p _dsrt.AtomicPointer }\n"+
					"func (x *%[1]s) Load() *%[2]s { v, _ := x.p.Load().(*%[2]s); return v }\n"+
					"func (x *%[1]s) Store(val *%[2]s) { x.p.Store(val) }\n"+
					"func (x *%[1]s) Swap(new *%[2]s) (old *%[2]s) { o, _ := x.p.Swap(new).(*%[2]s); return o }\n"+
					"func (x *%[1]s) CompareAndSwap(old, new *%[2]s) (swapped bool) { return x.p.CompareAndSwap(old, new) }\n",
					name, elem)
				sf.addImport("_dsrt", desugarPath)
			}
			sf.edits = append(sf.edits, edit{off: f.offset(ix.Pos()), end: f.offset(ix.End()), text: name})
			changed = true
			return false
		})
	}
	return changed, nil
}

// isAtomicPointer reports whether x names sync/atomic's Pointer.
func isAtomicPointer(info *types.Info, x ast.Expr) bool {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Pointer" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	pn, ok := info.Uses[id].(*types.PkgName)
	return ok && pn.Imported().Path() == "sync/atomic"
}

// nameableAtPackageLevel reports whether every name in the type
// expression e means at package level what it means where it is: a type
// of the package or of the universe, or a package.
func (f *folder) nameableAtPackageLevel(info *types.Info, e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		sel, isSel := n.(*ast.SelectorExpr)
		if isSel {
			if id, isID := sel.X.(*ast.Ident); isID {
				if _, isPkg := info.Uses[id].(*types.PkgName); isPkg {
					return false
				}
			}
			return true
		}
		id, isID := n.(*ast.Ident)
		if !isID || !ok {
			return ok
		}
		obj := info.Uses[id]
		if obj == nil || obj.Parent() != types.Universe && (obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope()) {
			ok = false
		}
		return ok
	})
	return ok
}

// atomicPointerName is the name of the concrete type of atomic.Pointer[t]
// in a package.
func atomicPointerName(t types.Type) string {
	h := fnv.New32a()
	h.Write([]byte(types.TypeString(t, nil)))
	return fmt.Sprintf("_dsgAtomicPointer_%08x", h.Sum32())
}
