package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("an assignment to a variable of another interpreted package (shared.Config = c, slug.CustomSub = m: the interpreter loses the value, which neither the package nor the route reads back)", findOtherPackageVarAssigns)
}

// findOtherPackageVarAssigns finds an assignment (=, op=, ++, --) to a
// package-level variable of another package the interpreter runs from
// source (the app's shared packages, other modules), or to a field of
// one: yaegi v0.16.1 stores the value where that package's own code
// never reads it (its functions still see the old value), or refuses to
// load it when the variable was initialised from a constant ("cannot
// assign to ... constant").
func findOtherPackageVarAssigns(f *folder, sf *srcFile) []token.Pos {
	var lhs []ast.Expr
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				lhs = append(lhs, n.Lhs...)
			}
		case *ast.IncDecStmt:
			lhs = append(lhs, n.X)
		}
		return true
	})
	var out []token.Pos
	for _, e := range lhs {
		// The variable the assignment reaches through field selections:
		// pkg.V, pkg.V.Field.
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		for ok {
			if inner, more := ast.Unparen(sel.X).(*ast.SelectorExpr); more {
				sel = inner
				continue
			}
			break
		}
		if !ok {
			continue
		}
		if _, pkgName := sel.X.(*ast.Ident); !pkgName {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return nil
		}
		v, ok := info.Uses[sel.Sel].(*types.Var)
		if !ok || v.Pkg() == nil || v.Pkg().Path() == f.importPath || v.Parent() != v.Pkg().Scope() || !interpretedPath(v.Pkg().Path()) {
			continue
		}
		out = append(out, e.Pos())
	}
	return out
}

// interpretedPath reports whether the package at path runs from source in
// the interpreter: not one of the compiled packages (the standard
// library's, devserver's own) whose variables yaegi reaches through
// reflect.
func interpretedPath(path string) bool {
	syms, _ := binarySymbols(path)
	return syms == nil
}
