package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("a method expression (T.Method or (*T).Method) of a type declared in route code", findMethodExprs)
	register("a method value of a value-receiver method declared in route code (x.Method not called)", findValueMethodValues)
}

// findMethodExprs finds T.M and (*T).M for a type T of the package:
// calling the function it makes panics in the interpreter.
func findMethodExprs(f *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || f.ownType(sel.X) == nil {
			return true
		}
		if info := f.typeInfo(); info != nil {
			if s, ok := info.Selections[sel]; !ok || s.Kind() != types.MethodExpr {
				return true
			}
		}
		out = append(out, sel.Pos())
		return true
	})
	return out
}

// findValueMethodValues finds x.M, not called, for a method M of the
// package with a value receiver: the interpreter binds the variable, not
// the copy of it Go makes when the method value is evaluated.
func findValueMethodValues(f *folder, sf *srcFile) []token.Pos {
	valueMethods := f.valueMethods()
	if len(valueMethods) == 0 {
		return nil
	}
	called := make(map[*ast.SelectorExpr]bool)
	var candidates []*ast.SelectorExpr
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				called[sel] = true
			}
		case *ast.SelectorExpr:
			if valueMethods[n.Sel.Name] {
				candidates = append(candidates, n)
			}
		}
		return true
	})
	var out []token.Pos
	for _, sel := range candidates {
		if called[sel] {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return nil // cannot tell a field from a method without types
		}
		s, ok := info.Selections[sel]
		if !ok || s.Kind() != types.MethodVal || s.Obj().Pkg() == nil || s.Obj().Pkg().Path() != f.importPath {
			continue
		}
		if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
			if _, ptr := sig.Recv().Type().(*types.Pointer); !ptr {
				out = append(out, sel.Pos())
			}
		}
	}
	return out
}
