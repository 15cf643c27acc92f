package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// loopVars is the pass for Go 1.22's per-iteration loop variables: yaegi
// has one variable per loop, so closures made in the loop all see its last
// value (30 30 30 where Go says 0 10 20). A loop variable the body
// captures (in a function literal, a go or defer statement, by taking its
// address, or by calling a pointer method on it) is declared afresh at the
// start of the body, on the loop's line:
//
//	for _, v := range xs { v := v;
//	for i := 0; i < n; i++ { i := i;
//
// When the body of a three-clause loop also changes the variable, the
// change is copied back to the loop's variable before the post statement
// runs (at the end of the body and at each continue), as Go does.
func loopVars(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		labels := make(map[ast.Stmt]string)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch loop := n.(type) {
			case *ast.LabeledStmt:
				labels[loop.Stmt] = loop.Label.Name
			case *ast.RangeStmt:
				if loop.Tok != token.DEFINE || f.desugared[loop] {
					return true
				}
				var names []string
				for _, e := range []ast.Expr{loop.Key, loop.Value} {
					if id, ok := e.(*ast.Ident); ok && id.Name != "_" && f.captured(loop.Body, id.Name) && !f.redeclaredFirst(loop.Body, id.Name) {
						names = append(names, id.Name)
					}
				}
				if len(names) > 0 {
					list := strings.Join(names, ", ")
					sf.edits.insert(f.offset(loop.Body.Lbrace)+1, " "+list+" := "+list+";")
					changed = true
				}
			case *ast.ForStmt:
				if f.desugarForVars(sf, loop, labels[loop]) {
					changed = true
				}
			}
			return true
		})
	}
	return changed, nil
}

// desugarForVars gives the captured variables of a three-clause loop one
// instance per iteration.
func (f *folder) desugarForVars(sf *srcFile, loop *ast.ForStmt, label string) bool {
	init, ok := loop.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return false
	}
	var copies, backs []string
	for _, e := range init.Lhs {
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" || !f.captured(loop.Body, id.Name) || f.redeclaredFirst(loop.Body, id.Name) {
			continue
		}
		copies = append(copies, id.Name)
		if written(loop.Body, id.Name) {
			backs = append(backs, id.Name)
		}
	}
	if len(copies) == 0 {
		return false
	}
	id := strconv.Itoa(f.offset(loop.For))
	var head strings.Builder
	head.WriteString(" ")
	var back string
	if len(backs) > 0 {
		// Pointers to the loop's own variables, for the copy back.
		var ptrs, addrs, stores []string
		for i, n := range backs {
			p := "_dsp" + id + "_" + strconv.Itoa(i)
			ptrs, addrs, stores = append(ptrs, p), append(addrs, "&"+n), append(stores, "*"+p+" = "+n)
		}
		head.WriteString(strings.Join(ptrs, ", ") + " := " + strings.Join(addrs, ", ") + "; ")
		back = strings.Join(stores, "; ")
	}
	list := strings.Join(copies, ", ")
	head.WriteString(list + " := " + list + ";")
	sf.edits.insert(f.offset(loop.Body.Lbrace)+1, head.String())
	if back != "" {
		sf.edits.insert(f.offset(loop.Body.Rbrace), "; "+back+" ")
		for _, c := range continuesOf(loop, label) {
			sf.edits = append(sf.edits, edit{off: f.offset(c.Pos()), end: f.offset(c.End()), text: "{ " + back + "; " + f.text(sf, c) + " }"})
		}
	}
	return true
}

// redeclaredFirst reports whether a statement of body (not nested)
// declares name again before anything in body captures the loop's
// variable: the classic copy of the loop variable (for i, v := range xs {
// i, v := i, v), after which the body sees only its own variable, one per
// iteration. A copy of the pass's own would be a second declaration in
// the block ("no new variables on left side of :="), yaegi #1634.
func (f *folder) redeclaredFirst(body *ast.BlockStmt, name string) bool {
	for k, s := range body.List {
		var declared bool
		var values []ast.Expr
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, l := range s.Lhs {
					declared = declared || rootIdent(l) == name
				}
				values = s.Rhs
			}
		case *ast.DeclStmt:
			if gd, ok := s.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for _, n := range vs.Names {
						declared = declared || n.Name == name
					}
					values = append(values, vs.Values...)
				}
			}
		}
		if !declared {
			continue
		}
		before := &ast.BlockStmt{List: body.List[:k:k]}
		for _, v := range values {
			before.List = append(before.List, &ast.ExprStmt{X: v})
		}
		return !f.captured(before, name)
	}
	return false
}

// captured reports whether body may keep name's variable beyond the
// iteration: a function literal, go or defer statement mentioning it, its
// address taken (&v, v[:] of an array, a pointer method called on it or
// taken as a method value).
func (f *folder) captured(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			found = mentions(x, name)
			return false
		case *ast.UnaryExpr:
			found = x.Op == token.AND && rootIdent(x.X) == name
		case *ast.SliceExpr:
			found = rootIdent(x.X) == name && !f.isSliceOrString(x.X)
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && rootIdent(sel.X) == name {
				found = f.mayTakeAddress(sel)
			}
		case *ast.SelectorExpr:
			// A method value of a pointer method binds the address.
			if rootIdent(x.X) == name && f.typeInfo() != nil && f.isMethodValue(x) {
				found = f.mayTakeAddress(x)
			}
		}
		return true
	})
	return found
}

// mayTakeAddress reports whether the method call through sel may take the
// address of its receiver: a pointer method on an addressable value, or
// any call the types of which are not known.
func (f *folder) mayTakeAddress(sel *ast.SelectorExpr) bool {
	info := f.typeInfo()
	if info == nil {
		return true
	}
	s := info.Selections[sel]
	if s == nil {
		// A field of function type, a package-qualified name: no receiver.
		return info.Types[sel.X].Type == nil
	}
	if s.Kind() != types.MethodVal {
		return false
	}
	sig, _ := s.Obj().Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return true
	}
	_, ptrRecv := sig.Recv().Type().(*types.Pointer)
	_, ptrVal := s.Recv().Underlying().(*types.Pointer)
	return ptrRecv && !ptrVal
}

// isSliceOrString reports whether e is known to be a slice or a string,
// whose slicing takes no address of the variable.
func (f *folder) isSliceOrString(e ast.Expr) bool {
	t := f.typeOf(e)
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return true
	case *types.Basic:
		return u.Info()&types.IsString != 0
	}
	return false
}

// written reports whether body may change name's variable.
func written(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				for _, l := range x.Lhs {
					found = found || rootIdent(l) == name
				}
			}
		case *ast.IncDecStmt:
			found = found || rootIdent(x.X) == name
		case *ast.UnaryExpr:
			found = found || (x.Op == token.AND && rootIdent(x.X) == name)
		case *ast.RangeStmt:
			found = found || (x.Tok == token.ASSIGN && (rootIdent(x.Key) == name || rootIdent(x.Value) == name))
		}
		return !found
	})
	return found
}

// mentions reports whether name appears as an identifier in n.
func mentions(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// rootIdent returns the name of the variable e is part of (v in v, v.f,
// v[i], (v)), or "".
func rootIdent(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return ""
		}
	}
}

// continuesOf returns the continue statements that continue loop: the
// unlabelled ones not inside a nested loop or function literal, and those
// naming its label.
func continuesOf(loop *ast.ForStmt, label string) []*ast.BranchStmt {
	var out []*ast.BranchStmt
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch x := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if c != n {
					walk(c, true)
					return false
				}
			case *ast.BranchStmt:
				if x.Tok == token.CONTINUE && (x.Label == nil && !nested || x.Label != nil && x.Label.Name == label) {
					out = append(out, x)
				}
			}
			return true
		})
	}
	walk(loop.Body, false)
	return out
}
