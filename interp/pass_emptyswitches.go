package interp

import "go/ast"

// emptySwitches is the pass for expression switch statements without a
// clause (switch f() {}, switch x := g(); {}): yaegi skipped the
// statement whole, so neither its init nor its tag was evaluated, where
// Go evaluates both (a call's effects, a panic). An empty default clause
// makes yaegi evaluate them, and changes nothing else:
//
//	switch f() {}  →  switch f() { default: }
//
// (The selects pass gives an empty select's switch one likewise: select {}
// did not block. An empty type switch, switch f().(type) {}, still skips
// f; with a default clause alone yaegi fails to load it.)
func emptySwitches(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			s, ok := n.(*ast.SwitchStmt)
			if !ok {
				return true
			}
			body := s.Body
			if len(body.List) > 0 || !f.insertFree(sf, body.Lbrace+1) {
				return true
			}
			sf.edits.insert(f.offset(body.Lbrace)+1, " default: ")
			changed = true
			return true
		})
	}
	return changed, nil
}
