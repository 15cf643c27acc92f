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

// nilDeferReceivers is the pass for a deferred call (or a go statement's)
// of a method of a nil receiver that Go evaluates at the statement: a
// method of a nil interface value (var x io.Closer; defer x.Close()), or
// one of a value receiver through a nil pointer (defer p.Val()). Go
// panics at the statement, with a nil pointer dereference; yaegi
// deferred the call and panicked as it ran it, after the rest of the
// function had run (from $GOROOT/test/fixedbugs/issue15975.go), and a go
// statement panicked in the new goroutine. The receiver, a variable or a
// field (read twice), is checked first, on the statement's line:
//
//	defer x.Close()  →  if x == nil { _dsrt.NilDeref() }; /*line :9:2*/defer x.Close()
//
// A deferred call of a method of a pointer receiver is left alone: Go
// calls it with the nil pointer.
func nilDeferReceivers(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		// The statements of the syntax first: most packages defer no
		// method of a receiver that may be checked, and need no type
		// check.
		var stmts []ast.Stmt
		inspectStmtLists(sf.syntax, func(list []ast.Stmt) {
			for _, s := range list {
				if deferredMethodOperand(s) != nil && !f.desugared[s] {
					stmts = append(stmts, s)
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
		for _, s := range stmts {
			sel := deferredMethodOperand(s)
			if !nilReceiverPanics(info, sel) {
				continue
			}
			at := f.offset(s.Pos())
			sf.edits.insert(at, "if "+f.text(sf, sel.X)+" == nil { _dsrt.NilDeref() }; "+f.lineDirective(s.Pos()))
			sf.addImport("_dsrt", desugarPath)
			changed = true
		}
	}
	return changed, nil
}

// deferredMethodOperand returns the selector x.M that s, a defer or go
// statement, calls, when x is a variable or a field; nil otherwise.
func deferredMethodOperand(s ast.Stmt) *ast.SelectorExpr {
	var call *ast.CallExpr
	switch x := s.(type) {
	case *ast.DeferStmt:
		call = x.Call
	case *ast.GoStmt:
		call = x.Call
	default:
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !pureOperand(sel.X) {
		return nil
	}
	return sel
}

// nilReceiverPanics reports whether Go evaluating the method value sel
// panics when its operand is nil: a method of an interface, or one of a
// value receiver reached through the operand, a pointer.
func nilReceiverPanics(info *types.Info, sel *ast.SelectorExpr) bool {
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false // a package's function, a field holding a function
	}
	t := info.TypeOf(sel.X)
	if t == nil {
		return false
	}
	if types.IsInterface(t) {
		return !hasTypeParam(t)
	}
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr || len(s.Index()) != 1 {
		return false // an embedded field's method: the nil may be deeper
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return false
	}
	_, ptrRecv := fn.Signature().Recv().Type().(*types.Pointer)
	return !ptrRecv
}
