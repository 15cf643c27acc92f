package interp

import (
	"go/ast"
	"go/types"
)

// parenNils is the pass for nil written in parentheses (v == (nil)):
// yaegi compared an interface holding nothing with it as unequal, where
// without the parentheses it answers as Go does. The parentheses go:
//
//	v == (nil)  →  v == nil
//
// (A nil the package declares itself was renamed before the passes, see
// renameShadowedPredeclared; the rest are the predeclared nil.)
func parenNils(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			p, ok := n.(*ast.ParenExpr)
			if !ok {
				return true
			}
			id, ok := ast.Unparen(p).(*ast.Ident)
			if !ok || id.Name != "nil" {
				return true
			}
			if info != nil {
				if _, isNil := info.Uses[id].(*types.Nil); !isNil {
					return false
				}
			}
			sf.edits = append(sf.edits, edit{off: f.offset(p.Pos()), end: f.offset(p.End()), text: "nil"})
			changed = true
			return false
		})
	}
	return changed, nil
}
