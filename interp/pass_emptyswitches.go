package interp

import (
	"go/ast"
	"strings"
)

// emptySwitches is the pass for switch statements without a clause
// (switch f() {}, switch x := g(); {}, switch f().(type) {}): yaegi
// skipped the statement whole, so neither its init nor its tag (or its
// type switch's operand) was evaluated, where Go evaluates both (a
// call's effects, a panic). An empty default clause makes yaegi evaluate
// them, and changes nothing else:
//
//	switch f() {}  →  switch f() { default: }
//
// An empty type switch cannot take one (with a default clause alone
// yaegi fails to load it): it becomes an expression switch on whether
// its operand, an interface value, is nil, which evaluates the operand
// and nothing more; after an init statement, that switch goes in the
// default clause of a switch without a tag (yaegi evaluates no tag after
// an init statement, see switchTags):
//
//	switch f().(type) {}             →  switch f() != nil { default: }
//	switch x := g(); f(x).(type) {}  →  switch x := g(); { default: switch f(x) != nil { default: } }
//
// (The selects pass gives an empty select's switch one likewise: select {}
// did not block.) An empty type switch binding a variable does not
// compile (the variable is not used).
func emptySwitches(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var body *ast.BlockStmt
			switch s := n.(type) {
			case *ast.SwitchStmt:
				body = s.Body
			case *ast.TypeSwitchStmt:
				body = s.Body
				es, ok := s.Assign.(*ast.ExprStmt)
				if !ok || len(body.List) > 0 || !f.insertFree(sf, body.Lbrace+1) {
					return true
				}
				ta, ok := ast.Unparen(es.X).(*ast.TypeAssertExpr)
				if !ok || ta.Type != nil {
					return true
				}
				if s.Init != nil {
					// yaegi evaluates no tag after an init statement
					// (see switchTags): the switch on the operand goes
					// in the default clause of a switch without a tag.
					sf.edits = append(sf.edits, edit{off: f.offset(s.Init.End()), end: f.offset(s.Assign.Pos()), text: "; { default: switch " + f.lineDirective(s.Assign.Pos())})
					sf.edits.insert(f.offset(body.Rbrace)+1, " }")
				}
				// .(type), from the operand's end: what it spans of lines
				// stays.
				from, to := f.offset(ta.X.End()), f.offset(ta.Rparen)+1
				nl := strings.Repeat("\n", strings.Count(string(sf.src[from:to]), "\n"))
				sf.edits = append(sf.edits, edit{off: from, end: to, text: " != nil" + nl})
			default:
				return true
			}
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
