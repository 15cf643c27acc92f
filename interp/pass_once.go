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
// Other calls are left as written, and refused as before.
func onceValues(f *folder) (bool, []diagnostic) {
	return f.forEachCall(func(sf *srcFile, info *types.Info, call *ast.CallExpr) bool {
		if len(call.Args) != 1 {
			return false
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
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
		lit, ok := call.Args[0].(*ast.FuncLit)
		if !ok || lit.Type.Params.NumFields() != 0 || lit.Type.Results == nil {
			return false
		}
		var results []string
		for _, r := range lit.Type.Results.List {
			for range max(1, len(r.Names)) {
				results = append(results, f.text(sf, r.Type))
			}
		}
		if want := map[string]int{"OnceValue": 1, "OnceValues": 2}[sel.Sel.Name]; len(results) != want {
			return false
		}
		sf.addImport("_dsrt", desugarPath)
		sf.edits = append(sf.edits, edit{off: f.offset(sel.Pos()), end: f.offset(sel.End()), text: onceLiteral(pkg.Name, results)})
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
