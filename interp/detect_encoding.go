package interp

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

func init() {
	register("json decoding (json.Unmarshal, a json.Decoder) in a package with UnmarshalJSON or UnmarshalText methods, embedded structs or types of other modules", findJSONDecode)
	register("a json.Encoder in a package with MarshalJSON or MarshalText methods, embedded structs or types of other modules", findJSONEncoder)
}

// findJSONDecode finds json.Unmarshal and Decode calls where the
// interpreter decodes otherwise: its types' UnmarshalJSON and
// UnmarshalText are not called, embedded structs are not filled, and
// other modules' types lose their methods.
func findJSONDecode(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("UnmarshalJSON", "UnmarshalText") && !f.hasEmbedded() && !sf.importsModules(f.importPath) {
		return nil
	}
	var out []token.Pos
	for _, c := range sf.calls("encoding/json", "Unmarshal", "NewDecoder") {
		out = append(out, c.Pos())
	}
	return out
}

// findJSONEncoder finds json.NewEncoder where what it encodes may need
// devserver's JSON fixes, which a json.Encoder bypasses.
func findJSONEncoder(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("MarshalJSON", "MarshalText") && !f.hasEmbedded() && !sf.importsModules(f.importPath) {
		return nil
	}
	var out []token.Pos
	for _, c := range sf.calls("encoding/json", "NewEncoder") {
		out = append(out, c.Pos())
	}
	return out
}

// hasMethod reports whether the folder's code can hold a value with a
// method of one of names: declared by the folder or by a package it
// imports that the interpreter runs from source (see visibleMethods).
func (f *folder) hasMethod(names ...string) bool {
	ms := f.visibleMethods()
	for _, n := range names {
		if _, ok := ms[n]; ok {
			return true
		}
	}
	return false
}

// hasEmbedded reports whether a struct type of the folder embeds a field.
func (f *folder) hasEmbedded() bool {
	found := false
	for _, sf := range f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if st, ok := n.(*ast.StructType); ok {
				for _, fl := range st.Fields.List {
					found = found || len(fl.Names) == 0
				}
			}
			return !found
		})
	}
	return found
}

// importsModules reports whether sf imports a package of another module
// than the one of importPath (its first two path elements) and
// devserver's.
func (sf *srcFile) importsModules(importPath string) bool {
	own := firstElems(importPath, 2)
	for _, imp := range sf.syntax.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || !strings.Contains(firstElems(p, 1), ".") || strings.HasPrefix(p, "github.com/devserver/devserver/") || firstElems(p, 2) == own {
			continue
		}
		return true
	}
	return false
}

// firstElems returns the first n elements of the slash-separated path p.
func firstElems(p string, n int) string {
	parts := strings.SplitN(p, "/", n+1)
	if len(parts) > n {
		parts = parts[:n]
	}
	return strings.Join(parts, "/")
}
