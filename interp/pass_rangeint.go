package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// rangeOverInt is the pass for Go 1.22's range over an integer, which yaegi
// predates ("nil type"). On the loop's own line,
//
//	for i := range n {
//
// becomes a counting loop over a hidden counter, n evaluated once, with the
// loop variable declared afresh in every iteration as Go 1.22 does:
//
//	for _dsi7, _dsn7 := 0, n; _dsi7 < _dsn7; _dsi7++ { i := _dsi7;
//
// (i = _dsi7 for a range that assigns an existing variable). A range whose
// operand's type the pass cannot tell is left alone.
func rangeOverInt(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if !ok || !mayRangeOverInt(rs.X) {
				return true
			}
			if f.desugarRangeInt(sf, rs) {
				changed = true
			}
			return true
		})
	}
	return changed, nil
}

// mayRangeOverInt reports whether x can be an integer at all, before asking
// the type checker: a composite literal, a slice expression or make cannot.
func mayRangeOverInt(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.CompositeLit, *ast.SliceExpr, *ast.FuncLit:
		return false
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && (id.Name == "make" || id.Name == "append") {
			return false
		}
	case *ast.BasicLit:
		return x.Kind == token.INT || x.Kind == token.CHAR
	}
	return true
}

// desugarRangeInt rewrites rs if it ranges over an integer.
func (f *folder) desugarRangeInt(sf *srcFile, rs *ast.RangeStmt) bool {
	t := f.typeOf(rs.X)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return false
	}
	if b.Info()&types.IsUntyped != 0 {
		// An untyped constant's iteration values take the type of the
		// variable they are assigned to, or the constant's default type
		// when the range declares it: rune for range 'a'.
		t = types.Default(t)
		if rs.Key != nil {
			if kt := f.typeOf(rs.Key); kt != nil {
				t = kt
			}
		}
	}
	zero := "0"
	if !types.Identical(t, types.Typ[types.Int]) {
		name, ok := f.typeName(sf, t)
		if !ok {
			return false
		}
		zero = name + "(0)"
	}
	id := strconv.Itoa(f.offset(rs.For))
	counter, limit := "_dsi"+id, "_dsn"+id
	start := rs.Range
	if rs.Key != nil {
		start = rs.Key.Pos()
	}
	sf.edits = append(sf.edits, edit{off: f.offset(start), end: f.offset(rs.X.Pos()), text: fmt.Sprintf("%s, %s := %s, ", counter, limit, zero)})
	sf.edits.insert(f.offset(rs.X.End()), fmt.Sprintf("; %s < %s; %s++", counter, limit, counter))
	if key, isIdent := rs.Key.(*ast.Ident); rs.Key != nil && (!isIdent || key.Name != "_") {
		// The key may be an expression (a field, an element) when assigned.
		bind := " := "
		if rs.Tok == token.ASSIGN {
			bind = " = "
		}
		sf.edits.insert(f.offset(rs.Body.Lbrace)+1, " "+f.text(sf, rs.Key)+bind+counter+";")
	}
	f.desugared[rs] = true
	return true
}

// typeName spells t as code of sf can, or reports that it cannot (a type
// of a package sf does not import).
func (f *folder) typeName(sf *srcFile, t types.Type) (string, bool) {
	ok := true
	s, spelled := f.spellType(t, func(p *types.Package) string {
		if p.Path() == f.importPath {
			return ""
		}
		for _, imp := range sf.syntax.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == p.Path() {
				if imp.Name != nil {
					if imp.Name.Name == "_" || imp.Name.Name == "." {
						break
					}
					return imp.Name.Name
				}
				return p.Name()
			}
		}
		ok = false
		return p.Name()
	})
	return s, ok && spelled
}
