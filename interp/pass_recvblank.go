package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// blankReceives is the pass for a receive with ok assigned (=, not :=)
// to a blank variable: yaegi stores the blank's value into the first
// slot of the function's frame, its first result or parameter, so
// _, ok = <-ch panicked (reflect.Set: value of type int is not assignable
// to type http.ResponseWriter) or, where the types agree, silently
// replaced that result or parameter (a function returning res = 5
// returned the value received). Each blank gets a variable of its own,
// declared before the statement, on its line:
//
//	_, ok = <-ch  →  var _dsrv12 int; _dsrv12, ok = <-ch; _ = _dsrv12
//	v, _ = <-ch   →  var _dsrok14 bool; v, _dsrok14 = <-ch; _ = _dsrok14
//
// A declaration yaegi runs right (:=, select cases), and a statement
// with a map entry among its variables is multiValues'. One in an if, for
// or switch header, or of an element type the file cannot spell, runs
// the route compiled.
func blankReceives(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		inList := map[ast.Stmt]bool{}
		var found []*ast.AssignStmt
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			for _, s := range stmtList(n) {
				inList[s] = true
			}
			if s, ok := n.(*ast.AssignStmt); ok && blankReceive(s) {
				found = append(found, s)
			}
			return true
		})
		for _, s := range found {
			if !inList[s] {
				diags = append(diags, f.refusal(s.Pos(), "a receive with ok assigned to a blank variable in an if, for or switch header (the interpreter stores the value into another variable of the function)")...)
				continue
			}
			c, d := f.nameBlankReceive(sf, s)
			changed = changed || c
			diags = append(diags, d...)
		}
	}
	return changed, diags
}

// blankReceive reports whether s is _, x = <-ch or x, _ = <-ch.
func blankReceive(s *ast.AssignStmt) bool {
	if s.Tok != token.ASSIGN || len(s.Lhs) != 2 || len(s.Rhs) != 1 {
		return false
	}
	if u, ok := ast.Unparen(s.Rhs[0]).(*ast.UnaryExpr); !ok || u.Op != token.ARROW {
		return false
	}
	return isBlankIdent(s.Lhs[0]) || isBlankIdent(s.Lhs[1])
}

func isBlankIdent(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "_"
}

// nameBlankReceive gives the blanks of s, a statement of a list, names
// of their own (see blankReceives).
func (f *folder) nameBlankReceive(sf *srcFile, s *ast.AssignStmt) (bool, []diagnostic) {
	if f.typeInfo() == nil || sf.replaced(f, s) || f.assignsResultsToMapEntry(s) {
		return false, nil // multiValues names the values of a map entry's statement
	}
	var decls, uses string
	var blanks []edit
	for i, e := range s.Lhs {
		if !isBlankIdent(e) {
			continue
		}
		if sf.replaced(f, e) {
			return false, nil
		}
		at := strconv.Itoa(f.offset(e.Pos()))
		name, typ := "_dsrok"+at, "bool"
		if i == 0 {
			ch, isChan := f.typeOf(ast.Unparen(s.Rhs[0]).(*ast.UnaryExpr).X).(*types.Chan)
			if !isChan {
				if t := f.typeOf(ast.Unparen(s.Rhs[0]).(*ast.UnaryExpr).X); t != nil {
					ch, isChan = t.Underlying().(*types.Chan)
				}
			}
			spelled, ok := "", isChan
			if ok {
				spelled, ok = f.typeName(sf, ch.Elem())
			}
			if !ok {
				return false, f.refusal(s.Pos(), "a receive with ok assigned to a blank variable, of an element type the file cannot spell (the interpreter stores the value into another variable of the function)")
			}
			name, typ = "_dsrv"+at, spelled
		}
		decls += "var " + name + " " + typ + "; "
		uses += "; _ = " + name
		off := f.offset(e.Pos())
		blanks = append(blanks, edit{off: off, end: off + 1, text: name})
	}
	sf.edits.insert(f.offset(s.Pos()), decls)
	sf.edits = append(sf.edits, blanks...)
	sf.edits.insert(f.offset(s.End()), uses)
	return true, nil
}
