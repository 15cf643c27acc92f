package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
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
		stmts := f.candidateStmts(sf, func(s ast.Stmt) bool {
			as, ok := s.(*ast.AssignStmt)
			return ok && as.Tok == token.ASSIGN && len(as.Lhs) == len(as.Rhs) && storesDeref(as)
		})
		if len(stmts) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, nil
		}
		for _, s := range stmts {
			as := s.(*ast.AssignStmt)
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
		stmts := f.candidateStmts(sf, func(s ast.Stmt) bool { return deferredMethodOperand(s) != nil })
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

// nilDeferFuncs is the pass for a deferred call of a function value held
// in a variable or a field that is nil (var f func(); defer f()): Go
// evaluates the nil function value and the arguments at the defer
// statement and panics with a nil pointer dereference only when the
// deferred call runs, as the function returns, so the statements after
// the defer run and a deferred recover before it catches the panic;
// yaegi panicked at the defer statement, beyond the reach of the
// function's deferred recovers (the handler answered 500 where the build
// recovered). The nil function is deferred as a call that panics as Go's
// does, on the statement's line:
//
//	defer f(a, 1)  →  if f == nil { defer _dsrt.NilFunc("/…/route.go", 9, a) } else { /*line :9:2*/defer f(a, 1) }
//	defer f()      →  if f == nil { defer _dsrt.NilFuncExit("/…/route.go", &_dsxl) } else { /*line :9:2*/defer f() }
//
// The arguments that are not constants are still evaluated at the
// statement (the panic comes after them, as in Go). NilFunc records the
// line a build names for the dev server's 500: the defer statement's for
// a call with arguments (Go calls it from a wrapper of the statement),
// else the line the function returns at (see markExitLines): the
// function's own Leave (see panicLines), deferred before, does not run
// once a deferred call panics in yaegi, which is also why a nil function
// deferred after other deferred calls runs compiled (findPanicInDefer).
func nilDeferFuncs(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		// The statements of the syntax first: most files defer no
		// call of a variable or a field.
		type function struct {
			typ    *ast.FuncType
			body   *ast.BlockStmt
			defers []*ast.DeferStmt
		}
		var funcs []function
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var fn function
			switch x := n.(type) {
			case *ast.FuncDecl:
				fn.typ, fn.body = x.Type, x.Body
			case *ast.FuncLit:
				fn.typ, fn.body = x.Type, x.Body
			default:
				return true
			}
			if fn.body == nil {
				return true
			}
			inspectOwn(fn.body, func(n ast.Node) {
				if d, ok := n.(*ast.DeferStmt); ok && !f.desugared[d] && pureOperand(ast.Unparen(d.Call.Fun)) {
					fn.defers = append(fn.defers, d)
				}
			})
			if len(fn.defers) > 0 {
				funcs = append(funcs, fn)
			}
			return true
		})
		if len(funcs) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, nil
		}
		for _, fn := range funcs {
			exitLines := false
			for _, d := range fn.defers {
				if !funcVariable(info, ast.Unparen(d.Call.Fun)) {
					continue
				}
				// The nil branch evaluates the operands that are not
				// constants, each handed to NilFunc's ...any (a slice
				// spread as one value).
				var nilArgs []string
				args := make([]string, len(d.Call.Args))
				for i, a := range d.Call.Args {
					args[i] = sf.take(f, a)
					if tv := info.Types[a]; tv.Value == nil && !tv.IsNil() {
						nilArgs = append(nilArgs, args[i])
					}
				}
				callee := sf.take(f, d.Call.Fun)
				ellipsis := ""
				if d.Call.Ellipsis.IsValid() {
					ellipsis = "..."
				}
				call := callee + "(" + strings.Join(args, ", ") + ellipsis + ")"
				file, line := f.origin(sf, d.Pos())
				var nilCall string
				switch {
				case !f.own:
					nilCall = "_dsrt.NilFunc(" + strings.Join(append([]string{strconv.Quote(file), "0"}, nilArgs...), ", ") + ")"
				case len(d.Call.Args) > 0:
					// Go calls it in a wrapper of the defer
					// statement's line, which evaluated the
					// arguments.
					nilCall = "_dsrt.NilFunc(" + strings.Join(append([]string{strconv.Quote(file), strconv.Itoa(line)}, nilArgs...), ", ") + ")"
				default:
					// Go calls it from the function's exit: the
					// line of the return statement, or of the
					// closing brace.
					nilCall = "_dsrt.NilFuncExit(" + strconv.Quote(file) + ", &_dsxl)"
					exitLines = true
				}
				text := "if " + callee + " == nil { defer " + nilCall + " } else { " + f.lineDirective(d.Pos()) + "defer " + call + " }" + newlines(sf, f, d)
				sf.edits = append(sf.edits, edit{off: f.offset(d.Pos()), end: f.offset(d.End()), text: text})
				f.desugared[d] = true
				sf.addImport("_dsrt", desugarPath)
				changed = true
			}
			if exitLines {
				f.markExitLines(sf, fn.typ, fn.body)
			}
		}
	}
	return changed, nil
}

// markExitLines declares, in body, the variable _dsxl that holds the line
// of the statement by which the function returns: each return statement
// sets it, and so does the closing brace of a function without results.
func (f *folder) markExitLines(sf *srcFile, typ *ast.FuncType, body *ast.BlockStmt) {
	sf.edits.insert(f.offset(body.Lbrace)+1, " var _dsxl int;"+f.lineDirective(body.Lbrace+1))
	inspectOwn(body, func(n ast.Node) {
		if r, ok := n.(*ast.ReturnStmt); ok {
			sf.edits.insertFirst(f.offset(r.Pos()), "_dsxl = "+strconv.Itoa(f.line(sf, r.Pos()))+"; "+f.lineDirective(r.Pos()))
		}
	})
	if typ.Results == nil || len(typ.Results.List) == 0 {
		sf.edits.insert(f.offset(body.Rbrace), "; _dsxl = "+strconv.Itoa(f.line(sf, body.Rbrace))+" "+f.lineDirective(body.Rbrace))
	}
}

// funcVariable reports whether fn, a variable or a field, holds a
// function value (which may be nil): not a declared function or method.
func funcVariable(info *types.Info, fn ast.Expr) bool {
	var obj types.Object
	switch x := fn.(type) {
	case *ast.Ident:
		obj = info.Uses[x]
	case *ast.SelectorExpr:
		if s := info.Selections[x]; s != nil {
			if s.Kind() != types.FieldVal {
				return false
			}
			obj = s.Obj()
		} else {
			obj = info.Uses[x.Sel] // a package's variable
		}
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return false
	}
	_, isFunc := v.Type().Underlying().(*types.Signature)
	return isFunc && !hasTypeParam(v.Type())
}
