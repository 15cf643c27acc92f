package interp

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"strconv"
)

// contextKeys is the pass for context keys of types declared in the
// package: yaegi represents type ctxKey string by a plain string and
// struct key types by unnamed structs, so ctx.Value("request-id") found
// what context.WithValue stored under ctxKey("request-id"), and two empty
// struct key types were one key. The key operands of context.WithValue and
// of a Context's Value method whose static type is such a type, or one of
// another package the interpreter runs (a route reading what a shared
// package stored under auth.UserKey), are given their type's name
// (internal/desugar's ContextKey):
//
//	context.WithValue(ctx, requestIDKey, id)  →  context.WithValue(ctx, _dsrt.ContextKey(requestIDKey, "example.com/app/api.ctxKey"), id)
func contextKeys(f *folder) (bool, []diagnostic) {
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		key := contextKeyArg(info, call)
		if key == nil {
			return false
		}
		// A shared package's key type too: its own calls name its keys
		// so, and the route's ctx.Value(auth.UserKey) must find them.
		named, ok := f.interpretedNamed(info.TypeOf(key))
		id := ""
		if ok {
			id = named.Obj().Pkg().Path() + "." + named.Obj().Name()
		} else if named, ok = f.declaredLocally(info.TypeOf(key)); ok {
			// A key type declared in a function (type keyA struct{}
			// in a handler) is the interpreter's too: ctx.Value(keyB{})
			// found what keyA{} stored. Two functions may each declare
			// a type of that name, which are two types: the place of
			// the declaration tells them apart.
			pos := f.fset.Position(named.Obj().Pos())
			id = named.Obj().Pkg().Path() + "." + named.Obj().Name() + "@" + filepath.Base(pos.Filename) + ":" + strconv.Itoa(pos.Offset)
		}
		if !ok || types.IsInterface(named) {
			return false
		}
		text := sf.take(f, key)
		sf.addImport("_dsrt", desugarPath)
		sf.edits = append(sf.edits, edit{off: f.offset(key.Pos()), end: f.offset(key.End()), text: "_dsrt.ContextKey(" + text + ", " + strconv.Quote(id) + ")"})
		return true
	}), nil
}

// contextKeyArg returns the key operand of call when it is
// context.WithValue or the Value method of a context.Context.
func contextKeyArg(info *types.Info, call *ast.CallExpr) ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal && sel.Sel.Name == "Value" && len(call.Args) == 1 && isContext(s.Recv()) {
		return call.Args[0]
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if ok && fn.Pkg() != nil && fn.Pkg().Path() == "context" && fn.Name() == "WithValue" && len(call.Args) == 3 {
		return call.Args[1]
	}
	return nil
}

// isContext reports whether t has a context.Context's methods (Deadline,
// Done, Err, Value): a context.Context or a type that embeds one.
func isContext(t types.Type) bool {
	for _, m := range []string{"Deadline", "Done", "Err", "Value"} {
		if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, m); obj == nil {
			return false
		}
	}
	return true
}
