package interp

import (
	"fmt"
	"go/ast"
	"strconv"
)

// warnUnfixable is the pass that changes nothing: in the user's code it
// warns, once per place, of differences from a build that no rewrite
// removes — values handed to log/slog and the templates lose their
// methods, and a json.Encoder bypasses devserver's JSON fixes. (fmt's
// verbs are fixed by the fmtArgs pass.)
func warnUnfixable(f *folder) (bool, []diagnostic) {
	if !f.own {
		return false, nil
	}
	var diags []diagnostic
	for _, sf := range f.accepted() {
		for _, path := range []string{"log/slog", "text/template", "html/template"} {
			for _, imp := range sf.syntax.Imports {
				if imp.Path.Value == strconv.Quote(path) {
					diags = append(diags, diagnostic{pos: imp.Pos(), msg: fmt.Sprintf("values of types declared in route code that %s receives lose their methods in dev (String, Error, MarshalJSON: devserver's interpreter cannot attach them to what it hands compiled code); a build keeps them", path)})
				}
			}
		}
		diags = append(diags, unfixableUses(sf.syntax)...)
	}
	return false, diags
}

// unfixableUses finds every json.NewEncoder of a file.
func unfixableUses(file *ast.File) []diagnostic {
	var diags []diagnostic
	ast.Inspect(file, func(node ast.Node) bool {
		sel, ok := node.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "NewEncoder" {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && importedAs(file, "encoding/json", id.Name) {
			diags = append(diags, diagnostic{pos: sel.Pos(), msg: "values encoded with a json.Encoder in dev do not get devserver's fixes for interpreted types (unexported fields, embedded structs, MarshalJSON), unlike next.JSON and json.Marshal; a build encodes them as Go does"})
		}
		return true
	})
	return diags
}
