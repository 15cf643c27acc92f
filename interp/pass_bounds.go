package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// boundsChecks is the pass for the run-time errors of index and slice
// expressions: yaegi's reflect calls panic with "reflect: slice index out
// of range", where Go says "index out of range [5] with length 3". The
// index, or the low bound of a slice expression, goes through a compiled
// check that panics with Go's error (internal/desugar's Index and Slice):
//
//	parts[i]  →  parts[_dsrt.Index(int(i), len(parts))]
//	s[i:j]    →  s[_dsrt.Slice(int(i), int(j), len(s), false):j]
//
// An operand that is a variable or a field, or an index or slice
// expression of one (grid[i][j], s[1:3][:n]; see rereadable), is read
// twice; any other (a call's result, a composite literal) is checked by a
// function literal it goes through (see checkOnce), when the index or
// bounds are free of calls but len and cap, as those of slice expressions
// must be (they are read twice too); three-index slices of such operands, maps, type parameters (but those of slices, S ~[]E),
// constant indexes of arrays (checked by the compiler) and the index of a
// range loop over the same operand (or of a loop counting up to its
// length), a local variable only the loop's body may change (see
// stableOperand), are left as written. The checks of a statement that indexes
// unconditionally and cannot panic otherwise go before it instead, where
// they cost no call unless they fail (see pass_boundshoist.go).
func boundsChecks(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		skip := builtinCallRanges(info, sf.syntax)
		safe := map[*ast.IndexExpr]bool{}
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.RangeStmt:
				if stableOperand(info, sf.syntax, n.X) {
					f.markRangeIndexes(n, safe)
				}
			case *ast.ForStmt:
				if cond, ok := n.Cond.(*ast.BinaryExpr); ok {
					if l, ok := cond.Y.(*ast.CallExpr); ok && len(l.Args) == 1 && stableOperand(info, sf.syntax, l.Args[0]) {
						markCountedIndexes(n, safe)
					}
				}
			}
			return true
		})
		// Checks that can go before their statements (see
		// pass_boundshoist.go) are made there.
		hoisted := f.hoistedChecks(sf, info, sf.syntax, safe, skip, &changed)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.IndexExpr:
				if !safe[n] && !hoisted[n] && !skip.contains(n) && f.checkIndex(sf, info, n) {
					changed = true
				}
			case *ast.SliceExpr:
				if !skip.contains(n) && f.checkSlice(sf, info, n) {
					changed = true
				}
			}
			return true
		})
	}
	return changed, nil
}

// ranges are spans of a file that earlier passes replaced as a whole.
type ranges [][2]token.Pos

func (r ranges) contains(n ast.Node) bool {
	for _, s := range r {
		if n.Pos() >= s[0] && n.End() <= s[1] {
			return true
		}
	}
	return false
}

// builtinCallRanges returns the calls of the builtins min and max of
// constants, which the newBuiltins pass replaced with their value. (It
// replaces the name of any other, leaving its arguments, whose indexes are
// checked as any others.)
func builtinCallRanges(info *types.Info, file *ast.File) ranges {
	var out ranges
	ast.Inspect(file, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				if _, ok := info.Uses[id].(*types.Builtin); ok && (id.Name == "min" || id.Name == "max") && info.Types[call].Value != nil {
					out = append(out, [2]token.Pos{call.Pos(), call.End()})
				}
			}
		}
		return true
	})
	return out
}

// stableOperand reports whether x, the operand of a loop whose indexes
// markRangeIndexes or markCountedIndexes prove in range, changes only
// where the loop's body writes it, which they look at: a local variable
// (or a field of one, not through a pointer) whose address is not taken,
// that no function literal of file assigns (a closure called in the body
// would shrink it unseen) and no method of a pointer receiver is called
// on. A package's variable may change in any call.
func stableOperand(info *types.Info, file *ast.File, x ast.Expr) bool {
	var root *ast.Ident
	for e := x; root == nil; {
		switch y := e.(type) {
		case *ast.ParenExpr:
			e = y.X
		case *ast.Ident:
			root = y
		case *ast.SelectorExpr:
			sel := info.Selections[y]
			if sel == nil || sel.Kind() != types.FieldVal || sel.Indirect() {
				return false
			}
			e = y.X
		default:
			return false
		}
	}
	v, ok := info.Uses[root].(*types.Var)
	if !ok || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return false
	}
	refers := func(e ast.Expr) bool {
		for {
			switch y := e.(type) {
			case *ast.ParenExpr:
				e = y.X
			case *ast.SelectorExpr:
				e = y.X
			case *ast.IndexExpr:
				e = y.X
			case *ast.SliceExpr:
				e = y.X
			case *ast.StarExpr:
				e = y.X
			case *ast.Ident:
				return info.Uses[y] == v
			default:
				return false
			}
		}
	}
	stable := true
	var inLit int
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if !stable {
			return false
		}
		switch y := n.(type) {
		case *ast.FuncLit:
			inLit++
			ast.Inspect(y.Body, visit)
			inLit--
			return false
		case *ast.UnaryExpr:
			stable = !(y.Op == token.AND && refers(y.X))
		case *ast.SelectorExpr:
			if sel := info.Selections[y]; sel != nil && sel.Kind() != types.FieldVal && refers(y.X) {
				if _, ptr := sel.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptr {
					stable = false
				}
			}
		case *ast.AssignStmt:
			if inLit > 0 && y.Tok != token.DEFINE {
				for _, l := range y.Lhs {
					stable = stable && !refers(l)
				}
			}
		case *ast.IncDecStmt:
			stable = !(inLit > 0 && refers(y.X))
		case *ast.RangeStmt:
			if inLit > 0 && y.Tok == token.ASSIGN {
				for _, l := range []ast.Expr{y.Key, y.Value} {
					stable = stable && (l == nil || !refers(l))
				}
			}
		}
		return stable
	}
	ast.Inspect(file, visit)
	return stable
}

// reassigned is written for the operand of a loop: an assignment to an
// element of it (xs[i] = v, t.xs[i].n++) leaves its length as it is.
func reassigned(body *ast.BlockStmt, name string) bool {
	element := func(e ast.Expr) bool {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				return true
			default:
				return false
			}
		}
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				for _, l := range x.Lhs {
					found = found || rootIdent(l) == name && !element(l)
				}
			}
		case *ast.IncDecStmt:
			found = found || rootIdent(x.X) == name && !element(x.X)
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && rootIdent(x.X) == name
		case *ast.RangeStmt:
			found = found || x.Tok == token.ASSIGN && (rootIdent(x.Key) == name || rootIdent(x.Value) == name)
		}
		return !found
	})
	return found
}

// markRangeIndexes records the expressions x[k] in the body of a range
// loop over x with key k that neither x nor k changes in: always in range.
func (f *folder) markRangeIndexes(rs *ast.RangeStmt, safe map[*ast.IndexExpr]bool) {
	key, ok := rs.Key.(*ast.Ident)
	if !ok || rs.Tok != token.DEFINE || !pureOperand(rs.X) || written(rs.Body, key.Name) || reassigned(rs.Body, rootIdent(rs.X)) {
		return
	}
	over := types.ExprString(rs.X)
	ast.Inspect(rs.Body, func(n ast.Node) bool {
		if ix, ok := n.(*ast.IndexExpr); ok {
			if id, ok := ix.Index.(*ast.Ident); ok && id.Name == key.Name && types.ExprString(ix.X) == over {
				safe[ix] = true
			}
		}
		return true
	})
}

// markCountedIndexes records the expressions x[i] in the body of a loop
// for i := ...; i < len(x); i++ (neither i nor x changing in the body and
// i starting at a constant or variable of its own, not negative).
func markCountedIndexes(fs *ast.ForStmt, safe map[*ast.IndexExpr]bool) {
	init, ok := fs.Init.(*ast.AssignStmt)
	cond, ok2 := fs.Cond.(*ast.BinaryExpr)
	if !ok || !ok2 || init.Tok != token.DEFINE || len(init.Lhs) != 1 || cond.Op != token.LSS {
		return
	}
	i, ok := init.Lhs[0].(*ast.Ident)
	start, ok2 := init.Rhs[0].(*ast.BasicLit)
	if !ok || !ok2 || start.Kind != token.INT {
		return
	}
	if c, ok := cond.X.(*ast.Ident); !ok || c.Name != i.Name {
		return
	}
	lenCall, ok := cond.Y.(*ast.CallExpr)
	if !ok || len(lenCall.Args) != 1 || !pureOperand(lenCall.Args[0]) {
		return
	}
	if id, ok := lenCall.Fun.(*ast.Ident); !ok || id.Name != "len" {
		return
	}
	if post, ok := fs.Post.(*ast.IncDecStmt); !ok || post.Tok != token.INC || types.ExprString(post.X) != i.Name {
		return
	}
	over := types.ExprString(lenCall.Args[0])
	if written(fs.Body, i.Name) || reassigned(fs.Body, rootIdent(lenCall.Args[0])) {
		return
	}
	ast.Inspect(fs.Body, func(n ast.Node) bool {
		if ix, ok := n.(*ast.IndexExpr); ok {
			if id, ok := ix.Index.(*ast.Ident); ok && id.Name == i.Name && types.ExprString(ix.X) == over {
				safe[ix] = true
			}
		}
		return true
	})
}

// checkIndex rewrites the index of ix when ix indexes a string, slice or
// array.
func (f *folder) checkIndex(sf *srcFile, info *types.Info, ix *ast.IndexExpr) bool {
	tv, ok := info.Types[ix.X]
	if !ok || !tv.IsValue() {
		return false
	}
	array, ok := indexable(tv.Type)
	if !ok {
		return false
	}
	idx, ok := info.Types[ix.Index]
	if !ok || idx.Value != nil && (array || tv.Value != nil) {
		return false
	}
	if !rereadable(ix.X, info) {
		if !pureBound(ix.Index) {
			return false
		}
		return f.checkOnce(sf, ix.X, ix.Lbrack, indexCheck(idx)+f.text(sf, ix.Index)+closeIndexConversion(idx)+", len(_dss))")
	}
	sf.addImport("_dsrt", desugarPath)
	sf.edits.insert(f.offset(ix.Index.Pos()), indexCheck(idx))
	sf.edits.insertClosing(f.offset(ix.Index.Pos()), f.offset(ix.Index.End()), closeIndexConversion(idx)+", len("+f.text(sf, ix.X)+"))")
	return true
}

// indexCheck opens the check of an index of type tv: _dsrt.Index of it
// as an int, or _dsrt.IndexUint of it as a uint64 when it is of an
// unsigned type as wide as int, whose values past the largest int Go's
// panic prints as they are ("index out of range [9223372036854775808]
// with length 2"; converted to int, -9223372036854775808).
func indexCheck(tv types.TypeAndValue) string {
	if wideUnsigned(tv.Type) {
		return "_dsrt.IndexUint(uint64("
	}
	return "_dsrt.Index(" + intConversion(tv)
}

// closeIndexConversion closes the conversion indexCheck opened.
func closeIndexConversion(tv types.TypeAndValue) string {
	if wideUnsigned(tv.Type) {
		return ")"
	}
	return closeConversion(tv)
}

// wideUnsigned reports whether t is uint, uint64 or uintptr.
func wideUnsigned(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && (b.Kind() == types.Uint || b.Kind() == types.Uint64 || b.Kind() == types.Uintptr)
}

// checkSlice rewrites the low bound of the slice expression se.
func (f *folder) checkSlice(sf *srcFile, info *types.Info, se *ast.SliceExpr) bool {
	tv, ok := info.Types[se.X]
	if !ok || !tv.IsValue() {
		return false
	}
	array, ok := indexable(tv.Type)
	if !ok {
		return false
	}
	once := !rereadable(se.X, info)
	if se.Slice3 {
		return !once && f.checkSlice3(sf, info, se, array)
	}
	for _, b := range []ast.Expr{se.Low, se.High} {
		if b != nil && !pureBound(b) {
			return false
		}
	}
	x := f.text(sf, se.X)
	if once {
		x = "_dss"
	}
	isCap := false
	if _, ok := tv.Type.Underlying().(*types.Slice); ok {
		isCap = true
	}
	if tp, ok := types.Unalias(tv.Type).(*types.TypeParam); ok && sliceCore(tp) {
		isCap = true
	}
	max := "len(" + x + ")"
	if isCap {
		max = "cap(" + x + ")"
	}
	high := "len(" + x + ")"
	if se.High != nil {
		high = intConversion(info.Types[se.High]) + f.text(sf, se.High) + closeConversion(info.Types[se.High])
	}
	flag := "false"
	if isCap {
		flag = "true"
	}
	if once {
		low := "0"
		if se.Low != nil {
			lowTV := info.Types[se.Low]
			low = intConversion(lowTV) + f.text(sf, se.Low) + closeConversion(lowTV)
		}
		return f.checkOnce(sf, se.X, se.Lbrack, "_dsrt.Slice("+low+", "+high+", "+max+", "+flag+")")
	}
	sf.addImport("_dsrt", desugarPath)
	if se.Low == nil {
		sf.edits.insert(f.offset(se.Lbrack)+1, "_dsrt.Slice(0, "+high+", "+max+", "+flag+")")
		return true
	}
	lowTV := info.Types[se.Low]
	sf.edits.insert(f.offset(se.Low.Pos()), "_dsrt.Slice("+intConversion(lowTV))
	sf.edits.insertClosing(f.offset(se.Low.Pos()), f.offset(se.Low.End()), closeConversion(lowTV)+", "+high+", "+max+", "+flag+")")
	return true
}

// checkOnce wraps x, the operand of an index or slice expression that
// cannot be read twice (a call's result, a composite literal), in a call
// of a function literal that runs check, the bounds check of the
// expression over its parameter _dss, and returns it:
//
//	strings.Split(s, ":")[i]  →  func(_dss []string) []string { _dsrt.Index(i, len(_dss)); return _dss }(strings.Split(s, ":"))[i]
//	[...]string{"a", "b"}[d]  →  func(_dss [2]string) [2]string { _dsrt.Index(int(d), len(_dss)); return _dss }([...]string{"a", "b"})[d]
//
// The bounds, free of calls (see pureBound), are read twice, after x as
// Go reads them. x is left as written when its type cannot be written at
// lbrack (a type parameter, a local type, a package name shadowed there).
func (f *folder) checkOnce(sf *srcFile, x ast.Expr, lbrack token.Pos, check string) bool {
	t := f.typeInfo().Types[x].Type
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	if hasTypeParam(t) {
		return false
	}
	name, ok := f.typeNameAt(sf, t, lbrack)
	if !ok {
		return false
	}
	sf.addImport("_dsrt", desugarPath)
	sf.edits.wrapAround(f.offset(x.Pos()), f.offset(x.End()), "func(_dss "+name+") "+name+" { "+check+"; return _dss }(", ")")
	return true
}

// typeNameAt is typeName for text written at pos. A package whose name
// a declaration in scope at pos shadows (a parameter url in a function
// returning *url.URL) is named by an import of its own, _dspkg_<name>;
// it reports false when a type of the package it names is shadowed there.
func (f *folder) typeNameAt(sf *srcFile, t types.Type, pos token.Pos) (string, bool) {
	if _, ok := f.typeName(sf, t); !ok || f.pkg == nil {
		return "", false
	}
	scope := f.pkg.Scope().Innermost(pos)
	if scope == nil {
		return "", false
	}
	aliases := make(map[string]string) // alias → import path
	name, spelled := f.spellType(t, func(p *types.Package) string {
		if p == f.pkg {
			return ""
		}
		for _, imp := range sf.syntax.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == p.Path() {
				local := p.Name()
				if imp.Name != nil {
					local = imp.Name.Name
				}
				if _, obj := scope.LookupParent(local, pos); obj != nil {
					if _, isPkg := obj.(*types.PkgName); isPkg {
						return local
					}
				}
				alias := "_dspkg_" + p.Name()
				aliases[alias] = p.Path()
				return alias
			}
		}
		return p.Name()
	})
	fine := spelled
	forEachNamed(t, func(n *types.Named) {
		if o := n.Obj(); o.Pkg() == f.pkg {
			if _, obj := scope.LookupParent(o.Name(), pos); obj != o {
				fine = false
			}
		}
	})
	if !fine {
		return "", false
	}
	for alias, path := range aliases {
		sf.addImport(alias, path)
	}
	return name, true
}

// forEachNamed calls do with each named type t is built of.
func forEachNamed(t types.Type, do func(*types.Named)) {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		do(t)
		for i := range t.TypeArgs().Len() {
			forEachNamed(t.TypeArgs().At(i), do)
		}
	case *types.Pointer:
		forEachNamed(t.Elem(), do)
	case *types.Slice:
		forEachNamed(t.Elem(), do)
	case *types.Array:
		forEachNamed(t.Elem(), do)
	case *types.Map:
		forEachNamed(t.Key(), do)
		forEachNamed(t.Elem(), do)
	case *types.Chan:
		forEachNamed(t.Elem(), do)
	}
}

// checkSlice3 rewrites the low bound of the three-index slice expression
// se of a slice, or of an array (or a pointer to one) when its max is a
// constant (which the compiler checks against the array's length; a
// failing check of a variable one would say "with length", which
// internal/desugar's Slice3 does not):
//
//	s[i:j:k]  →  s[_dsrt.Slice3(i, j, k, cap(s)):j:k]
func (f *folder) checkSlice3(sf *srcFile, info *types.Info, se *ast.SliceExpr, array bool) bool {
	if array && info.Types[se.Max].Value == nil {
		return false
	}
	for _, b := range []ast.Expr{se.Low, se.High, se.Max} {
		if b != nil && !pureBound(b) {
			return false
		}
	}
	bound := func(e ast.Expr) string {
		tv := info.Types[e]
		return intConversion(tv) + f.text(sf, e) + closeConversion(tv)
	}
	tail := ", " + bound(se.High) + ", " + bound(se.Max) + ", cap(" + f.text(sf, se.X) + "))"
	sf.addImport("_dsrt", desugarPath)
	if se.Low == nil {
		sf.edits.insert(f.offset(se.Lbrack)+1, "_dsrt.Slice3(0"+tail)
		return true
	}
	lowTV := info.Types[se.Low]
	sf.edits.insert(f.offset(se.Low.Pos()), "_dsrt.Slice3("+intConversion(lowTV))
	sf.edits.insertClosing(f.offset(se.Low.Pos()), f.offset(se.Low.End()), closeConversion(lowTV)+tail)
	return true
}

// indexable reports whether t is a string, slice, array or pointer to an
// array (and whether it is an array, whose constant indexes the compiler
// checks).
func indexable(t types.Type) (array, ok bool) {
	if p, isPtr := t.Underlying().(*types.Pointer); isPtr {
		t = p.Elem()
	}
	if tp, isParam := types.Unalias(t).(*types.TypeParam); isParam {
		// A type parameter whose types are all slices of one element
		// type (S ~[]E, as the slices package's) is indexed and sliced
		// as a slice.
		return false, sliceCore(tp)
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return false, true
	case *types.Array:
		return true, true
	case *types.Basic:
		return false, u.Info()&types.IsString != 0
	}
	return false, false
}

// sliceCore reports whether every type of tp's type set has one slice
// type as its underlying type.
func sliceCore(tp *types.TypeParam) bool {
	iface, ok := tp.Underlying().(*types.Interface)
	if !ok || iface.NumEmbeddeds() != 1 || iface.NumMethods() != 0 {
		return false
	}
	u, ok := iface.EmbeddedType(0).(*types.Union)
	if !ok || u.Len() != 1 {
		return false
	}
	_, ok = u.Term(0).Type().Underlying().(*types.Slice)
	return ok
}

// intConversion opens the conversion of an index of type tv to int, when
// it is not an int already.
func intConversion(tv types.TypeAndValue) string {
	if b, ok := types.Unalias(tv.Type).(*types.Basic); ok && (b.Kind() == types.Int || b.Kind() == types.UntypedInt) {
		return ""
	}
	return "int("
}

// closeConversion closes what intConversion opened.
func closeConversion(tv types.TypeAndValue) string {
	if intConversion(tv) == "" {
		return ""
	}
	return ")"
}

// pureOperand reports whether e is a variable or a field, which can be
// read twice.
func pureOperand(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return pureOperand(e.X)
	case *ast.ParenExpr:
		return pureOperand(e.X)
	}
	return false
}

// rereadable reports whether the operand e of an index or slice
// expression can be read again for its length: a variable or a field
// (see pureOperand), or an index or slice expression of such an operand
// whose index and bounds can be evaluated twice (see pureBound), as in
// grid[i][j] and s[1:3][:n]. The operand is evaluated before the check
// reads it again, with its own check when it is an index or a slice
// itself: the second reading cannot panic.
func rereadable(e ast.Expr, info *types.Info) bool {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return rereadable(e.X, info)
	case *ast.StarExpr:
		// (*h)[i] of a method of a pointer to a slice type: read again,
		// *h is what it was; a nil h panics at the first reading.
		return pureOperand(e.X)
	case *ast.IndexExpr:
		if tv, ok := info.Types[e.X]; !ok || tv.IsType() {
			return false // an instance of a generic function or type
		}
		return rereadable(e.X, info) && pureBound(e.Index)
	case *ast.SliceExpr:
		for _, b := range []ast.Expr{e.Low, e.High, e.Max} {
			if b != nil && !pureBound(b) {
				return false
			}
		}
		return rereadable(e.X, info)
	}
	return pureOperand(e)
}

// pureBound reports whether the bound e can be evaluated twice: made of
// constants, variables, fields, arithmetic and len or cap of those.
func pureBound(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit, *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return pureOperand(e.X)
	case *ast.ParenExpr:
		return pureBound(e.X)
	case *ast.UnaryExpr:
		return e.Op == token.SUB && pureBound(e.X)
	case *ast.BinaryExpr:
		return pureBound(e.X) && pureBound(e.Y)
	case *ast.CallExpr:
		id, ok := e.Fun.(*ast.Ident)
		return ok && (id.Name == "len" || id.Name == "cap") && len(e.Args) == 1 && pureOperand(e.Args[0])
	}
	return false
}
