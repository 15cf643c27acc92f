package interp

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
)

// yaegi asserts a value of interpreted code held in an empty interface to
// an interface type of compiled code with methods (x.(error), a case
// fmt.Stringer: of a type switch on an any) by comparing method signature
// strings that never match, the receiver being in one and not the other:
// the assertion with a second result fails, and the one without yields
// a nil interface (e := x.(error); e.Error() panics). Its assertion to a
// concrete type with a second result answers as Go's does (see
// typeSwitches), and a value of compiled code it asserts as Go does.
//
// So such an assertion, with a second result or as a type switch case,
// becomes a call of a function the rewrite declares after the file's last
// line, which asserts to each type of interpreted code implementing the
// interface first, then to the interface itself for the rest:
//
//	e, ok := x.(error)  →  e, ok := _dsi0_0(x)
//	func _dsi0_0(_dsx interface{}) (error, bool) { if _dsx == nil { return nil, false }; if _dsv, _dsok := _dsx.(*NotFound); _dsok { return _dsv, true }; …; _dsv, _dsok := _dsx.(error); return _dsv, _dsok }
//
// It must see every such type a value may have: the package-level types
// of the package and of the interpreted packages it imports (a type
// declared in a function, or of a package the file does not import, and
// there is no such function: ifaceAssertion reports false). Only a route's
// package sees them all: no other package hands it values (see
// ifaceAssertionSound); elsewhere the function still fixes the assertion
// for the types the package sees. A type yaegi
// cannot tell from another (ambiguous) is left to the detectors, and so
// is one with methods beyond the interface's (and an error's Unwrap, Is
// and As): held in a compiled interface of those methods before it was
// put in the any, yaegi's value is its wrapper for that interface, which
// neither the type's assertion nor the interface's matches.

// ifaceAssertion returns the name of the function asserting x, an operand
// of an empty interface type, to target, an interface type of compiled
// code with methods, as Go does (see above), declaring it in sf the first
// time; false when there is no such function. With no type to try first,
// the function still spares yaegi a nil operand, which its assertion to
// a compiled interface panics on (see nilAssertions).
func (f *folder) ifaceAssertion(sf *srcFile, x, target ast.Expr) (string, bool) {
	info := f.typeInfo()
	if info == nil {
		return "", false
	}
	cands, ok := f.ifaceCandidates(sf, info.TypeOf(x), info.TypeOf(target))
	if !ok {
		return "", false
	}
	return f.ifaceFunc(sf, target, cands), true
}

// ifaceFunc returns the name of the function asserting to target by
// trying the types cands first, declaring it in sf the first time.
func (f *folder) ifaceFunc(sf *srcFile, target ast.Expr, cands []string) string {
	to := f.text(sf, target)
	if f.ifaceAsserts == nil {
		f.ifaceAsserts = make(map[*srcFile]map[string]string)
	}
	if f.ifaceAsserts[sf] == nil {
		f.ifaceAsserts[sf] = make(map[string]string)
	}
	if name, ok := f.ifaceAsserts[sf][to]; ok {
		return name
	}
	name := fmt.Sprintf("_dsi%d_%d", slices.Index(f.accepted(), sf), len(f.ifaceAsserts[sf]))
	f.ifaceAsserts[sf][to] = name
	// yaegi's assertion of a nil operand to a compiled interface panics
	// (see nilAssertions).
	fmt.Fprintf(&sf.decls, "\nfunc %s(_dsx interface{}) (%s, bool) { if _dsx == nil { return nil, false };", name, to)
	for _, c := range cands {
		fmt.Fprintf(&sf.decls, " if _dsv, _dsok := _dsx.(%s); _dsok { return _dsv, true };", c)
	}
	fmt.Fprintf(&sf.decls, " _dsv, _dsok := _dsx.(%s); return _dsv, _dsok }\n", to)
	return name
}

// ifaceCandidates returns, as code of sf spells them, the types of
// interpreted code a value of operand may have that implement target,
// when operand is an empty interface, target an interface type of
// compiled code with methods, and an assertion trying those types first
// answers as Go's does (see above); false otherwise.
func (f *folder) ifaceCandidates(sf *srcFile, operand, target types.Type) ([]string, bool) {
	if !isEmptyInterface(operand) || target == nil || interpreterDeclares(target) || !f.packageLevel(target) {
		return nil, false
	}
	it, ok := target.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return nil, false
	}
	allowed := make(map[string]bool)
	for m := range it.Methods() {
		allowed[m.Name()] = true
	}
	if allowed["Error"] {
		allowed["Unwrap"], allowed["Is"], allowed["As"] = true, true, true
	}
	info := f.typeInfo()
	// A type declared in a function has methods by embedding only; the
	// function declared at package level cannot name it.
	for _, n := range declaredTypes(info) {
		if obj := n.Obj(); obj.Parent() != obj.Pkg().Scope() && implementsEither(n, it) {
			return nil, false
		}
	}
	others := append(slices.DeleteFunc(declaredTypes(info), f.onlyContextKeys), f.importedNamed()...)
	var cands []string
	for _, n := range f.visibleTypes() {
		if types.IsInterface(n) || !f.interpretedPkg(n.Obj().Pkg()) || !implementsEither(n, it) {
			continue
		}
		ms := types.NewMethodSet(types.NewPointer(n))
		for i := range ms.Len() {
			if !allowed[ms.At(i).Obj().Name()] {
				return nil, false
			}
		}
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			if !types.Implements(t, it) {
				continue
			}
			if f.ambiguous(t, others, 0) {
				return nil, false
			}
			name, ok := f.typeName(sf, t)
			if !ok {
				return nil, false
			}
			cands = append(cands, name)
		}
	}
	return cands, true
}

// implementsEither reports whether n or *n implements it.
func implementsEither(n *types.Named, it *types.Interface) bool {
	return types.Implements(n, it) || types.Implements(types.NewPointer(n), it)
}

// ifaceAssertionCall is the part of the typeAssertions pass rewriting ta, an
// assertion with a second result, as ifaceAssertion says.
func (f *folder) ifaceAssertionCall(sf *srcFile, ta *ast.TypeAssertExpr) bool {
	info := f.typeInfo()
	if ta.Type == nil || info == nil {
		return false
	}
	// Without a type to try first, the assertion is yaegi's, whose nil
	// operand nilAssertions guards.
	cands, ok := f.ifaceCandidates(sf, info.TypeOf(ta.X), info.TypeOf(ta.Type))
	if !ok || len(cands) == 0 {
		return false
	}
	callAround(f, sf, ta, f.ifaceFunc(sf, ta.Type, cands))
	if f.ifaceCalls == nil {
		f.ifaceCalls = make(map[*ast.TypeAssertExpr]bool)
	}
	f.ifaceCalls[ta] = true
	return true
}

// ifaceCaseFixed reports whether the type switch case e of ts, an
// interface type with methods, matches as Go's does once typeSwitches
// desugared it (see ifaceAssertionSound).
func (f *folder) ifaceCaseFixed(sf *srcFile, ts *ast.TypeSwitchStmt, e ast.Expr) bool {
	x := typeSwitchOperand(ts)
	return x != nil && f.ifaceAssertionSound(sf, x, e)
}

// ifaceAssertionSound reports whether asserting x to target answers as
// Go's assertion does, as it is or through ifaceAssertion's function: in
// a route's package, which sees every type of interpreted code its values
// may have (another package may be handed values of a route's types,
// which it cannot name).
func (f *folder) ifaceAssertionSound(sf *srcFile, x, target ast.Expr) bool {
	info := f.typeInfo()
	if info == nil {
		return false
	}
	_, ok := f.ifaceCandidates(sf, info.TypeOf(x), info.TypeOf(target))
	return ok && f.isRoute()
}
