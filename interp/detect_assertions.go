package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"

	"github.com/devserver/devserver/internal/jsonfix"
)

func init() {
	register("a type assertion or type switch case to a type the interpreter cannot tell from another: a named non-struct type and its underlying type (type Celsius float64 and float64), or struct types with the same fields (yaegi compares the reflect types it builds, so the assertion succeeds where Go's fails)", findAmbiguousAssertions)
	register("a type assertion without a second result to a concrete type, in a package declaring struct types with the same fields (its panic cannot tell which one the value is)", findAmbiguousFailures)
	register("a type assertion or type switch case to a non-pointer type of interpreted code, of a parameter whose type is an interface with methods declared in Go source (yaegi's value of an argument that was a call's result, or a value converted on the spot, misses it: kind(newSquare()) with func kind(s Shape))", findParamValueAssertions)
	register("a type assertion or type switch case of a value held in a compiled interface (io.Writer, error, http.Handler) to a non-pointer type of interpreted code (yaegi keeps such a value in a wrapper the assertion does not see through: it fails)", findWrappedValueAssertions)
}

// findAmbiguousAssertions finds the type assertions and type switch cases
// to a concrete type that yaegi represents as it does another type a
// value may have: a named non-struct type declared in interpreted code
// (its values are of its underlying type in yaegi: c.(float64) of a
// Celsius succeeds, as does x.(Celsius) of a float64), an unnamed or
// basic type that a named type of the package has as underlying type,
// and a struct type of the package with the same fields as another
// (t.(V) of a T{1} succeeds when both are struct{ n int }).
func findAmbiguousAssertions(f *folder, sf *srcFile) []token.Pos {
	var targets []ast.Expr
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				targets = append(targets, n.Type)
			}
		case *ast.TypeSwitchStmt:
			for _, c := range n.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					// A type of the package on a basic type is
					// findBasicTypeCases'.
					if spec := f.types[identName(e)]; spec == nil || !basicTypeNames[identName(spec.Type)] {
						targets = append(targets, e)
					}
				}
			}
		}
		return true
	})
	if len(targets) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	// The types a value may have instead: the package's own, but those
	// serving as context keys only, and those of the interpreted packages
	// it imports.
	// And those declared in the functions of the packages it imports:
	// v.(geo.Point) of what geo.Origin returned, a func-local pt of the
	// same fields, succeeded in dev.
	others := append(slices.DeleteFunc(declaredTypes(info), f.onlyContextKeys), f.importedNamed()...)
	others = append(others, f.importedLocalTypes()...)
	var out []token.Pos
	for _, e := range targets {
		tv, ok := info.Types[e]
		if ok && tv.IsType() && f.ambiguous(tv.Type, others, 0) {
			out = append(out, e.Pos())
		}
	}
	return out
}

// declaredTypes returns the named types the package declares, at package
// level or in functions, interfaces and generic types excepted.
func declaredTypes(info *types.Info) []*types.Named {
	var out []*types.Named
	for _, obj := range info.Defs {
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		if n, ok := tn.Type().(*types.Named); ok && n.TypeParams() == nil && !types.IsInterface(n) {
			out = append(out, n)
		}
	}
	return out
}

// ambiguous reports whether a value of another type may pass for a value
// of t in yaegi (see findAmbiguousAssertions): t is, or is made of
// (through unnamed pointers, slices, arrays, maps, channels, functions
// and structs), a named non-struct type of interpreted code, a type one
// of others has as underlying type, or a struct type with the same fields
// as one of others: a value of roles.Role (type Role string) asserted to
// string, or a []tag to []string, succeeds in yaegi.
func (f *folder) ambiguous(t types.Type, others []*types.Named, depth int) bool {
	if depth > 6 {
		return false
	}
	t = types.Unalias(t)
	if types.IsInterface(t) {
		return false
	}
	n, named := t.(*types.Named)
	if named && n.Obj().Pkg() != nil && n.TypeParams() == nil {
		_, interpreted := f.interpretedNamed(n)
		local := n.Obj().Pkg().Path() == f.importPath
		if !interpreted && !local {
			return false // compiled: its reflect type is its own
		}
		if _, isStruct := n.Underlying().(*types.Struct); !isStruct {
			return true
		}
		if f.inPlaceShadows(n) {
			return true
		}
	}
	for _, d := range others {
		if !types.Identical(d, t) && types.IdenticalIgnoreTags(d.Underlying(), t.Underlying()) && !tagsTell(d.Underlying(), t.Underlying()) {
			return true
		}
	}
	if named {
		return false
	}
	in := func(parts ...types.Type) bool {
		for _, p := range parts {
			if f.ambiguous(p, others, depth+1) {
				return true
			}
		}
		return false
	}
	switch u := t.(type) {
	case *types.Pointer:
		return in(u.Elem())
	case *types.Slice:
		return in(u.Elem())
	case *types.Array:
		return in(u.Elem())
	case *types.Map:
		return in(u.Key(), u.Elem())
	case *types.Chan:
		return in(u.Elem())
	case *types.Signature:
		for _, tup := range []*types.Tuple{u.Params(), u.Results()} {
			for i := range tup.Len() {
				if in(tup.At(i).Type()) {
					return true
				}
			}
		}
	case *types.Struct:
		for i := range u.NumFields() {
			if in(u.Field(i).Type()) {
				return true
			}
		}
	}
	return false
}

// importedNamed returns the named types, interfaces and generic types
// excepted, declared at package level in the packages of other folders
// the package imports, directly or not, that the interpreter runs from
// source.
func (f *folder) importedNamed() []*types.Named {
	if f.pkg == nil {
		return nil
	}
	var out []*types.Named
	seen := map[*types.Package]bool{f.pkg: true}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if seen[imp] || !fromSource(imp.Path()) {
				continue
			}
			seen[imp] = true
			scope := imp.Scope()
			for _, name := range scope.Names() {
				tn, ok := scope.Lookup(name).(*types.TypeName)
				if !ok || tn.IsAlias() {
					continue
				}
				if n, ok := tn.Type().(*types.Named); ok && n.TypeParams() == nil && !types.IsInterface(n) {
					out = append(out, n)
				}
			}
			visit(imp)
		}
	}
	visit(f.pkg)
	return out
}

// isNamed reports whether t is a named type (not a literal).
func isNamed(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Named)
	return ok
}

// findAmbiguousFailures finds the assertions without a second result to
// a concrete type in a package declaring two struct types with the same
// fields (two empty structs): the typeAssertions pass names the dynamic
// type of a failed one by its reflect type, which both share in yaegi.
func findAmbiguousFailures(f *folder, sf *srcFile) []token.Pos {
	asserts, commaOk := assertionsOf(sf.syntax)
	var candidates []*ast.TypeAssertExpr
	for _, ta := range asserts {
		if !commaOk[ta] {
			candidates = append(candidates, ta)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil || !lookAlikeStructs(declaredTypes(info)) {
		return nil
	}
	var out []token.Pos
	for _, ta := range candidates {
		if t := info.TypeOf(ta.Type); t != nil && !types.IsInterface(t) {
			out = append(out, ta.Pos())
		}
	}
	return out
}

// lookAlikeStructs reports whether two of the struct types in declared
// have the same fields.
func lookAlikeStructs(declared []*types.Named) bool {
	var structs []*types.Struct
	for _, n := range declared {
		if st, ok := n.Underlying().(*types.Struct); ok {
			for _, other := range structs {
				if types.IdenticalIgnoreTags(st, other) && !tagsTell(st, other) {
					return true
				}
			}
			structs = append(structs, st)
		}
	}
	return false
}

// findWrappedValueAssertions finds the type assertions and type switch
// cases to a named non-pointer type of interpreted code, of an operand
// whose static type is an interface with methods that compiled code
// declares (var w io.Writer = W{2}; w.(W)): yaegi holds such a value in
// the interface's generated wrapper, and the assertion fails (a pointer,
// w.(*W), is seen through).
func findWrappedValueAssertions(f *folder, sf *srcFile) []token.Pos {
	candidates := assertionsIn(sf.syntax)
	if len(candidates) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	for _, c := range candidates {
		operand, target := info.TypeOf(c.operand), info.TypeOf(c.target)
		if operand == nil || target == nil || !f.compiledInterface(operand) {
			continue
		}
		if f.wholeCase(c.operand, c.target) {
			continue // made of the value whole (see wholeAssertion)
		}
		if f.interpretedConcrete(target) {
			out = append(out, c.target.Pos())
		}
	}
	return out
}

// assertion is an operand and a type it is asserted to, by a type
// assertion or by a case of a type switch.
type assertion struct{ operand, target ast.Expr }

// assertionsIn returns the assertions of file, in source order.
func assertionsIn(file *ast.File) []assertion {
	var out []assertion
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				out = append(out, assertion{n.X, n.Type})
			}
		case *ast.TypeSwitchStmt:
			x := typeSwitchOperand(n)
			for _, c := range n.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					out = append(out, assertion{x, e})
				}
			}
		}
		return true
	})
	return out
}

// interpretedConcrete reports whether t is a named type other than an
// interface declared in interpreted code: the folder's own package or
// another the interpreter runs.
func (f *folder) interpretedConcrete(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || types.IsInterface(n) {
		return false
	}
	_, interpreted := f.interpretedNamed(n)
	return interpreted || n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == f.importPath
}

// typeSwitchOperand returns x of switch x.(type) or switch v := x.(type).
func typeSwitchOperand(ts *ast.TypeSwitchStmt) ast.Expr {
	var e ast.Expr
	switch a := ts.Assign.(type) {
	case *ast.ExprStmt:
		e = a.X
	case *ast.AssignStmt:
		e = a.Rhs[0]
	}
	if ta, ok := ast.Unparen(e).(*ast.TypeAssertExpr); ok {
		return ta.X
	}
	return e
}

// compiledInterface reports whether t is an interface type with methods
// that compiled code declares (error, the standard library's, the next
// package's): yaegi wraps the values of interpreted types it holds.
func (f *folder) compiledInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false // a literal: yaegi declares it
	}
	if n.Obj().Pkg() == nil {
		return true // error
	}
	_, interpreted := f.interpretedNamed(n)
	return !interpreted && n.TypeArgs() == nil
}

// findParamValueAssertions finds the type assertions and type switch
// cases to a named non-pointer type of interpreted code whose operand is
// a parameter of an interface type with methods that yaegi declares
// (func kind(s Shape) { switch s.(type) { case Square:): when the
// argument was a call's result (kind(newSquare()), or a value the
// ifaceCopies pass converts on the spot, kind(Square{2})), yaegi's value
// in the parameter fails the assertion. A local variable given such a
// value holds it as the compiler does, and so does a pointer type's.
func findParamValueAssertions(f *folder, sf *srcFile) []token.Pos {
	candidates := assertionsIn(sf.syntax)
	if len(candidates) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	params := parameters(sf.syntax, info)
	localized := f.localizableParams(sf, info) // declared again as locals: see paramLocals
	var out []token.Pos
	for _, c := range candidates {
		id, ok := ast.Unparen(c.operand).(*ast.Ident)
		if !ok {
			continue
		}
		v, _ := info.Uses[id].(*types.Var)
		if _, ok := localized[v]; v == nil || !params[v] || ok || !interpreterDeclares(v.Type()) {
			continue
		}
		if f.interpretedConcrete(info.TypeOf(c.target)) {
			out = append(out, c.target.Pos())
		}
	}
	return out
}

// parameters returns the parameters of the functions, methods and
// function literals of file.
func parameters(file *ast.File, info *types.Info) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	ast.Inspect(file, func(n ast.Node) bool {
		if ft, ok := n.(*ast.FuncType); ok && ft.Params != nil {
			for _, field := range ft.Params.List {
				for _, id := range field.Names {
					if v, ok := info.Defs[id].(*types.Var); ok {
						out[v] = true
					}
				}
			}
		}
		return true
	})
	return out
}

// onlyContextKeys reports whether the values of n, an unexported type of
// the package, serve as context keys only: every expression of type n is
// the key of context.WithValue or of a Context's Value method (which the
// contextKeys pass wraps with the type's name), a declared value of a
// constant or variable of type n, an operand of a conversion to n, or
// compared with ==. No value of n then reaches an interface as itself,
// and an assertion to its underlying type cannot meet one
// (ctx.Value(requestIDKey).(string) beside type ctxKey string).
func (f *folder) onlyContextKeys(n *types.Named) bool {
	if n.Obj().Exported() || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != f.importPath {
		return false
	}
	info := f.typeInfo()
	if info == nil {
		return false
	}
	isN := func(e ast.Expr) bool {
		tv, ok := info.Types[e]
		return ok && tv.IsValue() && types.Identical(tv.Type, n)
	}
	used, ok := false, true
	for _, sf := range f.files {
		var stack []ast.Node
		ast.Inspect(sf.syntax, func(node ast.Node) bool {
			if node == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if !ok {
				return false
			}
			if e, isExpr := node.(ast.Expr); isExpr && len(stack) > 0 && isN(e) {
				used = true
				ok = keyUse(info, n, e, stack)
			}
			stack = append(stack, node)
			return true
		})
	}
	return used && ok
}

// keyUse reports whether e, an expression of type n whose ancestors are
// stack, is used as onlyContextKeys allows.
func keyUse(info *types.Info, n *types.Named, e ast.Expr, stack []ast.Node) bool {
	i := len(stack) - 1
	for i > 0 {
		if _, paren := stack[i].(*ast.ParenExpr); !paren {
			break
		}
		i--
	}
	switch p := stack[i].(type) {
	case *ast.CallExpr:
		if tv, ok := info.Types[p.Fun]; ok && tv.IsType() {
			return types.Identical(tv.Type, n)
		}
		key := contextKeyArg(info, p)
		return key != nil && ast.Unparen(key) == ast.Unparen(e)
	case *ast.ValueSpec:
		for _, name := range p.Names {
			if obj := info.Defs[name]; obj == nil || !types.Identical(obj.Type(), n) {
				return false
			}
		}
		return true
	case *ast.BinaryExpr:
		other := p.X
		if ast.Unparen(other) == ast.Unparen(e) {
			other = p.Y
		}
		t := info.TypeOf(other)
		return (p.Op == token.EQL || p.Op == token.NEQ) && t != nil && types.Identical(t, n)
	}
	return false
}

// tagsTell reports whether yaegi's reflect types for a and b, struct types
// identical but for their tags, surely differ (reflect.StructOf keeps
// tags): an exported field that is not embedded has another set of tag
// keys and values in one than in the other. The rewrite sets only its own
// keys on such fields, keeping the others as setTag reads them; on
// unexported and embedded fields it sets json:"-" and xml:"-", which may
// make two differing tags alike (those are not compared).
func tagsTell(a, b types.Type) bool {
	sa, ok := a.(*types.Struct)
	if !ok {
		return false
	}
	sb, ok := b.(*types.Struct)
	if !ok || sa.NumFields() != sb.NumFields() {
		return false
	}
	for i := range sa.NumFields() {
		f := sa.Field(i)
		if !f.Exported() || f.Embedded() {
			continue
		}
		if !maps.Equal(userTagPairs(sa.Tag(i)), userTagPairs(sb.Tag(i))) {
			return true
		}
	}
	return false
}

// userTagPairs returns the keys and values of tag as setTag reads them,
// but the rewrite's own keys.
func userTagPairs(tag string) map[string]string {
	out := map[string]string{}
	for _, p := range tagPairs(tag) {
		switch p.key {
		case jsonfix.Tag, jsonfix.NamesTag, "devservertype":
		default:
			out[p.key] = p.value
		}
	}
	return out
}
