package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// nilDerefStores is the pass for a map entry assigned the value a pointer
// points to (m[k] = *p): yaegi dereferences a nil pointer into a zero
// reflect.Value without panicking, and a map store of a zero Value
// deletes the entry, so the statement stored nothing where Go panics with
// a nil pointer dereference. (Stored anywhere else, the zero Value makes
// reflect panic, which the dev server reports as Go's error.) The pointer,
// a variable or a field (read twice), is checked first, on the
// statement's line:
//
//	cache[id] = *u  →  if u == nil { _dsrt.NilDeref() }; cache[id] = *u
//
// A pointer that is not a variable or a field (*load(id)) is left as it
// is.
func nilDerefStores(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		// The statements of the syntax first: most packages have none,
		// and need no type check.
		var stmts []*ast.AssignStmt
		inspectStmtLists(sf.syntax, func(list []ast.Stmt) {
			for _, s := range list {
				if as, ok := s.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN && len(as.Lhs) == len(as.Rhs) && !f.desugared[as] && storesDeref(as) {
					stmts = append(stmts, as)
				}
			}
		})
		if len(stmts) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, nil
		}
		for _, as := range stmts {
			for i, l := range as.Lhs {
				p := storedDeref(info, l, as.Rhs[i])
				if p == nil {
					continue
				}
				sf.edits.insert(f.offset(as.Pos()), "if "+f.text(sf, p)+" == nil { _dsrt.NilDeref() }; ")
				sf.addImport("_dsrt", desugarPath)
				changed = true
			}
		}
	}
	return changed, nil
}

// storesDeref reports whether as assigns an index expression the value a
// variable or a field points to, the syntax of what nilDerefStores
// rewrites.
func storesDeref(as *ast.AssignStmt) bool {
	for i, l := range as.Lhs {
		_, index := ast.Unparen(l).(*ast.IndexExpr)
		star, deref := ast.Unparen(as.Rhs[i]).(*ast.StarExpr)
		if index && deref && pureOperand(star.X) {
			return true
		}
	}
	return false
}

// storedDeref returns the pointer p when lhs is a map entry and rhs is
// *p, with p a variable or a field; nil otherwise.
func storedDeref(info *types.Info, lhs, rhs ast.Expr) ast.Expr {
	ix, ok := ast.Unparen(lhs).(*ast.IndexExpr)
	if !ok {
		return nil
	}
	if t := info.TypeOf(ix.X); t == nil {
		return nil
	} else if _, isMap := t.Underlying().(*types.Map); !isMap {
		return nil
	}
	star, ok := ast.Unparen(rhs).(*ast.StarExpr)
	if !ok || !pureOperand(star.X) {
		return nil
	}
	if tv, ok := info.Types[star.X]; !ok || !tv.IsValue() {
		return nil
	}
	return star.X
}
