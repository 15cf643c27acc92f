package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// asNamedCalls is the pass for errors.As into a variable of a type of
// interpreted code that is not a struct with fields and whose values are
// errors (type Code int, type ValidationErrors []FieldError, type
// ErrEmpty struct{} with an Error method of a value receiver): yaegi's
// reflect type for it is its underlying type's, which other types share,
// so errors.As took a Status(500) for a Code. Such a call asks
// methods.AsNamed with the type's name, which the wrappers of its values
// carry (see errorValues, which the type's own package runs):
//
//	errors.As(err, &code)  →  __devserver_methods.AsNamed(err, &code, "example.com/app/app/api.Code")
func asNamedCalls(f *folder) (bool, []diagnostic) {
	changed := false
	for _, sf := range f.accepted() {
		for _, call := range sf.calls("errors", "As") {
			n, ok := f.namedAsTarget(call)
			if !ok {
				continue
			}
			id := n.Obj().Pkg().Path() + "." + n.Obj().Name()
			sf.edits = append(sf.edits, edit{off: f.offset(call.Fun.Pos()), end: f.offset(call.Fun.End()), text: methodsAlias + ".AsNamed"})
			sf.edits.insert(f.offset(call.Args[1].End()), ", "+strconv.Quote(id))
			sf.addImport(methodsAlias, methodsPath)
			changed = true
		}
	}
	return changed, nil
}

// namedAsTarget returns the type of the variable call, a call of
// errors.As, finds an error into, when asNamedCalls rewrites it: a call
// of errors.As(err, &v) with v of a type of interpreted code declared at
// package level, not generic, not an interface, not a struct with fields
// (whose values the wrappers carry with a reflect type of their own, see
// wholeError), whose values are errors.
func (f *folder) namedAsTarget(call *ast.CallExpr) (*types.Named, bool) {
	info := f.typeInfo()
	if info == nil || len(call.Args) != 2 {
		return nil, false
	}
	if fn := calledFunc(info, call); fn == nil || fn.FullName() != "errors.As" {
		return nil, false
	}
	u, ok := ast.Unparen(call.Args[1]).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil, false
	}
	n, ok := types.Unalias(info.TypeOf(u.X)).(*types.Named)
	if !ok || types.IsInterface(n) || n.TypeParams() != nil || n.TypeArgs() != nil {
		return nil, false
	}
	obj := n.Obj()
	if obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() || !f.interpretedPkg(obj.Pkg()) || !hasErrorMethod(n) {
		return nil, false
	}
	if st, ok := n.Underlying().(*types.Struct); ok && st.NumFields() > 0 {
		return nil, false
	}
	return n, true
}
