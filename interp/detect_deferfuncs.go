package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("a deferred call of a function value held in a variable or a field (defer stop(), defer log(step)) whose function or arguments may change after the defer statement (the interpreter reads both when the deferred call runs, not at the defer statement)", findLateDeferredFuncValues)
}

// findLateDeferredFuncValues finds the defer statements calling a function
// value held in a variable or a field, which deferArgs leaves as written
// (a closure the deferred function called would deadlock yaegi, and one
// calling recover must be called by the defer statement itself), when the
// function may assign the variable after the defer statement, or an
// argument may change: yaegi evaluates the function value and its
// arguments when the deferred call runs. A local variable the function
// never assigns again, as ctx, cancel := context.WithTimeout(…) before
// defer cancel(), and arguments that are constants or such variables, are
// what the defer statement saw.
func findLateDeferredFuncValues(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	forEachFunction(sf.syntax, func(body *ast.BlockStmt) {
		ast.Inspect(body, func(n ast.Node) bool {
			switch d := n.(type) {
			case *ast.FuncLit:
				return false // a function of its own
			case *ast.DeferStmt:
				if funcVariable(info, ast.Unparen(d.Call.Fun)) && lateDeferred(f, info, sf.syntax, d.Call) {
					out = append(out, d.Pos())
				}
			}
			return true
		})
	})
	return out
}

// lateDeferred reports whether the function value or an argument of call,
// deferred in file, may read otherwise when the call runs than at the
// defer statement: anything but a constant, a local variable that file
// assigns only where it declares it (a closure declared in the function
// may assign it too; an assignment before the defer statement counts,
// which costs a compile, not an answer), or a package's variable or a
// field that no function of f assigns but an init function.
func lateDeferred(f *folder, info *types.Info, file *ast.File, call *ast.CallExpr) bool {
	var fields map[types.Object]bool
	var steady func(e ast.Expr) bool
	steady = func(e ast.Expr) bool {
		tv := info.Types[e]
		if tv.Value != nil || tv.IsNil() || tv.IsType() {
			return true
		}
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, ok := info.Uses[e].(*types.Var)
			if !ok {
				return false
			}
			if v.Parent() != nil && v.Parent() != v.Pkg().Scope() {
				return !mayChange(info, file, v)
			}
			if v.Pkg() != f.pkg {
				return false
			}
			for _, sf := range f.accepted() {
				for _, d := range sf.syntax.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && !(fd.Recv == nil && fd.Name.Name == "init") && mayChange(info, fd, v) {
						return false
					}
				}
			}
			return true
		case *ast.SelectorExpr:
			s := info.Selections[e]
			if s == nil || s.Kind() != types.FieldVal || !steady(e.X) {
				return false
			}
			if fields == nil {
				fields = writtenFields(f, info)
			}
			return !fields[s.Obj()]
		}
		return false
	}
	if !steady(call.Fun) {
		return true
	}
	for _, a := range call.Args {
		if !steady(a) {
			return true
		}
	}
	return false
}
