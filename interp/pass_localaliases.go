package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// localAliases is the pass for type aliases declared inside a function
// (type M = map[string]int), which yaegi does not declare ("undefined:
// M"): each use of the alias becomes the type it stands for, written as
// the declaration writes it, and the declaration is left empty.
//
//	type M = map[string]int; m := M{"a": 1}  →  ; m := map[string]int{"a": 1}
//
// The type is parenthesised where its text would bind otherwise (a
// conversion to a pointer, channel or function type). A generic alias, an
// alias whose type names another local alias and one whose type spans
// lines (which would move the lines after its uses) are left as written,
// and the interpreter refuses them.
func localAliases(f *folder) (bool, []diagnostic) {
	var files []*srcFile
	for _, sf := range f.accepted() {
		if hasLocalAlias(sf.syntax) {
			files = append(files, sf)
		}
	}
	if len(files) == 0 {
		return false, nil
	}
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range files {
		aliases := make(map[types.Object]*ast.TypeSpec)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			ds, ok := n.(*ast.DeclStmt)
			if !ok {
				return true
			}
			gd, ok := ds.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				return true
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				if obj := info.Defs[ts.Name]; ts.Assign.IsValid() && ts.TypeParams == nil && obj != nil && !mentionsLocalAlias(info, ts.Type) && !strings.Contains(f.text(sf, ts.Type), "\n") {
					aliases[obj] = ts
				}
			}
			if len(aliases) > 0 && allAliases(gd, info, aliases) {
				sf.edits = append(sf.edits, edit{off: f.offset(gd.Pos()), end: f.offset(gd.End()), text: ";" + newlines(sf, f, gd)})
			}
			return true
		})
		if len(aliases) == 0 {
			continue
		}
		parents := make(map[*ast.Ident]ast.Node)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
					parents[id] = call
				}
			}
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			ts := aliases[info.Uses[id]]
			if ts == nil {
				return true
			}
			text := f.text(sf, ts.Type)
			if _, conversion := parents[id]; conversion && (strings.HasPrefix(text, "*") || strings.HasPrefix(text, "<-") || strings.HasPrefix(text, "func") || strings.HasPrefix(text, "chan")) {
				text = "(" + text + ")"
			}
			sf.edits = append(sf.edits, edit{off: f.offset(id.Pos()), end: f.offset(id.End()), text: text})
			changed = true
			return true
		})
	}
	return changed, nil
}

// hasLocalAlias reports whether a function of file declares a type alias.
func hasLocalAlias(file *ast.File) bool {
	found := false
	ast.Inspect(file, func(n ast.Node) bool {
		if ds, ok := n.(*ast.DeclStmt); ok {
			if gd, ok := ds.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, s := range gd.Specs {
					if s.(*ast.TypeSpec).Assign.IsValid() {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// allAliases reports whether every spec of gd is one of aliases: only
// then is the declaration emptied.
func allAliases(gd *ast.GenDecl, info *types.Info, aliases map[types.Object]*ast.TypeSpec) bool {
	for _, s := range gd.Specs {
		if aliases[info.Defs[s.(*ast.TypeSpec).Name]] == nil {
			return false
		}
	}
	return true
}

// mentionsLocalAlias reports whether the type expression e names a type
// alias declared inside a function.
func mentionsLocalAlias(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if tn, ok := info.Uses[id].(*types.TypeName); ok && tn.IsAlias() && tn.Pkg() != nil && tn.Parent() != tn.Pkg().Scope() {
				found = true
			}
		}
		return !found
	})
	return found
}
