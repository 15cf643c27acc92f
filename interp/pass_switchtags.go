package interp

import (
	"go/ast"
	"go/token"
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
// A labelled switch keeps its label, moved onto the switch inside the
// block (loop: switch ... → { ...; loop: switch _dstag9 {), where break
// loop still leaves the switch. A switch whose label a goto names is left
// alone: a goto may not jump into the block.
func switchTags(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		labels := make(map[*ast.SwitchStmt]*ast.LabeledStmt)
		gotoTargets := make(map[string]bool)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.LabeledStmt:
				if sw, ok := n.Stmt.(*ast.SwitchStmt); ok {
					labels[sw] = n
				}
			case *ast.BranchStmt:
				if n.Tok == token.GOTO && n.Label != nil {
					gotoTargets[n.Label.Name] = true
				}
			}
			return true
		})
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok || sw.Init == nil || sw.Tag == nil || !hasCall(sw.Tag) {
				return true
			}
			label := labels[sw]
			if label != nil && gotoTargets[label.Label.Name] {
				return true
			}
			tag := "_dstag" + strconv.Itoa(f.offset(sw.Pos()))
			open, relabel := edit{off: f.offset(sw.Pos()), end: f.offset(sw.Init.Pos()), text: "{ "}, ""
			if label != nil {
				// The label's text becomes the block's brace (keeping the
				// lines between label and switch), and labels the switch.
				sf.edits = append(sf.edits, edit{off: f.offset(label.Pos()), end: f.offset(label.Colon) + 1, text: "{"})
				open.text = ""
				relabel = label.Label.Name + ": "
			}
			sf.edits = append(sf.edits,
				open,
				edit{off: f.offset(sw.Init.End()), end: f.offset(sw.Tag.Pos()), text: "; " + tag + " := "},
				edit{off: f.offset(sw.Tag.End()), end: f.offset(sw.Body.Lbrace), text: "; " + relabel + "switch " + tag + " "},
			)
			sf.edits.insert(f.offset(sw.Body.Rbrace)+1, " }")
			changed = true
			return true
		})
	}
	return changed, nil
}
