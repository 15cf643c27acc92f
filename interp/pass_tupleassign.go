package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// tupleAssigns is the pass for two ways yaegi's assignments part from
// the two phases of Go's (the operands of index expressions on the left
// and every value on the right evaluated first, the variables assigned
// left to right after):
//
// A map entry assigned after another variable of the same statement
// whose map or key reads that variable: yaegi reads the map and the key
// as it assigns the entry, after the variables before it, so
// `i, m[i] = 1, 2` set m[1] where Go sets m[0] ($GOROOT/test/fixedbugs/
// issue4620.go). The operands the earlier variables may change are read
// into variables first, on the statement's line:
//
//	i, m[i] = 1, 2  →  _dsta57 := i; /*line :9:2*/i, m[_dsta57] = 1, 2
//
// Go reads them after the calls of the statement: one with a call and
// an operand a call may change (a package variable, a variable a function
// literal uses, anything through a pointer) runs compiled, as does one
// that is not a statement of a list (an if's or a for's header).
//
// A pointer dereferenced into a blank variable: yaegi does not
// evaluate the value of a blank, so `_ = *p` and `ok, _ = true, *p` did
// not panic for a nil p (and the latter assigned ok), where Go panics
// (issue38496.go, issue23017.go). The blank gets a variable of its own:
//
//	_ = *p            →  _dsbk57 := *p
//	ok, _ = true, *p  →  var _dsbk61 T; /*line :9:2*/ok, _dsbk61 = true, *p
//	a, _ := 1, *p     →  a, _dsbk59 := 1, *p
//	var _ = *p        →  var _dsbk58 = *p
//
// and so does the second blank of `_, _ = m[k]`, whose lookup yaegi
// skipped (a key of an unhashable type did not panic, issue23734.go). A
// comparison assigned to a blank is parenthesised (see assign).
// A blank of a type the file cannot spell, or in a header where nothing
// goes before the statement, runs the route compiled.
func tupleAssigns(f *folder) (bool, []diagnostic) {
	changed := false
	var diags []diagnostic
	for _, sf := range f.accepted() {
		var found []ast.Node
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.AssignStmt:
				if !f.desugared[x] && (blankDerefs(x.Lhs, x.Rhs) || blankLookup(x) || laterIndexDest(x) || blankComparison(x) != nil) {
					found = append(found, x)
				}
			case *ast.DeclStmt:
				// A function's variables: a package's blanks are
				// blankVars'.
				if gd, ok := x.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
					for _, spec := range gd.Specs {
						if vs := spec.(*ast.ValueSpec); blankDerefs(identExprs(vs.Names), vs.Values) {
							found = append(found, vs)
						}
					}
				}
			}
			return true
		})
		if len(found) == 0 {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, diags
		}
		t := &tupler{f: f, sf: sf, info: info, listed: listedStatements(sf.syntax), funcs: funcBodies(sf.syntax)}
		for _, n := range found {
			switch x := n.(type) {
			case *ast.AssignStmt:
				t.assign(x)
			case *ast.ValueSpec:
				t.valueSpec(x)
			}
		}
		changed = changed || t.changed
		diags = append(diags, t.diags...)
	}
	return changed, diags
}

// tupler rewrites the statements of one file for tupleAssigns.
type tupler struct {
	f      *folder
	sf     *srcFile
	info   *types.Info
	listed map[ast.Stmt]bool
	funcs  []*ast.BlockStmt // the bodies of the file's function declarations

	changed bool
	diags   []diagnostic
}

// identExprs returns names as expressions.
func identExprs(names []*ast.Ident) []ast.Expr {
	out := make([]ast.Expr, len(names))
	for i, n := range names {
		out[i] = n
	}
	return out
}

// blankDerefs reports whether a blank of lhs is assigned a pointer's
// dereference of rhs (values one for one).
func blankDerefs(lhs, rhs []ast.Expr) bool {
	if len(lhs) != len(rhs) {
		return false
	}
	for i, l := range lhs {
		if _, isDeref := ast.Unparen(rhs[i]).(*ast.StarExpr); isDeref && isBlankIdent(l) {
			return true
		}
	}
	return false
}

// blankLookup reports whether as is _, _ = x[k] (a map lookup, when x is
// a map).
func blankLookup(as *ast.AssignStmt) bool {
	if as.Tok != token.ASSIGN || len(as.Lhs) != 2 || len(as.Rhs) != 1 || !isBlankIdent(as.Lhs[0]) || !isBlankIdent(as.Lhs[1]) {
		return false
	}
	_, isIndex := ast.Unparen(as.Rhs[0]).(*ast.IndexExpr)
	return isIndex
}

// blankComparison returns the comparison as assigns to a blank, alone and
// not parenthesised, or nil.
func blankComparison(as *ast.AssignStmt) *ast.BinaryExpr {
	if as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !isBlankIdent(as.Lhs[0]) {
		return nil
	}
	b, ok := as.Rhs[0].(*ast.BinaryExpr)
	if !ok {
		return nil
	}
	switch b.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return b
	}
	return nil
}

// laterIndexDest reports whether as assigns several values, one of them
// to an index expression after another variable: the syntax of a map
// entry assigned after a variable its operands may read.
func laterIndexDest(as *ast.AssignStmt) bool {
	if as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) {
		return false
	}
	for _, l := range as.Lhs[1:] {
		if _, isIndex := ast.Unparen(l).(*ast.IndexExpr); isIndex {
			return true
		}
	}
	return false
}

// funcBodies returns the bodies of the function declarations of file.
func funcBodies(file *ast.File) []*ast.BlockStmt {
	var out []*ast.BlockStmt
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			out = append(out, fd.Body)
		}
	}
	return out
}

// refuse runs the route compiled for what msg describes, at pos.
func (t *tupler) refuse(pos token.Pos, msg string) {
	t.diags = append(t.diags, t.f.refusal(pos, msg)...)
}

// assign rewrites as (see tupleAssigns).
func (t *tupler) assign(as *ast.AssignStmt) {
	if t.sf.replaced(t.f, as) {
		// Another pass replaced the statement's text (nothing does
		// today but for statements this pass leaves alone).
		t.refuse(as.Pos(), "an assignment of several values the rewrite cannot reorder")
		return
	}
	if laterIndexDest(as) {
		t.mapOperands(as)
	}
	if blankLookup(as) {
		t.lookup(as)
		return
	}
	if cmp := blankComparison(as); cmp != nil {
		// Computed on its own first, in parentheses: yaegi stored the
		// result of a comparison with a call of an array type (_ = f()
		// == f()) into the first variable of the function's frame
		// (reflect: call of reflect.Value.SetBool on int Value;
		// $GOROOT/test/fixedbugs/issue18661.go).
		t.sf.edits.insertFirst(t.f.offset(cmp.Pos()), "(")
		t.sf.edits.insertClosing(t.f.offset(cmp.Pos()), t.f.offset(cmp.End()), ")")
		t.changed = true
		return
	}
	if !blankDerefs(as.Lhs, as.Rhs) {
		return
	}
	single := len(as.Lhs) == 1 && as.Tok == token.ASSIGN
	for i, l := range as.Lhs {
		if _, isDeref := ast.Unparen(as.Rhs[i]).(*ast.StarExpr); !isDeref || !isBlankIdent(l) {
			continue
		}
		off := t.f.offset(l.Pos())
		name := "_dsbk" + strconv.Itoa(off)
		switch {
		case as.Tok == token.DEFINE:
			// A new variable among the others, as the blank was.
			t.sf.edits = append(t.sf.edits, edit{off: off, end: off + 1, text: name})
		case single:
			// _ = *p  →  _dsbk57 := *p, which needs no type (a header's
			// init statement takes it too, but not a for's post one).
			if !t.listed[as] && !t.initStmt(as) {
				t.refuse(as.Pos(), "a pointer dereferenced into a blank variable in a for statement's header (the interpreter does not evaluate it)")
				return
			}
			t.sf.edits = append(t.sf.edits, edit{off: off, end: t.f.offset(as.TokPos) + 1, text: name + " :=" + t.f.lineDirective(as.TokPos+1)})
		default:
			if !t.listed[as] {
				t.refuse(as.Pos(), "a pointer dereferenced into a blank variable with others in a header (the interpreter does not evaluate it)")
				return
			}
			typ, ok := "", false
			if tt := t.info.TypeOf(as.Rhs[i]); tt != nil {
				typ, ok = t.f.typeNameAt(t.sf, tt, as.Pos())
			}
			if !ok {
				t.refuse(as.Pos(), "a pointer dereferenced into a blank variable with others, of a type the file cannot spell (the interpreter does not evaluate it)")
				return
			}
			t.sf.edits.insert(t.f.offset(as.Pos()), "var "+name+" "+typ+"; "+t.f.lineDirective(as.Pos()))
			t.sf.edits = append(t.sf.edits, edit{off: off, end: off + 1, text: name})
		}
		t.changed = true
	}
}

// initStmt reports whether s is the init statement of an if or a switch
// statement of the file.
func (t *tupler) initStmt(s ast.Stmt) bool {
	found := false
	ast.Inspect(t.sf.syntax, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.IfStmt:
			found = found || x.Init == s
		case *ast.SwitchStmt:
			found = found || x.Init == s
		case *ast.TypeSwitchStmt:
			found = found || x.Init == s
		}
		return !found
	})
	return found
}

// valueSpec names the blanks of a function's variable declaration that
// are given a pointer's dereference (see tupleAssigns).
func (t *tupler) valueSpec(vs *ast.ValueSpec) {
	for i, n := range vs.Names {
		if _, isDeref := ast.Unparen(vs.Values[i]).(*ast.StarExpr); !isDeref || n.Name != "_" {
			continue
		}
		off := t.f.offset(n.Pos())
		t.sf.edits = append(t.sf.edits, edit{off: off, end: off + 1, text: "_dsbk" + strconv.Itoa(off)})
		t.changed = true
	}
}

// lookup rewrites _, _ = m[k], a map lookup yaegi skips (see
// tupleAssigns).
func (t *tupler) lookup(as *ast.AssignStmt) {
	ix := ast.Unparen(as.Rhs[0]).(*ast.IndexExpr)
	if tt := t.info.TypeOf(ix.X); tt == nil {
		return
	} else if _, isMap := tt.Underlying().(*types.Map); !isMap {
		return
	}
	if !t.listed[as] {
		t.refuse(as.Pos(), "a map lookup into two blank variables in a header (the interpreter does not evaluate it)")
		return
	}
	off := t.f.offset(as.Lhs[1].Pos())
	name := "_dsbk" + strconv.Itoa(off)
	t.sf.edits.insert(t.f.offset(as.Pos()), "var "+name+" bool; "+t.f.lineDirective(as.Pos()))
	t.sf.edits = append(t.sf.edits, edit{off: off, end: off + 1, text: name})
	t.changed = true
}

// mapOperands reads the map and key operands of the map entries among
// as's variables that the variables before them may change into
// variables before the statement (see tupleAssigns).
func (t *tupler) mapOperands(as *ast.AssignStmt) {
	var shared map[*types.Var]bool
	for _, body := range t.funcs {
		if as.Pos() >= body.Pos() && as.End() <= body.End() {
			shared = sharedVars(t.info, body)
		}
	}
	assigned := make(map[*types.Var]bool) // by the variables so far
	memWrite := false                     // a variable so far is not a local variable or a field of one
	var hoist []ast.Expr
	for _, l := range as.Lhs {
		l = ast.Unparen(l)
		if ix, ok := l.(*ast.IndexExpr); ok {
			if tt := t.info.TypeOf(ix.X); tt != nil {
				if _, isMap := tt.Underlying().(*types.Map); isMap {
					for _, e := range []ast.Expr{ix.X, ix.Index} {
						if t.affected(e, assigned, memWrite, shared) {
							hoist = append(hoist, e)
						}
					}
				}
			}
		}
		if isBlankIdent(l) {
			continue
		}
		if v := rootVar(t.info, l); v != nil && !shared[v] && !isPackageVar(v) {
			assigned[v] = true
		} else {
			memWrite = true
		}
	}
	if len(hoist) == 0 {
		return
	}
	if !t.listed[as] {
		t.refuse(as.Pos(), "a map entry assigned after a variable its map or key reads, in a header")
		return
	}
	for _, e := range hoist {
		// Go reads the operand after the statement's calls, which may
		// change it when anything may.
		if t.callsCode(as) && t.affected(e, nil, true, shared) {
			t.refuse(as.Pos(), "a map entry assigned after a variable its map or key reads, beside a call that may change it")
			return
		}
		if tv, ok := t.info.Types[e]; !ok || isUntyped(tv.Type) {
			t.refuse(as.Pos(), "a map entry assigned after a variable its map or key reads, with an untyped key")
			return
		}
		start, end := t.f.offset(e.Pos()), t.f.offset(e.End())
		for _, x := range t.sf.edits {
			if x.off < start && x.end > start || x.off < end && x.end > end {
				t.refuse(as.Pos(), "a map entry assigned after a variable its map or key reads, rewritten otherwise")
				return
			}
		}
	}
	at := t.f.offset(as.Pos())
	for _, e := range hoist {
		name := "_dsta" + strconv.Itoa(t.f.offset(e.Pos()))
		pos := e.Pos()
		text := t.sf.take(t.f, e)
		t.sf.edits.insert(at, name+" := "+t.f.lineDirective(pos)+text+"; ")
		t.sf.edits = append(t.sf.edits, edit{off: t.f.offset(e.Pos()), end: t.f.offset(e.End()), text: name + t.f.lineDirective(e.End())})
	}
	t.sf.edits.insert(at, t.f.lineDirective(as.Pos()))
	t.changed = true
}

// affected reports whether e, an operand of a map entry assigned, reads
// what an earlier variable of its statement may have changed: a variable
// of assigned, or, when memWrite, anything but a constant and local
// variables a call cannot change (the compiler's test, walk/assign.go's
// ascompatee).
func (t *tupler) affected(e ast.Expr, assigned map[*types.Var]bool, memWrite bool, shared map[*types.Var]bool) bool {
	if tv, ok := t.info.Types[e]; ok && tv.Value != nil {
		return false // a constant
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			found = memWrite
			return false
		case *ast.Ident:
			if v, ok := t.info.Uses[x].(*types.Var); ok && !v.IsField() {
				found = assigned[v] || memWrite && (shared[v] || isPackageVar(v))
			}
		case *ast.SelectorExpr:
			if s := t.info.Selections[x]; s == nil {
				if _, isVar := t.info.Uses[x.Sel].(*types.Var); isVar {
					found = memWrite // another package's variable
				}
				return false
			} else if s.Indirect() {
				found = memWrite
			}
		case *ast.StarExpr:
			found = memWrite
		case *ast.IndexExpr:
			if tt := t.info.TypeOf(x.X); tt != nil {
				if _, isArray := tt.Underlying().(*types.Array); !isArray {
					found = memWrite
				}
			}
		case *ast.CallExpr:
			// A call's result is had before anything is assigned, in
			// Go as in yaegi; a conversion's or a builtin's operands
			// are read as the operand is.
			if tv, ok := t.info.Types[x.Fun]; !ok || !tv.IsType() && !tv.IsBuiltin() {
				return false
			}
		}
		return true
	})
	return found
}

// callsCode reports whether as calls a function (not a conversion, not a
// builtin): Go evaluates the calls of a statement before the operands
// the pass moves before it.
func (t *tupler) callsCode(as *ast.AssignStmt) bool {
	found := false
	ast.Inspect(as, func(n ast.Node) bool {
		if found {
			return false
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if tv, ok := t.info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
				return true
			}
			found = true
		}
		return true
	})
	return found
}

// isPackageVar reports whether v is a package-level variable.
func isPackageVar(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// isUntyped reports whether t is an untyped basic type (an untyped
// constant's or a comparison's).
func isUntyped(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsUntyped != 0
}
