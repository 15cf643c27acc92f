package interp

import (
	"go/ast"
	"strconv"
	"strings"
)

// zeroResults is the pass for named results, which yaegi does not reset
// between two calls made from the same place: called in a loop, a
// function whose result it reads before setting it (out += s, n++,
// errs = append(errs, e)) saw what the previous call left there (x, xx,
// xxx). Each named result is set to its zero value on entry, on the line
// of the body's opening brace:
//
//	func parse(s string) (n int, errs []error) {
//
// becomes
//
//	func parse(s string) (n int, errs []error) { { var _dsz0 int; var _dsz1 []error; n = _dsz0; errs = _dsz1; };
//
// (variables, not new(T): a parameter may be named new; one assignment
// each: yaegi fails on a value of an empty interface type, an any result,
// assigned with others). A result type written over several lines is left alone (the line
// numbers would shift).
func zeroResults(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var ft *ast.FuncType
			var body *ast.BlockStmt
			switch x := n.(type) {
			case *ast.FuncDecl:
				ft, body = x.Type, x.Body
			case *ast.FuncLit:
				ft, body = x.Type, x.Body
			default:
				return true
			}
			if body == nil || ft.Results == nil {
				return true
			}
			var decls, sets []string
			for _, field := range ft.Results.List {
				t := string(sf.src[f.offset(field.Type.Pos()):f.offset(field.Type.End())])
				if strings.Contains(t, "\n") {
					return true
				}
				for _, id := range field.Names {
					if id.Name != "_" {
						z := "_dsz" + strconv.Itoa(len(sets))
						decls, sets = append(decls, "var "+z+" "+t+"; "), append(sets, id.Name+" = "+z+"; ")
					}
				}
			}
			if len(sets) > 0 {
				sf.edits.insert(f.offset(body.Lbrace)+1, " { "+strings.Join(decls, "")+strings.Join(sets, "")+"};")
				changed = true
			}
			return true
		})
	}
	return changed, nil
}
