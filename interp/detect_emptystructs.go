package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("a type assertion or type switch on an interface value compiled code hands over (the value recover returns, a standard library function's result or field: m.Load(k), e.Value) in a package with an empty struct type (the interpreter panics, reflect: Field index out of bounds, when the value is an empty struct such as a sentinel panicked with)", findEmptyStructAssertions)
}

// findEmptyStructAssertions finds the type assertions and type switches
// whose operand holds an interface value of compiled code's making (see
// compiledSourced), in a package that puts a value of an empty struct
// type in an interface (see boxesEmptyStruct): yaegi's assertion on such
// an operand reads the first field of the value's struct type, to unwrap
// its own interface wrappers, and panics on a struct without fields
// (type stop struct{}; panic(stop{}); ... r := recover(); _, ok :=
// r.(stop)). The same value handed to a parameter of interpreted code
// (kind(v any)) is asserted right: only the value as compiled code
// returns it is affected.
func findEmptyStructAssertions(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	sourced := compiledSourcedVars(info, sf.syntax)
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if ta, ok := n.(*ast.TypeAssertExpr); ok && compiledSourced(info, ta.X, sourced) {
			out = append(out, ta.Pos())
		}
		return true
	})
	if len(out) == 0 || !f.boxesEmptyStruct() {
		return nil
	}
	return out
}

// boxesEmptyStruct reports whether the folder's code, or that of a
// package it imports from source, puts a value of an empty struct type
// in an interface (assigned, passed, returned, panicked with), other than
// as a context key. A package it imports whose source is not at hand
// counts when it declares such a type.
func (f *folder) boxesEmptyStruct() bool {
	if boxesEmptyStruct(f.typeInfo(), f.files) {
		return true
	}
	for _, imp := range f.pkg.Imports() {
		if !fromSource(imp.Path()) {
			continue
		}
		var cs *checkedSource
		if f.importer != nil {
			cs = f.importer.source(imp.Path())
		}
		if cs == nil {
			if declaresEmptyStruct(imp) {
				return true
			}
			continue
		}
		if boxesEmptyStruct(cs.info, cs.folder.files) {
			return true
		}
	}
	return false
}

// declaresEmptyStruct reports whether pkg declares a named struct type
// without fields.
func declaresEmptyStruct(pkg *types.Package) bool {
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok && isEmptyStruct(tn.Type()) {
			return true
		}
	}
	return false
}

// boxesEmptyStruct reports whether a file of files (checked into info)
// puts a value of an empty struct type in an interface.
func boxesEmptyStruct(info *types.Info, files []*srcFile) bool {
	if info == nil {
		return true
	}
	found := false
	boxes := func(target types.Type, e ast.Expr) {
		found = found || target != nil && types.IsInterface(target) && isEmptyStruct(info.TypeOf(e))
	}
	for _, sf := range files {
		forEachConversion(info, sf.syntax, func(target types.Type, e ast.Expr, call *ast.CallExpr, arg int) {
			if call != nil && arg >= 0 && arg < len(call.Args) && contextKeyArg(info, call) == call.Args[arg] {
				return // a context key, never handed back
			}
			boxes(target, e)
		}, boxes)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 1 {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
					if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
						found = found || isEmptyStruct(info.TypeOf(call.Args[0]))
					}
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// isEmptyStruct reports whether t is a struct type without fields.
func isEmptyStruct(t types.Type) bool {
	if t == nil {
		return false
	}
	st, ok := t.Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// compiledSourced reports whether e, asserted, is an interface value as
// compiled code made it: a call of recover (which the recovered pass
// wraps in a compiled call), of a function or method of compiled code, a
// field of a struct type of compiled code, or a variable of sourced.
func compiledSourced(info *types.Info, e ast.Expr, sourced map[*types.Var]bool) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				return b.Name() == "recover"
			}
		}
		_, compiled := compiledCallee(info, x)
		return compiled
	case *ast.SelectorExpr:
		sel := info.Selections[x]
		return sel != nil && sel.Kind() == types.FieldVal && sel.Obj().Pkg() != nil && !fromSource(sel.Obj().Pkg().Path())
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		return ok && sourced[v]
	}
	return false
}

// compiledSourcedVars returns the variables of file of an interface type
// assigned a value compiledSourced reports (r := recover(), v, ok :=
// m.Load(k)), in one pass over the file's assignments: a variable
// assigned from another such variable is not followed.
func compiledSourcedVars(info *types.Info, file *ast.File) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	mark := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok || !types.IsInterface(v.Type()) {
			return
		}
		if compiledSourced(info, rhs, nil) {
			out[v] = true
		}
	}
	assign := func(lhs []ast.Expr, rhs []ast.Expr) {
		switch {
		case len(lhs) == len(rhs):
			for i := range lhs {
				mark(lhs[i], rhs[i])
			}
		case len(rhs) == 1:
			// v, ok := m.Load(k); v, ok := x.(T) is no call.
			if _, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok {
				for _, l := range lhs {
					mark(l, rhs[0])
				}
			}
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			assign(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			assign(lhs, n.Values)
		}
		return true
	})
	return out
}
