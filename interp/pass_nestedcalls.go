package interp

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// nestedCalls is the pass for the results of a call handed whole to a
// function of the package whose first parameter is an interface type of
// interpreted code (describe(parse(s)), with describe(n Node, err error)):
// yaegi wraps every result in its interface value when the first
// parameter is such an interface, and the call panicked on the others
// (reflect.Set: value of type interp.valueInterface is not assignable to
// type error, yaegi #1320's form). The results go to temporaries first, in
// a function literal called on the spot, which hands them on one by one:
//
//	describe(parse(s))  →  func() string { _dsn9_0, _dsn9_1 := parse(s); return describe(_dsn9_0, _dsn9_1) }()
//
// Only calls of declared functions (not methods, whose receiver Go
// evaluates before the arguments) are rewritten, outside go and defer
// statements, whose arguments Go evaluates where the statement is.
func nestedCalls(f *folder) (bool, []diagnostic) {
	info := f.typeInfo()
	if info == nil {
		return false, nil
	}
	deferred := make(map[*ast.CallExpr]bool)
	for _, sf := range f.accepted() {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch s := n.(type) {
			case *ast.GoStmt:
				deferred[s.Call] = true
			case *ast.DeferStmt:
				deferred[s.Call] = true
			}
			return true
		})
	}
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if deferred[call] || call.Ellipsis.IsValid() || len(call.Args) != 1 {
			return false
		}
		inner, ok := ast.Unparen(call.Args[0]).(*ast.CallExpr)
		if !ok {
			return false
		}
		results, ok := info.TypeOf(inner).(*types.Tuple)
		if !ok || results.Len() < 2 {
			return false
		}
		fn := calledFunc(info, call)
		if fn == nil || fn.Pkg() == nil || !fromSource(fn.Pkg().Path()) {
			return false
		}
		sig := fn.Signature()
		if sig.Recv() != nil || sig.Variadic() || sig.TypeParams() != nil || sig.Params().Len() != results.Len() {
			return false
		}
		first := sig.Params().At(0).Type()
		iface, ok := first.Underlying().(*types.Interface)
		if !ok || iface.NumMethods() == 0 {
			return false
		}
		if _, interpreted := f.interpretedNamed(first); !interpreted {
			return false
		}
		var resultTypes []string
		for i := range sig.Results().Len() {
			name, ok := f.typeName(sf, sig.Results().At(i).Type())
			if !ok {
				return false
			}
			resultTypes = append(resultTypes, name)
		}
		at := strconv.Itoa(f.offset(call.Pos()))
		temps := make([]string, results.Len())
		for i := range temps {
			temps[i] = "_dsn" + at + "_" + strconv.Itoa(i)
		}
		list := strings.Join(temps, ", ")
		head, ret := "func() { ", ""
		switch len(resultTypes) {
		case 0:
		case 1:
			head, ret = "func() "+resultTypes[0]+" { ", "return "
		default:
			head, ret = "func() ("+strings.Join(resultTypes, ", ")+") { ", "return "
		}
		sf.edits = append(sf.edits,
			edit{off: f.offset(call.Pos()), end: f.offset(inner.Pos()), text: head + list + " := "},
			edit{off: f.offset(inner.End()), end: f.offset(call.End()), text: "; " + ret + f.text(sf, call.Fun) + "(" + list + ") }()"})
		return true
	}), nil
}
