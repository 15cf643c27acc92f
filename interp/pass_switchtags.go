package interp

import (
	"go/ast"
	"strconv"
)

// switchTags is the pass for a switch with an init statement whose tag
// calls a function (switch y := 5; double(y) {): yaegi matched no case.
// The switch goes in a block of its own, its init statement and its tag
// first, which yaegi runs as the compiler does:
//
//	switch y := 5; double(y) {  →  { y := 5; _dstag9 := double(y); switch _dstag9 {
//	...                            ...
//	}                              } }
//
// A labelled switch is left alone (its label would name the block).
func switchTags(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		labelled := make(map[*ast.SwitchStmt]bool)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if ls, ok := n.(*ast.LabeledStmt); ok {
				if sw, ok := ls.Stmt.(*ast.SwitchStmt); ok {
					labelled[sw] = true
				}
			}
			sw, ok := n.(*ast.SwitchStmt)
			if !ok || sw.Init == nil || sw.Tag == nil || labelled[sw] || !hasCall(sw.Tag) {
				return true
			}
			tag := "_dstag" + strconv.Itoa(f.offset(sw.Pos()))
			sf.edits = append(sf.edits,
				edit{off: f.offset(sw.Pos()), end: f.offset(sw.Init.Pos()), text: "{ "},
				edit{off: f.offset(sw.Init.End()), end: f.offset(sw.Tag.Pos()), text: "; " + tag + " := "},
				edit{off: f.offset(sw.Tag.End()), end: f.offset(sw.Body.Lbrace), text: "; switch " + tag + " "},
			)
			sf.edits.insert(f.offset(sw.Body.Rbrace)+1, " }")
			changed = true
			return true
		})
	}
	return changed, nil
}
