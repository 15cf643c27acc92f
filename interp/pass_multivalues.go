package interp

import (
	"go/ast"
	"go/token"
)

// multiValues is the pass for statements assigning several values in a
// function: in `lo, hi = 0, len(s)` or `q, r := 8, []int{9}` yaegi writes
// the value of a call or of a composite literal straight into its
// variable and loses the others (lo kept its old value, q was 0). A
// parenthesised call or literal is evaluated on its own first, which yaegi
// runs right:
//
//	lo, hi = 0, len(s)  →  lo, hi = 0, (len(s))
//
// The package-level declarations are the initOrder pass's.
func multiValues(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		visit := func(n ast.Node) bool {
			var values []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					values = n.Rhs
				}
			case *ast.ValueSpec:
				values = n.Values
			}
			if len(values) > 1 && f.parenthesise(sf, values) {
				changed = true
			}
			return true
		}
		for _, d := range sf.syntax.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body != nil {
					ast.Inspect(d.Body, visit)
				}
			case *ast.GenDecl:
				// The function literals of package-level initialisers.
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok {
						for _, v := range vs.Values {
							ast.Inspect(v, visit)
						}
					}
				}
			}
		}
	}
	return changed, nil
}

// parenthesise puts the calls and composite literals among values in
// parentheses, enclosing what other passes wrote at their ends, and
// reports whether there was one.
func (f *folder) parenthesise(sf *srcFile, values []ast.Expr) bool {
	var open edits
	for _, v := range values {
		switch v.(type) {
		case *ast.CallExpr, *ast.CompositeLit:
			open.insert(f.offset(v.Pos()), "(")
			sf.edits.insert(f.offset(v.End()), ")")
		}
	}
	if len(open) == 0 {
		return false
	}
	// First, so that an edit another pass made at the value's start (a
	// replacement of the whole call) comes after it, inside.
	sf.edits = append(open, sf.edits...)
	return true
}
