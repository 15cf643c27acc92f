package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("reflect.TypeOf or reflect.ValueOf of a value whose type the interpreter declares (an any, a type of the user's packages, a struct with unexported fields: reflect sees yaegi's types, without their names and with renamed fields)", findReflectValues)
	register("reflect.DeepEqual of values whose types the interpreter declares, of two types or holding interfaces (an any holding a shared package's UserID(\"a\") and one holding \"a\", a Point and a Size of the same fields: reflect sees yaegi's types, which it takes for one)", findReflectDeepEquals)
}

// findReflectDeepEquals finds, in a package declaring no types of its own
// (findReflect refuses the others, but for plain comparisons), the uses
// of reflect.DeepEqual that may compare values of types the interpreter
// declares, a shared package's, as other types: yaegi builds a shared
// package's named string type as string, and two struct types of the
// same fields as one reflect type, so DeepEqual(any(models.UserID("a")),
// any("a")) and DeepEqual of a models.Point and a models.Size in []any
// were true in dev, false built. A call comparing two values of one type
// holding no interface (plainCompared), or of types of compiled code only
// (compiledType), stays fast; so does none at all. DeepEqual used as a
// value, not called, is found too: what it will compare is not known.
func findReflectDeepEquals(f *folder, sf *srcFile) []token.Pos {
	if len(f.types) > 0 {
		return nil
	}
	name, ok := sf.importName("reflect")
	if !ok {
		return nil
	}
	var sels []*ast.SelectorExpr
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && isIdent(sel.X, name) && sel.Sel.Name == "DeepEqual" {
			sels = append(sels, sel)
		}
		return true
	})
	if len(sels) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return []token.Pos{sels[0].Pos()}
	}
	called := map[*ast.SelectorExpr]*ast.CallExpr{}
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				called[sel] = call
			}
		}
		return true
	})
	var out []token.Pos
	for _, sel := range sels {
		call := called[sel]
		if call == nil || len(call.Args) != 2 || call.Ellipsis.IsValid() {
			out = append(out, sel.Pos())
			continue
		}
		a, b := info.TypeOf(call.Args[0]), info.TypeOf(call.Args[1])
		switch {
		case a == nil || b == nil:
			out = append(out, call.Pos())
		case types.Identical(a, b) && plainCompared(a, nil):
		case f.compiledType(a, map[types.Type]bool{}) && f.compiledType(b, map[types.Type]bool{}):
		default:
			out = append(out, call.Pos())
		}
	}
	return out
}

// findReflectValues finds, in a package declaring no types of its own
// (findReflect refuses the others), the calls of reflect.TypeOf,
// reflect.ValueOf and reflect.TypeFor whose operand may hold a type the
// interpreter declares: an interface (a shared format or display helper
// handed a route's values), a type of another package the interpreter
// runs from source, a local type, a struct type with an unexported field
// or a type parameter. reflect sees yaegi's struct types there: Type().
// String() of a route's Celsius is "float64", a field age is "Xage",
// exported and tagged json:"-". Operands of types of compiled code only
// (reflect.TypeOf(strings.Cut), ValueOf(&http.Cookie{})) stay fast.
func findReflectValues(f *folder, sf *srcFile) []token.Pos {
	if len(f.types) > 0 {
		return nil
	}
	calls := sf.calls("reflect", "TypeOf", "ValueOf", "TypeFor")
	if len(calls) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return []token.Pos{calls[0].Pos()}
	}
	var out []token.Pos
	for _, call := range calls {
		var t types.Type
		if len(call.Args) == 1 {
			t = info.TypeOf(call.Args[0])
		} else if inst, ok := info.Instances[reflectSel(call)]; ok && inst.TypeArgs.Len() == 1 {
			t = inst.TypeArgs.At(0)
		}
		if t == nil || !f.compiledType(t, map[types.Type]bool{}) {
			out = append(out, call.Pos())
		}
	}
	return out
}

// reflectSel is the identifier naming the function of call (TypeFor in
// reflect.TypeFor[T]()), for its instance.
func reflectSel(call *ast.CallExpr) *ast.Ident {
	fun := call.Fun
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		return sel.Sel
	}
	return nil
}

// compiledType reports whether every value of type t is built from types
// of compiled code only (basic types, the standard library's named types,
// and composites of them, structs with exported fields only), whose
// reflection the interpreter does not change.
func (f *folder) compiledType(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Basic:
		return true
	case *types.Alias:
		return f.compiledType(types.Unalias(t), seen)
	case *types.Named:
		pkg := t.Obj().Pkg()
		if pkg == nil { // error
			return true
		}
		if pkg == f.pkg || f.importer != nil && f.importer.source(pkg.Path()) != nil || t.Obj().Parent() != pkg.Scope() {
			return false
		}
		args := t.TypeArgs()
		for i := range args.Len() {
			if !f.compiledType(args.At(i), seen) {
				return false
			}
		}
		return true
	case *types.Pointer:
		return f.compiledType(t.Elem(), seen)
	case *types.Slice:
		return f.compiledType(t.Elem(), seen)
	case *types.Array:
		return f.compiledType(t.Elem(), seen)
	case *types.Chan:
		return f.compiledType(t.Elem(), seen)
	case *types.Map:
		return f.compiledType(t.Key(), seen) && f.compiledType(t.Elem(), seen)
	case *types.Signature:
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for v := range tup.Variables() {
				if !f.compiledType(v.Type(), seen) {
					return false
				}
			}
		}
		return true
	case *types.Struct:
		for fld := range t.Fields() {
			if !fld.Exported() || !f.compiledType(fld.Type(), seen) {
				return false
			}
		}
		return true
	}
	return false // interfaces, type parameters
}
