package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// typeArgs is the pass for generic functions used without type arguments.
// yaegi's inference misses many cases the compiler handles (a type
// parameter inferred from a function argument's result, from a variadic
// argument, through a constraint's core type: "undefined type for T"), so
// the type arguments the type checker inferred are written out:
//
//	Map(xs, strconv.Itoa)  →  Map[int, string](xs, strconv.Itoa)
//	Convert[float64](xs)   →  Convert[float64, int](xs)
//
// A use whose type arguments cannot be spelled in its file (a type of a
// package the file does not import) is left as written.
func typeArgs(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		if !usesGenerics(f, sf) {
			continue
		}
		info := f.typeInfo()
		if info == nil {
			return changed, nil
		}
		// explicit are the generic functions instantiated in place
		// (F[int], F[int, string]): the number of type arguments written,
		// and where the list closes.
		type written struct {
			n      int
			rbrack token.Pos
		}
		explicit := make(map[ast.Node]written)
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.IndexExpr:
				explicit[x.X] = written{1, x.Rbrack}
			case *ast.IndexListExpr:
				explicit[x.X] = written{len(x.Indices), x.Rbrack}
			}
			return true
		})
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			var id *ast.Ident
			switch x := n.(type) {
			case *ast.Ident:
				id = x
			case *ast.SelectorExpr:
				id = x.Sel
			default:
				return true
			}
			given, isExplicit := explicit[n]
			inst, ok := info.Instances[id]
			fn, isFunc := info.Uses[id].(*types.Func)
			if isExplicit && (!ok || !isFunc || given.n >= inst.TypeArgs.Len()) {
				return false
			}
			if !ok || !isFunc || inst.TypeArgs.Len() == 0 {
				return true
			}
			if compiledGeneric(fn) {
				// Its call is written out by a pass of its own
				// (onceValues, stdGenerics), which replaces the name.
				return true
			}
			names := make([]string, inst.TypeArgs.Len()-given.n)
			for i := range names {
				arg := inst.TypeArgs.At(given.n + i)
				if mentionsTypeParam(arg) {
					// yaegi fails on explicit type parameters ("CFG
					// post-order panic"), and infers them well.
					return false
				}
				t, ok := f.typeName(sf, arg)
				if !ok {
					return false
				}
				names[i] = t
			}
			if isExplicit {
				// Some written, the rest inferred (Convert[float64](xs),
				// slices.Max[[]int]), which yaegi does not infer when the
				// function is not called ("CFG post-order panic"): the
				// list gets the rest.
				sf.edits.insert(f.offset(given.rbrack), ", "+strings.Join(names, ", "))
			} else {
				sf.edits.insertClosing(f.offset(n.Pos()), f.offset(n.End()), "["+strings.Join(names, ", ")+"]")
			}
			changed = true
			return false
		})
	}
	return changed, nil
}

// usesGenerics reports, without type checking, whether sf may use a
// generic function: the package declares one, or sf imports a package of
// the generic standard library or of the user's or another module.
func usesGenerics(f *folder, sf *srcFile) bool {
	for _, g := range f.files {
		for _, d := range g.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Type.TypeParams != nil {
				return true
			}
		}
	}
	for _, imp := range sf.syntax.Imports {
		path := strings.Trim(imp.Path.Value, "`\"")
		if genericStdlib(path) != nil || fromSource(path) {
			return true
		}
	}
	return false
}

// mentionsTypeParam reports whether t is or contains a type parameter.
func mentionsTypeParam(t types.Type) bool {
	return typeParamIn(t, 0)
}

func typeParamIn(t types.Type, depth int) bool {
	if depth > 16 {
		return false // a recursive type
	}
	depth++
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Pointer:
		return typeParamIn(t.Elem(), depth)
	case *types.Slice:
		return typeParamIn(t.Elem(), depth)
	case *types.Array:
		return typeParamIn(t.Elem(), depth)
	case *types.Chan:
		return typeParamIn(t.Elem(), depth)
	case *types.Map:
		return typeParamIn(t.Key(), depth) || typeParamIn(t.Elem(), depth)
	case *types.Named:
		for i := range t.TypeArgs().Len() {
			if typeParamIn(t.TypeArgs().At(i), depth) {
				return true
			}
		}
	case *types.Signature:
		for _, tu := range []*types.Tuple{t.Params(), t.Results()} {
			for i := range tu.Len() {
				if typeParamIn(tu.At(i).Type(), depth) {
					return true
				}
			}
		}
	case *types.Struct:
		for i := range t.NumFields() {
			if typeParamIn(t.Field(i).Type(), depth) {
				return true
			}
		}
	}
	return false
}

// compiledGeneric reports whether fn is a generic function of a compiled
// standard package (sync.OnceValue, errors.AsType), which the interpreter
// cannot call: the type checker knows it from binaryGenerics or
// genericFuncs only.
func compiledGeneric(fn *types.Func) bool {
	if fn.Pkg() == nil || genericStdlib(fn.Pkg().Path()) != nil {
		return false
	}
	return binaryPackage(fn.Pkg().Path()) != nil
}
