package interp

import (
	"go/ast"
	"go/types"
	"strings"
)

// pointerReceivers is the pass for a pointer method of a type the
// interpreter runs from source, called (or taken as a method value) on an
// addressable value: stats.Hit() of a var stats Stats whose Hit has a
// *Stats receiver. Go passes &stats, and so does yaegi in the end, but its
// wrapper of the method first copies the whole value to look inside it:
// it reads every field, a mutex's state among them, while other
// goroutines lock the mutex and change the fields it guards (a data race
// the race detector reports). With the address taken in the source the
// wrapper copies a pointer. A method promoted from an embedded value gets
// the address of that value:
//
//	stats.Hit(path)    →  (&stats).Hit(path)
//	srv.Hit(path)      →  (&srv.Stats).Hit(path)   (Hit promoted from srv's embedded Stats)
//
// A go or defer statement's own call is left to the passes for those
// statements, which pass the address themselves; so is a receiver path
// through an unexported field of another package, which the file cannot
// spell.
func pointerReceivers(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		own := make(map[ast.Expr]bool) // the functions of go and defer statements
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.GoStmt:
				own[ast.Unparen(x.Call.Fun)] = true
			case *ast.DeferStmt:
				own[ast.Unparen(x.Call.Fun)] = true
			case *ast.SelectorExpr:
				if !own[x] && f.addressReceiver(sf, info, x) {
					changed = true
				}
			}
			return true
		})
	}
	return changed, nil
}

// addressReceiver rewrites the receiver of the method selection sel to
// its address, when Go takes that address implicitly for a method of a
// type from source; it reports whether it did.
func (f *folder) addressReceiver(sf *srcFile, info *types.Info, sel *ast.SelectorExpr) bool {
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	fn, ok := s.Obj().(*types.Func)
	// A method of a compiled package (described to the type checker from
	// the interpreter's symbols, without positions) is called without the
	// copy.
	if !ok || !fn.Pos().IsValid() {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	if _, ptrRecv := sig.Recv().Type().(*types.Pointer); !ptrRecv {
		return false
	}
	// Follow the embedded fields to the value the method is called on.
	t := s.Recv()
	var path []string
	for _, i := range s.Index()[:len(s.Index())-1] {
		if p, isPtr := t.Underlying().(*types.Pointer); isPtr {
			t = p.Elem()
		}
		st, isStruct := t.Underlying().(*types.Struct)
		if !isStruct {
			return false
		}
		field := st.Field(i)
		if !field.Exported() && field.Pkg().Path() != f.importPath {
			return false
		}
		path = append(path, field.Name())
		t = field.Type()
	}
	if _, isPtr := t.Underlying().(*types.Pointer); isPtr {
		return false // the method gets the pointer held there: nothing is copied
	}
	if !f.insertFree(sf, sel.X.Pos()) || !f.insertFree(sf, sel.X.End()) {
		return false
	}
	sf.edits.insert(f.offset(sel.X.Pos()), "(&")
	end := ")"
	if len(path) > 0 {
		end = "." + strings.Join(path, ".") + ")"
	}
	sf.edits.insertClosing(f.offset(sel.X.Pos()), f.offset(sel.X.End()), end)
	return true
}
