package interp

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// typeAssertions is the pass for a failed type assertion to a concrete
// type without a second result: yaegi panics with a text naming a type of
// route code by the struct it builds for it, and the operand's static
// type as "interface {}" whatever it is, where Go says "interface
// conversion: route.Shape is route.Sq, not route.Circle" (or "error is
// nil, not *fs.PathError"). Each such assertion becomes a call of a
// function the pass declares after the file's last line, which asserts
// with a second result and panics with Go's error when that fails
// (internal/desugar's TypeAssertionFailed, given values of the package's
// struct types to name the dynamic type by; between compiled types it is
// Go's own *runtime.TypeAssertionError):
//
//	s.(Circle)  →  _dsa0_318(s)
//	func _dsa0_318(x Shape) Circle { if x != nil { if v, ok := x.(Circle); ok { return v } }; panic(_dsrt.TypeAssertionFailed((*Shape)(nil), (*Circle)(nil), "route.Shape", "route.Circle", x, []any{Circle{}, Sq{}}, []string{"route.Circle", "route.Sq"})) }
//
// Assertions to interface types are left alone: yaegi loses the methods
// of a value of route code returned as a compiled interface by a function
// (the detectors send the forms it runs otherwise to the compiled tier).
// So are assertions whose types a function declared at package level
// cannot name (a type declared in a function, a type parameter). A value
// of a named non-struct type of route code (type Celsius float64) is
// named by its underlying type: yaegi's values of it are of that type.
func typeAssertions(f *folder) (bool, []diagnostic) {
	changed := false
	for i, sf := range f.accepted() {
		asserts, commaOk := assertionsOf(sf.syntax)
		for _, ta := range asserts {
			if commaOk[ta] && f.emptyInterfaceAssertion(sf, ta) {
				changed = true
			}
			if commaOk[ta] && f.ifaceAssertionCall(sf, ta) {
				changed = true
				continue
			}
			if commaOk[ta] && f.wholeAssertion(ta) {
				// A function of its own, whose result is the zero value
				// when the assertion fails (yaegi leaves the variable
				// assigned as it was).
				to := f.text(sf, ta.Type)
				name := fmt.Sprintf("_dsw%d_%d", i, f.offset(ta.Pos()))
				fmt.Fprintf(&sf.decls, "\nfunc %s(x error) (%s, bool) { if v, ok := %s(x).(%s); ok { return v, true }; var z %s; return z, false }\n", name, to, wholeCall, to, to)
				callAround(f, sf, ta, name)
				sf.addImport(methodsAlias, methodsPath)
				changed = true
			}
			if !commaOk[ta] && f.emptyInterfaceValue(sf, ta) {
				changed = true
				continue
			}
			if !commaOk[ta] && f.rewriteAssertion(sf, i, ta) {
				changed = true
			}
		}
	}
	return changed, nil
}

// emptyInterfaceAssertion rewrites ta, an assertion with a second result,
// when it asserts to an empty interface type (v, ok := x.(any)), which
// yaegi fails whatever x holds: the assertion holds when x is not nil.
//
//	x.(any)  →  func(_dsv any) (any, bool) { return _dsv, _dsv != nil }(x)
func (f *folder) emptyInterfaceAssertion(sf *srcFile, ta *ast.TypeAssertExpr) bool {
	if ta.Type == nil {
		return false
	}
	if !isEmptyInterface(f.typeOf(ta.Type)) {
		return false
	}
	if t := f.typeOf(ta.X); t == nil || !types.IsInterface(t) {
		return false
	}
	typ := f.text(sf, ta.Type)
	sf.edits.insert(f.offset(ta.X.Pos()), "func(_dsv "+typ+") ("+typ+", bool) { return _dsv, _dsv != nil }(")
	sf.edits = append(sf.edits, edit{off: f.offset(ta.X.End()), end: f.offset(ta.End()), text: ")"})
	return true
}

// emptyInterfaceValue rewrites ta, an assertion without a second result,
// when it asserts to an empty interface type (x.(any)), which yaegi fails
// whatever x holds ("interface conversion: nil is not interface{}",
// yaegi #1718): the assertion gives x as the empty interface when x is
// not nil, and panics with Go's error when it is.
//
//	x.(any)  →  func(_dsv any) any { if _dsv == nil { panic(_dsrt.TypeAssertionFailed(nil, (*any)(nil), "interface", "interface {}", nil, nil, nil)) }; return _dsv }(x)
func (f *folder) emptyInterfaceValue(sf *srcFile, ta *ast.TypeAssertExpr) bool {
	if ta.Type == nil {
		return false
	}
	target := f.typeOf(ta.Type)
	if _, isParam := types.Unalias(target).(*types.TypeParam); isParam || !isEmptyInterface(target) {
		return false
	}
	if t := f.typeOf(ta.X); t == nil || !types.IsInterface(t) {
		return false
	}
	typ := f.text(sf, ta.Type)
	sf.edits.insert(f.offset(ta.X.Pos()), "func(_dsv "+typ+") "+typ+" { if _dsv == nil { panic(_dsrt.TypeAssertionFailed(nil, (*"+typ+")(nil), \"interface\", "+strconv.Quote(runtimeTypeString(target))+", nil, nil, nil)) }; return _dsv }(")
	sf.edits = append(sf.edits, edit{off: f.offset(ta.X.End()), end: f.offset(ta.End()), text: ")"})
	sf.addImport("_dsrt", desugarPath)
	return true
}

// assertionsOf returns the type assertions of file (not type switches),
// with those whose second result is asked for (v, ok := x.(T)).
func assertionsOf(file *ast.File) (all []*ast.TypeAssertExpr, commaOk map[*ast.TypeAssertExpr]bool) {
	commaOk = make(map[*ast.TypeAssertExpr]bool)
	mark := func(e ast.Expr) {
		if ta, ok := ast.Unparen(e).(*ast.TypeAssertExpr); ok {
			commaOk[ta] = true
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				mark(n.Rhs[0])
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				mark(n.Values[0])
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				all = append(all, n)
			}
		}
		return true
	})
	return all, commaOk
}

// rewriteAssertion replaces ta, an assertion without a second result of
// the file numbered index, by a call of a function declared for it, when
// it asserts to a concrete type; it reports whether it did.
func (f *folder) rewriteAssertion(sf *srcFile, index int, ta *ast.TypeAssertExpr) bool {
	from, ok := f.assertionOperand(sf, ta)
	if !ok {
		return false
	}
	info := f.typeInfo()
	operand, target := info.TypeOf(ta.X), info.TypeOf(ta.Type)
	if types.IsInterface(target) {
		return false
	}
	// The target is spelled as written (os.PathError stays os.PathError,
	// an alias of a type of a package the file does not import).
	to := f.text(sf, ta.Type)
	name := fmt.Sprintf("_dsa%d_%d", index, f.offset(ta.Pos()))
	samples, names := f.structSamples()
	asserted := "x"
	if f.wholeAssertion(ta) {
		asserted = wholeCall + "(x)"
		sf.addImport(methodsAlias, methodsPath)
	}
	body := fmt.Sprintf("%s { if x != nil { if v, ok := "+asserted+".(%s); ok { return v } }; panic(_dsrt.TypeAssertionFailed((*%s)(nil), (*%s)(nil), %q, %q, x, []any{%s}, []string{%s})) }",
		to, to, from, to, f.instanceNamed(runtimeTypeString(operand)), f.instanceNamed(runtimeTypeString(target)), samples, names)
	sf.addImport("_dsrt", desugarPath)
	fmt.Fprintf(&sf.decls, "\nfunc %s(x %s) %s\n", name, from, body)
	callAround(f, sf, ta, name)
	return true
}

// callAround makes ta, a type assertion x.(T), the call name(x). The
// closing parenthesis closes what the insertion at the assertion's start
// opened, first at its end: the evalOrder pass, copying x (a call) before
// the statement, leaves name( with the assertion (see takeOperation).
func callAround(f *folder, sf *srcFile, ta *ast.TypeAssertExpr, name string) {
	start, end := f.offset(ta.Pos()), f.offset(ta.End())
	sf.edits.insert(start, name+"(")
	sf.edits = append(edits{closing(start, end, ")")}, sf.edits...)
	sf.edits = append(sf.edits, edit{off: f.offset(ta.X.End()), end: end, text: ""})
}

// assertionOperand returns the type of the operand of ta as code of sf
// spells it, or false when a function declared at package level cannot
// take the operand and return the target (a type parameter, a type
// declared in a function, a type of a package sf does not import).
func (f *folder) assertionOperand(sf *srcFile, ta *ast.TypeAssertExpr) (string, bool) {
	info := f.typeInfo()
	if info == nil {
		return "", false
	}
	operand, target := info.TypeOf(ta.X), info.TypeOf(ta.Type)
	if operand == nil || target == nil || !f.packageLevel(operand) || !f.packageLevel(target) {
		return "", false
	}
	return f.typeName(sf, operand)
}

// packageLevel reports whether every type t is made of can be named at
// package level: no type parameters, no types declared in a function.
func (f *folder) packageLevel(t types.Type) bool {
	ok := true
	var walk func(types.Type)
	seen := make(map[types.Type]bool)
	walk = func(t types.Type) {
		if !ok || seen[t] {
			return
		}
		seen[t] = true
		switch t := types.Unalias(t).(type) {
		case *types.TypeParam:
			ok = false
		case *types.Named:
			// Objects of imported packages may have no parent scope.
			if obj := t.Obj(); obj.Pkg() != nil && obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() {
				ok = false
			}
			for a := range t.TypeArgs().Types() {
				walk(a)
			}
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Signature:
			for v := range t.Params().Variables() {
				walk(v.Type())
			}
			for v := range t.Results().Variables() {
				walk(v.Type())
			}
		case *types.Struct:
			for v := range t.Fields() {
				walk(v.Type())
			}
		case *types.Interface:
			for m := range t.Methods() {
				walk(m.Type())
			}
		}
	}
	walk(t)
	return ok
}

// structSamples returns, as code, zero values of the package's own
// struct types declared at package level (not generic), and their names
// as Go's run-time type strings give them, for TypeAssertionFailed to name a
// dynamic type by.
func (f *folder) structSamples() (samples, names string) {
	var found []*types.TypeName
	for _, obj := range f.typeInfo().Defs {
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.IsAlias() || tn.Parent() != tn.Pkg().Scope() {
			continue
		}
		if n, ok := tn.Type().(*types.Named); ok && n.TypeParams() == nil {
			if _, isStruct := n.Underlying().(*types.Struct); isStruct {
				found = append(found, tn)
			}
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Name() < found[j].Name() })
	var s, n []string
	for _, tn := range found {
		s = append(s, tn.Name()+"{}")
		// An instance of a generic type written out goes by the
		// instance's name (route.Box[int]), not the copy's.
		n = append(n, strconv.Quote(f.instanceNamed(runtimeTypeString(tn.Type()))))
	}
	return strings.Join(s, ", "), strings.Join(n, ", ")
}

// runtimeTypeString spells t as Go's run-time type strings do (the text
// of a failed assertion's panic): package names rather than paths, byte
// as uint8, interface {} and struct { ... } with spaces.
func runtimeTypeString(t types.Type) string {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.Byte:
			return "uint8"
		case types.Rune:
			return "int32"
		}
		return t.Name()
	case *types.Named:
		name := t.Obj().Name()
		if pkg := t.Obj().Pkg(); pkg != nil {
			name = pkg.Name() + "." + name
		}
		if args := t.TypeArgs(); args.Len() > 0 {
			var list []string
			for a := range args.Types() {
				list = append(list, runtimeTypeString(a))
			}
			name += "[" + strings.Join(list, ",") + "]"
		}
		return name
	case *types.Pointer:
		return "*" + runtimeTypeString(t.Elem())
	case *types.Slice:
		return "[]" + runtimeTypeString(t.Elem())
	case *types.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), runtimeTypeString(t.Elem()))
	case *types.Map:
		return "map[" + runtimeTypeString(t.Key()) + "]" + runtimeTypeString(t.Elem())
	case *types.Chan:
		switch t.Dir() {
		case types.RecvOnly:
			return "<-chan " + runtimeTypeString(t.Elem())
		case types.SendOnly:
			return "chan<- " + runtimeTypeString(t.Elem())
		}
		return "chan " + runtimeTypeString(t.Elem())
	case *types.Signature:
		return "func" + signatureString(t)
	case *types.Interface:
		if t.NumMethods() == 0 {
			return "interface {}"
		}
		var methods []string
		for m := range t.Methods() {
			methods = append(methods, m.Name()+signatureString(m.Type().(*types.Signature)))
		}
		return "interface { " + strings.Join(methods, "; ") + " }"
	case *types.Struct:
		if t.NumFields() == 0 {
			return "struct {}"
		}
		var fields []string
		for i := range t.NumFields() {
			v := t.Field(i)
			field := runtimeTypeString(v.Type())
			if !v.Embedded() {
				field = v.Name() + " " + field
			}
			if tag := t.Tag(i); tag != "" {
				field += " " + strconv.Quote(tag)
			}
			fields = append(fields, field)
		}
		return "struct { " + strings.Join(fields, "; ") + " }"
	}
	return t.String()
}

// signatureString spells the parameters and results of sig as Go's
// run-time type strings do: (int, ...string) (bool, error).
func signatureString(sig *types.Signature) string {
	var params []string
	for i := range sig.Params().Len() {
		p := runtimeTypeString(sig.Params().At(i).Type())
		if sig.Variadic() && i == sig.Params().Len()-1 {
			p = "..." + strings.TrimPrefix(p, "[]")
		}
		params = append(params, p)
	}
	s := "(" + strings.Join(params, ", ") + ")"
	switch sig.Results().Len() {
	case 0:
	case 1:
		s += " " + runtimeTypeString(sig.Results().At(0).Type())
	default:
		var results []string
		for v := range sig.Results().Variables() {
			results = append(results, runtimeTypeString(v.Type()))
		}
		s += " (" + strings.Join(results, ", ") + ")"
	}
	return s
}

// methodsAlias is the name the rewritten source imports internal/methods
// by.
const methodsAlias = "__devserver_methods"

// wholeCall is the function a type assertion of an error to a struct type
// of the package asks for the error's value whole (see wholeAssertion).
const wholeCall = methodsAlias + ".Whole"

// wholeAssertion reports whether ta asserts an error to a struct type of
// the package whose values yaegi's error wrappers carry whole (see
// wholeErrorStruct): the wrapper holds one of the value's fields, which
// yaegi's assertion takes for the value (err.(ValidationError) failed),
// so the assertion is made of methods.Whole(err), the value itself.
func (f *folder) wholeAssertion(ta *ast.TypeAssertExpr) bool {
	return ta.Type != nil && f.wholeCase(ta.X, ta.Type)
}

// wholeCase reports whether asserting x to the type target (an
// assertion, or a case of a type switch on x) is made of the value whole
// (see wholeAssertion): x is an error, target a struct type of the
// package whose values yaegi's error wrappers carry whole.
func (f *folder) wholeCase(x, target ast.Expr) bool {
	info := f.typeInfo()
	if info == nil {
		return false
	}
	operand := info.TypeOf(x)
	named, ok := types.Unalias(info.TypeOf(target)).(*types.Named)
	return ok && operand != nil && types.Identical(operand, types.Universe.Lookup("error").Type()) && f.wholeErrorStruct(named)
}
