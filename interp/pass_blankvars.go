package interp

import (
	"go/ast"
	"go/token"
	"strconv"
)

// blankVars is the pass for package-level variables named _, whose
// initialisers Go runs in declaration order (var _ = register("a") before
// var _ = register("b")): yaegi ran them in another order, so a registry
// filled that way differed. Each such _ gets a name of its own, which
// yaegi initialises in order as the compiler does:
//
//	var _ = register("a")  →  var _dsblank1_57 = register("a")
func blankVars(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		for _, d := range sf.syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Values) == 0 || isTuple(vs) {
					continue // nothing runs; initOrder declares a tuple's names anew
				}
				for _, n := range vs.Names {
					if n.Name != "_" {
						continue
					}
					off := f.offset(n.Pos())
					sf.edits = append(sf.edits, edit{off: off, end: off + 1, text: f.blankName(sf, n)})
					changed = true
				}
			}
		}
	}
	return changed, nil
}

// blankName is the name blankVars gives the _ at id in sf: unique in the
// package (its file's place in the folder and its offset there: files
// starting alike have a _ at the same offset, and yaegi ran two variables
// of one name out of order).
func (f *folder) blankName(sf *srcFile, id *ast.Ident) string {
	file := 0
	for i, x := range f.files {
		if x == sf {
			file = i
		}
	}
	return "_dsblank" + strconv.Itoa(file) + "_" + strconv.Itoa(f.offset(id.Pos()))
}
