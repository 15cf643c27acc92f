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
//	var _ = register("a")  →  var _dsblank57 = register("a")
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
				if len(vs.Values) == 0 {
					continue // nothing runs
				}
				for _, n := range vs.Names {
					if n.Name != "_" {
						continue
					}
					off := f.offset(n.Pos())
					sf.edits = append(sf.edits, edit{off: off, end: off + 1, text: "_dsblank" + strconv.Itoa(off)})
					changed = true
				}
			}
		}
	}
	return changed, nil
}
