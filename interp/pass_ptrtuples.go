package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// pointerTupleAssigns is the pass for an assignment of several values
// whose destinations after the first include one reached through a
// pointer (y, q.a, x = 7, 4, 9): Go assigns left to right, so with q nil
// it assigns y, then panics with a nil pointer dereference; yaegi
// dereferenced q before it assigned anything, and a recover saw y
// unchanged. The values are read into variables of the destinations'
// types first, then assigned one by one, on the statement's line:
//
//	y, q.a = 7, 4  →  var _dspt57_0 int = 7; var _dspt57_1 int = 4; y = _dspt57_0; q.a = _dspt57_1
//
// Only a statement of a list whose destinations are variables or fields,
// none the operand of another's, and whose values call nothing, is
// rewritten (Go evaluates the operands of the destinations with the
// values, before it assigns).
func pointerTupleAssigns(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		stmts := f.candidateStmts(sf, func(s ast.Stmt) bool {
			as, ok := s.(*ast.AssignStmt)
			return ok && as.Tok == token.ASSIGN && len(as.Lhs) > 1 && len(as.Lhs) == len(as.Rhs) && pureDestinations(as.Lhs)
		})
		if len(stmts) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, nil
		}
	next:
		for _, s := range stmts {
			as := s.(*ast.AssignStmt)
			if !laterIndirect(info, as.Lhs) {
				continue
			}
			types_ := make([]string, len(as.Lhs))
			for i, l := range as.Lhs {
				if isBlankIdent(l) || !pureValue(info, as.Rhs[i]) {
					continue next
				}
				name, ok := f.typeName(sf, info.TypeOf(l))
				if !ok {
					continue next
				}
				types_[i] = name
			}
			id := strconv.Itoa(f.offset(as.Pos()))
			var decls, assigns []string
			for i := range as.Lhs {
				v := "_dspt" + id + "_" + strconv.Itoa(i)
				decls = append(decls, "var "+v+" "+types_[i]+" = "+sf.take(f, as.Rhs[i])+"; ")
				assigns = append(assigns, sf.take(f, as.Lhs[i])+" = "+v)
			}
			text := strings.Join(decls, "") + strings.Join(assigns, "; ") + newlines(sf, f, as)
			sf.edits = append(sf.edits, edit{off: f.offset(as.Pos()), end: f.offset(as.End()), text: text})
			f.desugared[as] = true
			changed = true
		}
	}
	return changed, nil
}

// pureDestinations reports whether every destination of lhs is a
// variable or a field (see pureOperand), and no variable among them is
// the operand of another destination (q, q.a = …).
func pureDestinations(lhs []ast.Expr) bool {
	roots := make(map[string]bool)
	for _, l := range lhs {
		if !pureOperand(l) {
			return false
		}
		if _, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
			roots[rootName(l)] = true
		}
	}
	for _, l := range lhs {
		if id, ok := ast.Unparen(l).(*ast.Ident); ok && roots[id.Name] {
			return false
		}
	}
	return true
}

// laterIndirect reports whether a destination of lhs after the first is
// a field reached through a pointer.
func laterIndirect(info *types.Info, lhs []ast.Expr) bool {
	for _, l := range lhs[1:] {
		if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() == types.FieldVal && s.Indirect() {
				return true
			}
		}
	}
	return false
}
