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
// Calls of declared functions, of methods of a variable and of function
// variables are rewritten (the variable is read after the results, as the
// compiler reads it); other callees (a method of an element, a function
// from a map) run the route compiled. A go or defer statement handing the results of a
// call whole to its function (go record(parse())), whose arguments Go
// evaluates at the statement and which the go and defer passes leave
// alone (a goroutine without its recover, a deferred call written wrong),
// runs the route compiled, whatever the function.
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
	var diags []diagnostic
	changed := f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if call.Ellipsis.IsValid() || len(call.Args) != 1 {
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
		if deferred[call] {
			// The go and defer passes leave such a call alone (the
			// goroutine's recover, the arguments' evaluation at the
			// statement): it runs compiled.
			diags = append(diags, f.refusal(call.Pos(), "a go or defer statement handing the results of a call whole to its function (go f(g()))")...)
			return false
		}
		sig, _ := info.TypeOf(call.Fun).(*types.Signature)
		if sig == nil || sig.TypeParams() != nil || sig.Params().Len() == 0 {
			return false
		}
		if sig.Variadic() && results.Len() < sig.Params().Len()-1 || !sig.Variadic() && results.Len() != sig.Params().Len() {
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
		if nestedCallee(info, call) == nil {
			// A method of an element or a field, a function of a map:
			// their operands are evaluated before the results.
			diags = append(diags, f.refusal(call.Pos(), "the results of a call handed whole to a method of an operand other than a variable, or to a function value other than a variable, whose first parameter is an interface type of interpreted code")...)
			return false
		}
		callee, ok := calleeText(f, sf, call.Fun)
		if !ok {
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
			edit{off: f.offset(inner.End()), end: f.offset(call.End()), text: "; " + ret + callee + "(" + list + ") }()"})
		return true
	})
	return changed, diags
}

// nestedCallee returns the signature of what call calls when it is a
// function of interpreted code (f, pkg.F), a method of a variable (v.M) or
// a function variable (fn), or nil.
func nestedCallee(info *types.Info, call *ast.CallExpr) *types.Signature {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		switch obj := info.Uses[fun].(type) {
		case *types.Func:
			if obj.Pkg() != nil && fromSource(obj.Pkg().Path()) && obj.Signature().Recv() == nil {
				return obj.Signature()
			}
		case *types.Var:
			sig, _ := obj.Type().Underlying().(*types.Signature)
			return sig
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[fun]; sel != nil {
			if _, isVar := ast.Unparen(fun.X).(*ast.Ident); !isVar || sel.Kind() != types.MethodVal {
				return nil
			}
			fn, _ := sel.Obj().(*types.Func)
			if fn == nil || fn.Pkg() == nil || !fromSource(fn.Pkg().Path()) {
				return nil
			}
			sig, _ := info.TypeOf(fun).(*types.Signature)
			return sig
		}
		if fn, ok := info.Uses[fun.Sel].(*types.Func); ok && fn.Pkg() != nil && fromSource(fn.Pkg().Path()) {
			return fn.Signature()
		}
	}
	return nil
}

// calleeText returns the source of fun, the function of a call the pass
// moves, as the edits recorded so far make it (a pointer method's
// receiver taken by address, (&v).M), and drops those edits. An
// insertion at its start is its own only when it opens what an insertion
// inside closes; another (a statement's line mark) stays where it is.
func calleeText(f *folder, sf *srcFile, fun ast.Expr) (string, bool) {
	start, end := f.offset(fun.Pos()), f.offset(fun.End())
	opened := false
	for _, e := range sf.edits {
		if e.opened == start+1 && e.off > start && e.off <= end {
			opened = true
		}
	}
	var inside, kept edits
	for _, e := range sf.edits {
		switch {
		case e.off > start && e.end <= end && (e.off < end || e.opened == start+1):
			if e.wraps > 0 || e.closes > 0 {
				return "", false // a wrapper of a part of it: left as written
			}
			inside = append(inside, e)
		case e.off == start && e.end == start && opened && e.wraps == 0 && e.closes == 0:
			inside = append(inside, e)
		case e.off >= start && e.off < end && e.end > e.off:
			return "", false // a replacement in it
		default:
			kept = append(kept, e)
		}
	}
	sf.edits = kept
	for i := range inside {
		inside[i].off -= start
		inside[i].end -= start
	}
	return string(inside.apply(sf.src[start:end])), true
}
