package interp

import (
	"go/ast"
	"go/token"
	"go/types"
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
// A nil among several values assigned fails in yaegi (reflect: New(nil));
// it gets the type of its variable, which yaegi assigns right, except the
// empty interface's, whose route runs compiled:
//
//	n, prev = next, nil  →  n, prev = next, (*Node)(nil)
//
// The package-level declarations are the initOrder pass's.
func multiValues(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		visit := func(n ast.Node) bool {
			var values []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					values = n.Rhs
				}
				if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) && len(n.Rhs) > 1 {
					c, d := f.typedNils(sf, n.Lhs, n.Rhs)
					changed = changed || c
					diags = append(diags, d...)
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
	return changed, diags
}

// typedNils gives each nil among values the type of its variable of vars
// (see multiValues), and reports whether it did.
func (f *folder) typedNils(sf *srcFile, vars, values []ast.Expr) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for i, v := range values {
		id, ok := ast.Unparen(v).(*ast.Ident)
		if !ok || id.Name != "nil" {
			continue
		}
		info := f.typeInfo() // type-checked only for a nil
		if info == nil {
			return changed, diags
		}
		if _, isNil := info.Uses[id].(*types.Nil); !isNil {
			continue // a variable named nil
		}
		t := f.typeOf(vars[i])
		if t == nil {
			continue
		}
		name, ok := f.typeName(sf, t)
		if iface, isIface := t.Underlying().(*types.Interface); ok && (!isIface || !iface.Empty()) {
			sf.edits.insert(f.offset(v.Pos()), "("+name+")(")
			sf.edits.insertClosing(f.offset(v.Pos()), f.offset(v.End()), ")")
			changed = true
			continue
		}
		if f.detect {
			diags = append(diags, diagnostic{pos: v.Pos(), msg: "nil assigned with other values to a variable of type " + types.TypeString(t, nil) + DiffersMarker, refuse: true})
		}
	}
	return changed, diags
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
			sf.edits.insertClosing(f.offset(v.Pos()), f.offset(v.End()), ")")
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
