package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// nilAssertions is the pass for a nil operand asserted to an interface
// type compiled code declares (error, http.Flusher, io.Reader): yaegi
// panics reading the type of the value the interface holds, with a nil
// dereference, where Go gives false to a second result, and otherwise
// panics with "interface conversion: interface is nil, not
// http.Flusher". The assertion itself stays as written, on the operand
// itself (yaegi loses the methods of a route value that goes through a
// function or a container first); the pass checks the operand, a
// variable or a field, before it:
//
//	f, ok := w.(http.Flusher)       →  var f http.Flusher; var ok bool; if w != nil { f, ok = w.(http.Flusher) } else { f = nil; ok = false }
//	if f, ok := w.(http.Flusher); ok {  →  { var f http.Flusher; var ok bool; if w != nil { … } else { … }; if ok { … } }
//	w.(http.Flusher).Flush()        →  if w == nil { panic(_dsrt.TypeAssertionFailed(nil, (*http.Flusher)(nil), "interface", "http.Flusher", nil, nil, nil)) }; w.(http.Flusher).Flush()
//
// An assertion without a second result is checked before its statement
// only where Go evaluates it before any call of the statement, and the
// statement unconditionally; other forms are left as written.
func nilAssertions(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		var stmts []ast.Stmt
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if list := stmtList(n); list != nil {
				stmts = append(stmts, list...)
			}
			return true
		})
		if len(stmts) == 0 {
			continue
		}
		for _, s := range stmts {
			if f.guardAssertions(sf, s) {
				changed = true
			}
		}
	}
	return changed, nil
}

// stmtList returns the statements of a block, a case or a select case.
func stmtList(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

// guardAssertions rewrites the statement s of a statement list when it
// asserts a variable that may be nil to a compiled interface type; it
// reports whether it did.
func (f *folder) guardAssertions(sf *srcFile, s ast.Stmt) bool {
	if f.desugared[s] {
		return false
	}
	if ifs, ok := s.(*ast.IfStmt); ok {
		// if v, ok := x.(I); cond { … } else if v, ok := y.(I); … { … }
		done := false
		for ifs != nil {
			if ta, lhs, define := commaOkAssign(ifs.Init); ta != nil && f.commaOkGuarded(ta, lhs) {
				f.guardIfInit(sf, ifs, ta, lhs, define)
				done = true
			}
			ifs, _ = ifs.Else.(*ast.IfStmt)
		}
		return done
	}
	if ta, lhs, define := commaOkAssign(s); ta != nil {
		if !f.commaOkGuarded(ta, lhs) {
			return false
		}
		sf.edits = append(sf.edits, edit{off: f.offset(s.Pos()), end: f.offset(s.End()), text: f.commaOkGuard(sf, ta, lhs, define)})
		sf.addImport("_dsrt", desugarPath)
		return true
	}
	if ta := f.firstAssertion(s); ta != nil {
		target := runtimeTypeString(f.typeInfo().TypeOf(ta.Type))
		sf.edits.insert(f.offset(s.Pos()), "if "+f.text(sf, ta.X)+" == nil { panic(_dsrt.TypeAssertionFailed(nil, (*"+f.text(sf, ta.Type)+")(nil), \"interface\", "+strconv.Quote(target)+", nil, nil, nil)) }; ")
		sf.addImport("_dsrt", desugarPath)
		return true
	}
	return false
}

// commaOkAssign returns the assertion of s when s is v, ok := x.(T),
// v, ok = x.(T) or var v, ok = x.(T), with its left-hand side (the names
// for a var declaration) and whether it declares.
func commaOkAssign(s ast.Stmt) (ta *ast.TypeAssertExpr, lhs []ast.Expr, define bool) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) == 2 && len(s.Rhs) == 1 && (s.Tok == token.DEFINE || s.Tok == token.ASSIGN) {
			ta, _ = ast.Unparen(s.Rhs[0]).(*ast.TypeAssertExpr)
			return ta, s.Lhs, s.Tok == token.DEFINE
		}
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return nil, nil, false
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if len(vs.Names) == 2 && len(vs.Values) == 1 && vs.Type == nil {
			ta, _ = ast.Unparen(vs.Values[0]).(*ast.TypeAssertExpr)
			return ta, []ast.Expr{vs.Names[0], vs.Names[1]}, true
		}
	}
	return nil, nil, false
}

// guarded reports whether ta asserts a variable or a field of an
// interface type to an interface type with methods that compiled code
// declares: the assertions yaegi panics on when the operand is nil.
func (f *folder) guarded(ta *ast.TypeAssertExpr) bool {
	info := f.typeInfo()
	if ta.Type == nil || info == nil || !pureOperand(ta.X) {
		return false
	}
	target := info.TypeOf(ta.Type)
	return target != nil && f.compiledInterface(target) && f.packageLevel(target)
}

// commaOkGuarded reports whether the comma-ok assertion ta, assigned to
// lhs, is guarded (see guarded) or asserts another operand (a call's
// result: if err, ok := recover().(error); ok) to such an interface type,
// assigned to names only: the guard reads that operand into a variable
// first, which changes no order of evaluation (an index or a call on the
// left would come before it).
func (f *folder) commaOkGuarded(ta *ast.TypeAssertExpr, lhs []ast.Expr) bool {
	if f.ifaceCalls[ta] {
		return false // a call now, of a function checking nil itself
	}
	if f.guarded(ta) {
		return true
	}
	info := f.typeInfo()
	if ta.Type == nil || info == nil {
		return false
	}
	for _, e := range lhs {
		if _, ok := e.(*ast.Ident); !ok {
			return false
		}
	}
	target := info.TypeOf(ta.Type)
	return target != nil && f.compiledInterface(target) && f.packageLevel(target)
}

// nilChecked reports whether ta, an assertion without a second result, is
// guarded or asserts a variable or a field to the empty interface, whose
// nil yaegi reports as "nil is not any".
func (f *folder) nilChecked(ta *ast.TypeAssertExpr) bool {
	if f.guarded(ta) {
		return true
	}
	if ta.Type == nil || !pureOperand(ta.X) {
		return false
	}
	target := f.typeInfo().TypeOf(ta.Type)
	if target == nil {
		return false
	}
	it, ok := target.Underlying().(*types.Interface)
	return ok && it.NumMethods() == 0 && it.IsMethodSet()
}

// commaOkGuard returns the statements replacing v, ok := x.(I) (or its
// other forms): the new variables declared, then the assertion made only
// of a non-nil x, and nil, false otherwise. An operand the assignment
// shadows (if err, ok := err.(net.Error)) or that is not a variable or a
// field (recover().(error)) is read into a variable first.
func (f *folder) commaOkGuard(sf *srcFile, ta *ast.TypeAssertExpr, lhs []ast.Expr, define bool) string {
	info := f.typeInfo()
	target := f.text(sf, ta.Type)
	x := f.text(sf, ta.X)
	if !pureOperand(ta.X) {
		// With what earlier passes made of it (recover() becomes
		// _dsrt.Recovered(recover())): the statement is replaced whole.
		x = sf.take(f, ta.X)
	}
	var b strings.Builder
	if !pureOperand(ta.X) || declares(info, lhs, define, rootIdent(ta.X)) {
		tmp := "_dsx" + strconv.Itoa(f.offset(ta.Pos()))
		b.WriteString(tmp + " := " + x + "; ")
		x = tmp
	}
	names := make([]string, len(lhs))
	for i, e := range lhs {
		names[i] = f.text(sf, e)
		if id, ok := e.(*ast.Ident); ok && define && id.Name != "_" && info.Defs[id] != nil {
			typ := target
			if i == 1 {
				typ = "bool"
			}
			b.WriteString("var " + id.Name + " " + typ + "; ")
		}
	}
	b.WriteString("if " + x + " != nil { " + strings.Join(names, ", ") + " = " + x + ".(" + target + ") }")
	// The zero values, to the names that are not blank (yaegi cannot
	// assign nil to _).
	var zeros []string
	for i, zero := range []string{"nil", "false"} {
		if names[i] != "_" {
			zeros = append(zeros, names[i]+" = "+zero)
		}
	}
	if len(zeros) > 0 {
		b.WriteString(" else { " + strings.Join(zeros, "; ") + " }")
	}
	return b.String()
}

// declares reports whether lhs, of a declaring assignment, declares name.
func declares(info *types.Info, lhs []ast.Expr, define bool, name string) bool {
	for _, e := range lhs {
		if id, ok := e.(*ast.Ident); ok && define && id.Name == name && info.Defs[id] != nil {
			return true
		}
	}
	return false
}

// guardIfInit rewrites if v, ok := x.(I); cond { … } into a block
// declaring v and ok, guarding the assertion, around if cond { … }.
func (f *folder) guardIfInit(sf *srcFile, ifs *ast.IfStmt, ta *ast.TypeAssertExpr, lhs []ast.Expr, define bool) {
	sf.edits.insert(f.offset(ifs.If), "{ "+f.commaOkGuard(sf, ta, lhs, define)+"; ")
	sf.edits = append(sf.edits, edit{off: f.offset(ifs.Init.Pos()), end: f.offset(ifs.Cond.Pos()), text: ""})
	sf.edits.insert(f.offset(ifs.End()), " }")
	sf.addImport("_dsrt", desugarPath)
}

// firstAssertion returns the assertion, without a second result, of a
// variable that may be nil to a compiled interface that s evaluates
// before anything else that may have an effect: s is an expression, an
// assignment, a variable declaration or a return statement, and no call, receive or other
// assertion comes before it in the statement, nor is it in a function
// literal or the right operand of && or ||.
func (f *folder) firstAssertion(s ast.Stmt) *ast.TypeAssertExpr {
	switch s := s.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.ReturnStmt:
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); !ok || gd.Tok != token.VAR {
			return nil
		}
	default:
		return nil
	}
	var found *ast.TypeAssertExpr
	blocked := false
	ast.Inspect(s, func(n ast.Node) bool {
		if found != nil || blocked || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BinaryExpr:
			if n.Op == token.LAND || n.Op == token.LOR {
				ast.Inspect(n.X, func(m ast.Node) bool {
					if ta, ok := m.(*ast.TypeAssertExpr); ok && found == nil && !blocked && f.nilChecked(ta) {
						found = ta
					}
					return found == nil
				})
				blocked = found == nil
				return false
			}
		case *ast.TypeAssertExpr:
			if f.nilChecked(n) {
				found = n
				return false
			}
			if n.Type == nil || !pureOperand(n.X) {
				blocked = true
				return false
			}
		case *ast.CallExpr:
			// The call itself comes after its arguments and function;
			// what comes before it lexically is in Fun and Args.
			return true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				blocked = true
				return false
			}
		case *ast.IndexExpr, *ast.SliceExpr, *ast.StarExpr:
			// may panic first
			blocked = true
			return false
		}
		return true
	})
	if found == nil {
		return nil
	}
	// A call whose arguments come before the assertion lexically runs
	// first when it is not around it.
	before := false
	ast.Inspect(s, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && call.End() <= found.Pos() {
			before = true
		}
		return !before
	})
	if before {
		return nil
	}
	return found
}
