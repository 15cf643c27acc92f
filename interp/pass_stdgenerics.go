package interp

import (
	"go/ast"
	"go/types"
	"strings"
)

// stdGenerics is the pass for generic functions of compiled standard
// packages that the interpreter's symbol tables cannot hold (a route using
// them was refused), whose meaning one call of non-generic functions of
// the same package gives:
//
//	errors.AsType[E](err)  →  (func(err error) (E, bool) { var e E; ok := errors.As(err, &e); return e, ok })(err)
//	reflect.TypeFor[T]()   →  reflect.TypeOf((*T)(nil)).Elem()
//
// which is how the standard library defines them (AsType finds what As
// finds, into a variable of its own). The type is written as the call
// writes it. Conversions to instances of iter.Seq and Seq2 are rewritten
// too (see seqConversion).
func stdGenerics(f *folder) (bool, []diagnostic) {
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if seqConversion(f, sf, info, call) {
			return true
		}
		ix, ok := call.Fun.(*ast.IndexExpr)
		if !ok {
			return false
		}
		sel, ok := ix.X.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok {
			return false
		}
		pn, ok := info.Uses[pkg].(*types.PkgName)
		if !ok {
			return false
		}
		typ := f.text(sf, ix.Index)
		if strings.Contains(typ, "\n") {
			return false // the rewrite keeps every line where it is
		}
		switch pn.Imported().Path() + "." + sel.Sel.Name {
		case "errors.AsType":
			if len(call.Args) != 1 || call.Ellipsis.IsValid() {
				return false
			}
			sf.edits = append(sf.edits, edit{off: f.offset(call.Fun.Pos()), end: f.offset(call.Fun.End()),
				text: "(func(err error) (" + typ + ", bool) { var e " + typ + "; ok := " + pkg.Name + ".As(err, &e); return e, ok })"})
			return true
		case "reflect.TypeFor":
			if len(call.Args) != 0 {
				return false
			}
			sf.edits = append(sf.edits, edit{off: f.offset(call.Pos()), end: f.offset(call.End()),
				text: pkg.Name + ".TypeOf((*" + typ + ")(nil)).Elem()"})
			return true
		}
		return false
	}), nil
}

// seqConversion rewrites call when it converts a value to an instance of
// iter.Seq or iter.Seq2 (iter.Seq[int](f)), which yaegi fails on ("type
// not found: iter.Seq[int]", or a conversion to the yield function's
// type): the conversion is to the function type the instance stands for,
// which its values are assignable to, as the interpreted library spells
// it (see unnamedSeqs). It reports whether it did.
//
//	iter.Seq2[K, V](f)  →  (func(func(K, V) bool))(f)
func seqConversion(f *folder, sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
	fun := ast.Unparen(call.Fun)
	if tv, ok := info.Types[fun]; !ok || !tv.IsType() || len(call.Args) != 1 {
		return false
	}
	var base ast.Expr
	var args []ast.Expr
	switch ix := fun.(type) {
	case *ast.IndexExpr:
		base, args = ix.X, []ast.Expr{ix.Index}
	case *ast.IndexListExpr:
		base, args = ix.X, ix.Indices
	default:
		return false
	}
	sel, ok := base.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	pn, ok := info.Uses[pkg].(*types.PkgName)
	if !ok || pn.Imported().Path() != "iter" || (sel.Sel.Name != "Seq" || len(args) != 1) && (sel.Sel.Name != "Seq2" || len(args) != 2) {
		return false
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = f.text(sf, a)
		if strings.Contains(parts[i], "\n") {
			return false // the rewrite keeps every line where it is
		}
	}
	sf.edits = append(sf.edits, edit{off: f.offset(call.Fun.Pos()), end: f.offset(call.Fun.End()),
		text: "(func(func(" + strings.Join(parts, ", ") + ") bool))"})
	return true
}
