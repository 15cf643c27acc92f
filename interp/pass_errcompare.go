package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// errorComparisons is the pass for errors compared with == and != and
// switches on an error: yaegi hands an error of a route type to compiled
// code in a wrapper and keeps the wrapper when the error comes back
// (context.Cause, errors.Unwrap, an errgroup's Wait, a sync.OnceValue's
// result), so context.Cause(ctx) == errQuota was false. The comparison
// becomes a call of internal/desugar's SameError, which compares what the
// wrappers hold:
//
//	err == errQuota            →  _dsrt.SameError(err, errQuota)
//	switch err { case errA, nil: }  →  switch { case _dsrt.SameError(err, errA) || err == nil: }
//
// A comparison with nil, or with a variable of a compiled package
// (io.EOF, which no route value equals), is left as written; so is a
// switch whose tag calls a function after an init statement.
func errorComparisons(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	changed := false
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) && comparesErrors(f, info, n.X, n.Y) && f.errorComparison(sf, n) {
					changed = true
				}
			case *ast.SwitchStmt:
				if f.errorSwitch(sf, info, n) {
					changed = true
				}
			}
			return true
		})
	}
	return changed, nil
}

// errorComparison makes the comparison x a call of SameError, and
// reports whether it did: not when an edit of an earlier pass crosses its
// bounds. Insertions at its bounds belong to the code around it.
func (f *folder) errorComparison(sf *srcFile, x *ast.BinaryExpr) bool {
	off, end := f.offset(x.Pos()), f.offset(x.End())
	op := f.offset(x.OpPos)
	sf.edits = append(sf.edits, edit{off: op, end: op + len(x.Op.String()), text: ","})
	before := "_dsrt.SameError("
	if x.Op == token.NEQ {
		before = "!" + before
	}
	if !sf.edits.wrap(off, end, sf.src, before, ")") {
		sf.edits = sf.edits[:len(sf.edits)-1]
		return false
	}
	sf.addImport("_dsrt", desugarPath)
	return true
}

// comparesErrors reports whether x == y compares an error with an error
// that may be a route value: an operand of an interface type implementing
// error, the other implementing it too or of a type the check could not
// tell (Go accepts the comparison: it is assignable to error), neither nil
// nor a variable of a compiled package.
func comparesErrors(f *folder, info *types.Info, x, y ast.Expr) bool {
	tx, ty := info.TypeOf(x), info.TypeOf(y)
	errorIface := func(t types.Type) bool { return t != nil && types.IsInterface(t) && implementsError(t) }
	errorOrUnknown := func(t types.Type) bool { return t == nil || t == types.Typ[types.Invalid] || implementsError(t) }
	if !(errorIface(tx) && errorOrUnknown(ty)) && !(errorIface(ty) && errorOrUnknown(tx)) {
		return false // not errors, or two pointers, which the interpreter compares right
	}
	return !isNilExpr(info, x) && !isNilExpr(info, y) && !compiledVar(f, info, x) && !compiledVar(f, info, y)
}

// implementsError reports whether t (not a type parameter) implements error.
func implementsError(t types.Type) bool {
	if _, isParam := types.Unalias(t).(*types.TypeParam); isParam {
		return false
	}
	errType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	return types.Implements(t, errType)
}

func isNilExpr(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

// compiledVar reports whether e names a variable of a package the
// interpreter has compiled (io.EOF, sql.ErrNoRows).
func compiledVar(f *folder, info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok || v.Pkg() == nil || v.Pkg().Path() == f.importPath {
		return false
	}
	return isStdlib(v.Pkg().Path())
}

// errorSwitch rewrites the switch sw on an error into a switch of
// SameError calls, and reports whether it did.
func (f *folder) errorSwitch(sf *srcFile, info *types.Info, sw *ast.SwitchStmt) bool {
	if sw.Tag == nil {
		return false
	}
	if !switchesOnError(info, sw) {
		return false
	}
	tag := sf.take(f, sw.Tag)
	if hasCall(sw.Tag) {
		if sw.Init != nil {
			return false
		}
		// The tag is evaluated once, as the switch does.
		name := "_dserr" + strconv.Itoa(f.offset(sw.Pos()))
		sf.edits = append(sf.edits, edit{off: f.offset(sw.Tag.Pos()), end: f.offset(sw.Tag.End()), text: name + " := " + tag + ";"})
		tag = name
	} else {
		sf.edits = append(sf.edits, edit{off: f.offset(sw.Tag.Pos()), end: f.offset(sw.Tag.End())})
	}
	// One condition per clause: the interpreter tests only the first of a
	// tagless switch's list (see caseLists).
	for _, s := range sw.Body.List {
		cc := s.(*ast.CaseClause)
		if len(cc.List) == 0 {
			continue
		}
		conds := make([]string, len(cc.List))
		for i, e := range cc.List {
			if isNilExpr(info, e) {
				conds[i] = tag + " == nil"
			} else {
				conds[i] = "_dsrt.SameError(" + tag + ", " + sf.take(f, e) + ")"
			}
		}
		sf.edits = append(sf.edits, edit{off: f.offset(cc.List[0].Pos()), end: f.offset(cc.List[len(cc.List)-1].End()), text: strings.Join(conds, " || ")})
	}
	sf.addImport("_dsrt", desugarPath)
	return true
}

// switchesOnError reports whether sw switches on an error: its tag is of
// an interface type implementing error, or of a type the check could not
// tell while its cases are errors.
func switchesOnError(info *types.Info, sw *ast.SwitchStmt) bool {
	t := info.TypeOf(sw.Tag)
	if t != nil && t != types.Typ[types.Invalid] {
		return types.IsInterface(t) && implementsError(t)
	}
	errs := 0
	for _, s := range sw.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			if isNilExpr(info, e) {
				continue
			}
			if ct := info.TypeOf(e); ct == nil || !implementsError(ct) {
				return false
			}
			errs++
		}
	}
	return errs > 0
}
