package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// warnUnfixable is the pass that changes nothing: in the user's code it
// warns, once per place, of differences from a build that no rewrite
// removes — values handed to log/slog and the templates lose their
// methods, %+v and %#v print yaegi's field and type names, and a
// json.Encoder bypasses devserver's JSON fixes.
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

// unfixableUses finds the first %+v or %#v format string of a file that
// imports fmt, and every json.NewEncoder.
func unfixableUses(file *ast.File) []diagnostic {
	var diags []diagnostic
	warnedVerb := false
	ast.Inspect(file, func(node ast.Node) bool {
		if lit, ok := node.(*ast.BasicLit); ok && lit.Kind == token.STRING && !warnedVerb &&
			(strings.Contains(lit.Value, "%+v") || strings.Contains(lit.Value, "%#v")) && importedAs(file, "fmt", "fmt") {
			warnedVerb = true
			diags = append(diags, diagnostic{pos: lit.Pos(), msg: "%+v and %#v print values of types declared in route code differently in dev (unexported fields appear as Xname, type names are the interpreter's); a build prints them as Go does"})
		}
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
