package interp

import (
	"go/ast"
	"go/token"
)

func init() {
	register("package variables the rewrite cannot make the interpreter initialise in the compiler's order (a type it cannot write, a local or field key named like a package variable, initialisers of one declaration run apart)", findInitOrder)
}

// findInitOrder finds the package-level variable declaration from which
// the initOrder pass cannot make yaegi initialise the package's variables
// in the compiler's order (see pass_initorder.go): the pass orders every
// other package, so that only these run compiled.
func findInitOrder(f *folder, sf *srcFile) []token.Pos {
	p := f.initOrderPlan()
	if p == nil || !p.fail.IsValid() || fileOf(f, p.fail) != sf {
		return nil
	}
	return []token.Pos{p.fail}
}

// hasCall reports whether e calls something: a call of a conversion or a
// builtin counts too, which only makes the plan look closer.
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// fileOf returns the file of f holding pos.
func fileOf(f *folder, pos token.Pos) *srcFile {
	for _, sf := range f.files {
		if sf.syntax.FileStart <= pos && pos <= sf.syntax.FileEnd {
			return sf
		}
	}
	return nil
}
