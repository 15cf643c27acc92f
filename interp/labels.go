package interp

import (
	"go/ast"
	"sort"
)

// The interpreter keeps labels among a function's other names: a label
// named as a parameter, a variable, a function or a type the function can
// see is looked up as that name, and the file fails to load (label exp
// not defined) in
//
//	func eq(got, exp []P) bool {
//	exp:
//		for _, e := range exp {
//			...
//				continue exp
//
// which the compiler accepts: labels have a name space of their own.
// Before the passes parse the folder, every label named as another
// identifier of the package, at its statement and in the break, continue
// and goto statements naming it, is renamed (labelName). A label never
// reaches a program's output; a line directive after each renamed label
// keeps the columns of what follows it on its line.

// labelName is the name a label named as another identifier takes.
func labelName(name string) string { return "_dslbl_" + name }

// renameCollidingLabels returns f with its labels named as other
// identifiers of the package renamed; or f itself when it has none, or
// does not type-check (the interpreter then reports the error, in the
// user's names).
func renameCollidingLabels(f *folder) *folder {
	labels := make(map[*ast.Ident]bool)
	for _, sf := range f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.LabeledStmt:
				labels[x.Label] = true
			case *ast.BranchStmt:
				if x.Label != nil {
					labels[x.Label] = true
				}
			}
			return true
		})
	}
	if len(labels) == 0 {
		return f
	}
	names := make(map[string]bool)
	for id := range labels {
		names[id.Name] = true
	}
	colliding := make(map[string]bool)
	for _, sf := range f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && !labels[id] && names[id.Name] {
				colliding[id.Name] = true
			}
			return true
		})
	}
	if len(colliding) == 0 || f.typeInfo() == nil {
		return f
	}
	renamed := make(map[string]edits)
	ids := make([]*ast.Ident, 0, len(labels))
	for id := range labels {
		if colliding[id.Name] && id.Name != "_" {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].Pos() < ids[j].Pos() })
	for _, id := range ids {
		p := f.position(id.Pos())
		text := labelName(id.Name) + f.lineDirective(id.End())
		renamed[p.Filename] = append(renamed[p.Filename], edit{off: p.Offset, end: p.Offset + len(id.Name), text: text})
	}
	return f.edited(renamed)
}
