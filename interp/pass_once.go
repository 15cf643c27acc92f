package interp

import (
	"go/ast"
	"go/types"
	"strings"
)

// onceValues is the pass for sync.OnceValue and sync.OnceValues (Go
// 1.21): generic functions of a compiled package, which the interpreter's
// symbol tables cannot hold, so a route using them was refused. A call
// whose argument is a function literal becomes a call of a function
// literal doing what the standard library's does (the function runs once;
// a panic is panicked again by every call), specialised to the literal's
// result types:
//
//	sync.OnceValue(func() T { ... })  →  func(f func() T) func() T { ...sync.Once... }(func() T { ... })
//
// Any other function value (sync.OnceValue(loadConfig), a method value)
// is handled the same way when its result types can be spelled in the
// file; other calls are left as written, and run compiled.
func onceValues(f *folder) (bool, []diagnostic) {
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if len(call.Args) != 1 {
			return false
		}
		fun := call.Fun
		switch x := fun.(type) {
		case *ast.IndexExpr: // sync.OnceValue[int](f)
			fun = x.X
		case *ast.IndexListExpr: // sync.OnceValues[int, error](f)
			fun = x.X
		}
		sel, ok := fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "OnceValue" && sel.Sel.Name != "OnceValues" {
			return false
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok {
			return false
		}
		if pn, ok := info.Uses[pkg].(*types.PkgName); !ok || pn.Imported().Path() != "sync" {
			return false
		}
		var results []string
		if lit, ok := call.Args[0].(*ast.FuncLit); ok {
			if lit.Type.Params.NumFields() != 0 || lit.Type.Results == nil {
				return false
			}
			for _, r := range lit.Type.Results.List {
				for range max(1, len(r.Names)) {
					results = append(results, f.text(sf, r.Type))
				}
			}
		} else if results, ok = f.spelledResults(sf, info.TypeOf(call.Args[0])); !ok {
			return false
		}
		if want := map[string]int{"OnceValue": 1, "OnceValues": 2}[sel.Sel.Name]; len(results) != want {
			return false
		}
		sf.addImport("_dsrt", desugarPath)
		sf.edits = append(sf.edits, edit{off: f.offset(call.Fun.Pos()), end: f.offset(call.Fun.End()), text: onceLiteral(pkg.Name, results)})
		return true
	}), nil
}

// onceLiteral returns a function literal doing what sync.OnceValue (one
// result) or sync.OnceValues (two) does for functions of those results,
// with the sync package imported as syncName. The panic it keeps is the
// value itself (desugar.Recovered), not yaegi's reflect.Value around it.
func onceLiteral(syncName string, results []string) string {
	sig := "func() " + results[0]
	vars := "var _r0 " + results[0]
	assign, ret := "_r0", "_r0"
	if len(results) == 2 {
		sig = "func() (" + results[0] + ", " + results[1] + ")"
		vars += "; var _r1 " + results[1]
		assign, ret = "_r0, _r1", "_r0, _r1"
	}
	body := []string{
		"var once " + syncName + ".Once", "var valid bool", "var p any", vars,
		"g := func() { defer func() { p = _dsrt.Recovered(recover()); if !valid { panic(p) } }(); " + assign + " = f(); f = nil; valid = true }",
		"return " + sig + " { once.Do(g); if !valid { panic(p) }; return " + ret + " }",
	}
	return "(func(f " + sig + ") " + sig + " { " + strings.Join(body, "; ") + " })"
}

// spelledResults returns the result types of t, a function type without
// parameters, as the file sf can spell them, importing their packages as
// needed; ok is false when one cannot be spelled there (an unexported type
// of another package, a type declared inside a function, a struct or
// interface literal).
func (f *folder) spelledResults(sf *srcFile, t types.Type) (results []string, ok bool) {
	if t == nil {
		return nil, false
	}
	sig, isFunc := t.Underlying().(*types.Signature)
	if !isFunc || sig.Params().Len() != 0 || sig.Results().Len() == 0 {
		return nil, false
	}
	for i := range sig.Results().Len() {
		if !f.spellable(sig.Results().At(i).Type()) {
			return nil, false
		}
	}
	q := f.importingQualifier(sf)
	for i := range sig.Results().Len() {
		results = append(results, types.TypeString(sig.Results().At(i).Type(), q))
	}
	return results, true
}

// spellable reports whether t can be written in a file of the folder's
// package and mean the same type there.
func (f *folder) spellable(t types.Type) bool {
	switch t := t.(type) {
	case *types.Basic:
		return t.Kind() != types.Invalid && t.Info()&types.IsUntyped == 0
	case *types.Alias:
		return f.spellableName(t.Obj()) && f.spellableArgs(t.TypeArgs())
	case *types.Named:
		return f.spellableName(t.Obj()) && f.spellableArgs(t.TypeArgs())
	case *types.Pointer:
		return f.spellable(t.Elem())
	case *types.Slice:
		return f.spellable(t.Elem())
	case *types.Array:
		return f.spellable(t.Elem())
	case *types.Chan:
		return f.spellable(t.Elem())
	case *types.Map:
		return f.spellable(t.Key()) && f.spellable(t.Elem())
	case *types.Signature:
		if t.TypeParams() != nil {
			return false
		}
		for _, tuple := range []*types.Tuple{t.Params(), t.Results()} {
			for i := range tuple.Len() {
				if !f.spellable(tuple.At(i).Type()) {
					return false
				}
			}
		}
		return true
	case *types.Interface:
		return t.Empty()
	}
	return false // struct literals (another package's unexported fields), type parameters
}

// spellableName reports whether the type named by obj can be named from the
// folder's package: declared at package level, and exported unless declared
// in this package (or predeclared: error, comparable).
func (f *folder) spellableName(obj *types.TypeName) bool {
	if obj.Pkg() == nil {
		return true
	}
	if obj.Parent() != obj.Pkg().Scope() {
		return false
	}
	return obj.Pkg().Path() == f.importPath || obj.Exported()
}

// spellableArgs reports whether every type argument of a named type is
// spellable.
func (f *folder) spellableArgs(args *types.TypeList) bool {
	for i := range args.Len() {
		if !f.spellable(args.At(i)) {
			return false
		}
	}
	return true
}
