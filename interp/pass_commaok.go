package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// commaOkZeroes is the pass for a comma-ok type assertion or map lookup
// whose first variable is not blank: when the assertion fails or the key
// is missing, yaegi leaves that variable as it was, where Go sets it to
// the zero value. In a loop the variable a := declares is the slot of
// the previous iteration, so name, _ := claims["name"].(string) kept the
// last token's name, and n, ok := counts[w] the last word's count. The
// variable is reset after the statement, on its line, when the second
// result is false (a blank second result gets a name of its own):
//
//	s, ok := v.(string)  →  s, ok := v.(string); if !ok { s = *new(string) }
//	n, _ := counts[w]    →  n, _dsok12 := counts[w]; if !_dsok12 { n = *new(int) }; _ = _dsok12
//
// In an if statement's header the reset is called at the start of the
// condition: if s, ok := v.(string); func() bool { if !ok { s = *new(string) }; return true }() && (ok) {.
// A type the file cannot spell (of a package it does not import) is
// the asserted type as written, or the map entry read again when the map
// and key are names or constants. One in a for or switch header, one
// whose first variable is not a name or a field of one, or whose type
// cannot be had either way runs the route compiled. Receives with ok yaegi runs right.
func commaOkZeroes(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		if !hasCommaOk(sf.syntax) {
			continue // spare the type check
		}
		if f.typeInfo() == nil {
			return changed, diags
		}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				for _, s := range stmtList(n) {
					if c, d := f.zeroAfter(sf, s); c || d != nil {
						changed = changed || c
						diags = append(diags, d...)
					}
				}
			case *ast.IfStmt:
				if c, d := f.zeroInCondition(sf, n); c || d != nil {
					changed = changed || c
					diags = append(diags, d...)
				}
			case *ast.ForStmt:
				diags = append(diags, f.commaOkRefusal(n.Init)...)
				diags = append(diags, f.commaOkRefusal(n.Post)...)
			case *ast.SwitchStmt:
				diags = append(diags, f.commaOkRefusal(n.Init)...)
			case *ast.TypeSwitchStmt:
				diags = append(diags, f.commaOkRefusal(n.Init)...)
			}
			return true
		})
	}
	return changed, diags
}

// hasCommaOk reports whether file has an assignment or declaration of
// two variables from one type assertion or index expression.
func hasCommaOk(file *ast.File) bool {
	found := false
	ast.Inspect(file, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, _, _, ok := commaOkParts(n); ok {
			found = true
		}
		return true
	})
	return found
}

// commaOkParts returns the variables, the operation and the token of s
// when it assigns or declares two variables from one type assertion or
// index expression (the syntax of a comma-ok; the type check tells a map
// lookup).
func commaOkParts(s ast.Node) (lhs []ast.Expr, rhs ast.Expr, define, ok bool) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) != 2 || len(s.Rhs) != 1 || s.Tok != token.DEFINE && s.Tok != token.ASSIGN {
			return nil, nil, false, false
		}
		lhs, rhs, define = s.Lhs, s.Rhs[0], s.Tok == token.DEFINE
	case *ast.DeclStmt:
		gd, isGen := s.Decl.(*ast.GenDecl)
		if !isGen || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return nil, nil, false, false
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if len(vs.Names) != 2 || len(vs.Values) != 1 {
			return nil, nil, false, false
		}
		lhs, rhs, define = []ast.Expr{vs.Names[0], vs.Names[1]}, vs.Values[0], true
	default:
		return nil, nil, false, false
	}
	switch x := ast.Unparen(rhs).(type) {
	case *ast.TypeAssertExpr:
		ok = x.Type != nil
	case *ast.IndexExpr:
		ok = true
	}
	if id, isName := lhs[0].(*ast.Ident); isName && id.Name == "_" {
		ok = false // nothing to reset
	}
	return lhs, rhs, define, ok
}

// commaOk returns the parts of s when it is a comma-ok assertion or map
// lookup whose first variable is not blank.
func (f *folder) commaOk(s ast.Stmt) (lhs []ast.Expr, define bool, ok bool) {
	lhs, rhs, define, ok := commaOkParts(s)
	if !ok {
		return nil, false, false
	}
	for _, l := range lhs {
		if ix, isIndex := ast.Unparen(l).(*ast.IndexExpr); isIndex {
			if t := f.typeOf(ix.X); t != nil {
				if _, isMap := t.Underlying().(*types.Map); isMap {
					// multiValues' mapEntryResults assigns it from
					// variables it declares, which yaegi zeroes.
					return nil, false, false
				}
			}
		}
	}
	if ix, isIndex := ast.Unparen(rhs).(*ast.IndexExpr); isIndex {
		t := f.typeOf(ix.X)
		if t == nil {
			return nil, false, false
		}
		if _, isMap := t.Underlying().(*types.Map); !isMap {
			return nil, false, false
		}
	}
	return lhs, define, true
}

// commaOkRefusal refuses s when it is a comma-ok the pass would rewrite,
// in a header where nothing fits after it.
func (f *folder) commaOkRefusal(s ast.Stmt) []diagnostic {
	if s == nil {
		return nil
	}
	if _, _, ok := f.commaOk(s); ok {
		return f.refusal(s.Pos(), "a comma-ok type assertion or map lookup in a for or switch header (the interpreter leaves the first variable as it was when the second is false)")
	}
	return nil
}

// replaced reports whether another pass replaced the text at s's start.
func (sf *srcFile) replaced(f *folder, s ast.Node) bool {
	start := f.offset(s.Pos())
	for _, e := range sf.edits {
		if e.off <= start && e.end > start {
			return true
		}
	}
	return false
}

// resetText returns the statement resetting the first variable of lhs
// when its second is false, the name of the second (its own when blank,
// then declared by the caller), and whether it could be written.
func (f *folder) resetText(sf *srcFile, s ast.Stmt, lhs []ast.Expr) (reset, okName string, fresh bool, diags []diagnostic) {
	first := ast.Unparen(lhs[0])
	switch x := first.(type) {
	case *ast.Ident:
	case *ast.SelectorExpr:
		if _, isName := ast.Unparen(x.X).(*ast.Ident); !isName {
			return "", "", false, f.refusal(s.Pos(), "a comma-ok type assertion or map lookup into a variable that is not a name or a field of one (the interpreter leaves it as it was when the second result is false)")
		}
	default:
		return "", "", false, f.refusal(s.Pos(), "a comma-ok type assertion or map lookup into a variable that is not a name or a field of one (the interpreter leaves it as it was when the second result is false)")
	}
	t := f.typeOf(lhs[0])
	name, ok := "", t != nil
	if ok {
		name, ok = f.typeName(sf, t)
	}
	zero := "*new(" + name + ")"
	if !ok {
		// A type of a package the file does not import: the zero value
		// is the asserted type's as written, or the missing entry read
		// again (a map and key that are names or constants).
		_, rhs, _, _ := commaOkParts(s)
		switch x := ast.Unparen(rhs).(type) {
		case *ast.TypeAssertExpr:
			if text := f.text(sf, x.Type); !strings.Contains(text, "\n") {
				zero, ok = "*new("+text+")", true
			}
		case *ast.IndexExpr:
			if simpleMapEntries([]ast.Expr{x}) {
				zero, ok = f.text(sf, x), true
			}
		}
	}
	if !ok {
		return "", "", false, f.refusal(s.Pos(), "a comma-ok type assertion or map lookup into a variable whose type the file cannot spell (the interpreter leaves it as it was when the second result is false)")
	}
	okName = f.text(sf, lhs[1])
	if id, isName := lhs[1].(*ast.Ident); isName && id.Name == "_" {
		okName, fresh = "_dsok"+strconv.Itoa(f.offset(s.Pos())), true
	}
	return "if !" + okName + " { " + f.text(sf, lhs[0]) + " = " + zero + " }", okName, fresh, nil
}

// zeroAfter rewrites s, a statement of a list, when it is a comma-ok
// (see commaOkZeroes).
func (f *folder) zeroAfter(sf *srcFile, s ast.Stmt) (bool, []diagnostic) {
	lhs, define, ok := f.commaOk(s)
	if !ok || sf.replaced(f, s) {
		return false, nil
	}
	reset, okName, fresh, diags := f.resetText(sf, s, lhs)
	if reset == "" {
		return false, diags
	}
	after := "; " + reset
	if fresh {
		blank := f.offset(lhs[1].Pos())
		sf.edits = append(sf.edits, edit{off: blank, end: blank + 1, text: okName})
		if !define {
			sf.edits.insert(f.offset(s.Pos()), "var "+okName+" bool; ")
		}
		after += "; _ = " + okName
	}
	sf.edits.insert(f.offset(s.End()), after)
	return true, nil
}

// zeroInCondition rewrites the header of ifs when its init statement is
// a comma-ok (see commaOkZeroes).
func (f *folder) zeroInCondition(sf *srcFile, ifs *ast.IfStmt) (bool, []diagnostic) {
	if ifs.Init == nil {
		return false, nil
	}
	lhs, define, ok := f.commaOk(ifs.Init)
	if !ok || sf.replaced(f, ifs.Init) || sf.replaced(f, ifs) {
		return false, nil
	}
	reset, okName, fresh, diags := f.resetText(sf, ifs.Init, lhs)
	if reset == "" {
		return false, diags
	}
	if fresh && !define {
		return false, f.refusal(ifs.Init.Pos(), "a comma-ok type assertion or map lookup assigned to a blank second variable in an if header (the interpreter leaves the first as it was when the second result is false)")
	}
	if fresh {
		blank := f.offset(lhs[1].Pos())
		sf.edits = append(sf.edits, edit{off: blank, end: blank + 1, text: okName})
	}
	sf.edits.wrapAround(f.offset(ifs.Cond.Pos()), f.offset(ifs.Cond.End()), "func() bool { "+reset+"; _ = "+okName+"; return true }() && (", ")")
	return true, nil
}
