package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

func init() {
	register("json decoding (json.Unmarshal, a json.Decoder, a next.Request's JSON) into a type holding an embedded struct, a type with an UnmarshalJSON or UnmarshalText method, a named non-struct type, a type declared in a function or defined from another named type, a type of another module, or an interface that may hold one of those", findJSONDecode)
	register("a pointer to a type that JSON decodes otherwise (see above) handed as an interface to a function of another package of your app that decodes JSON into an interface (a shared Decode(r, v any))", findDecodeHandoffs)
	register("a json.Encoder's Encode used other than called (a method value, an Encoder in an interface) in a package with MarshalJSON or MarshalText methods, embedded structs or types of other modules", findJSONEncoder)
}

// requestJSON is the calleeKey of a next.Request's JSON method, which
// decodes the body with encoding/json.
const requestJSON = "*github.com/devserver/devserver/next.Request.JSON"

// decoderLeaks reports whether file uses a Decoder's Decode other than by
// calling it, or converts a *json.Decoder to an interface.
func decoderLeaks(info *types.Info, file *ast.File) bool {
	called := map[ast.Expr]bool{}
	found := false
	ast.Inspect(file, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			called[ast.Unparen(call.Fun)] = true
		}
		return true
	})
	ast.Inspect(file, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && !called[sel] {
			if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "encoding/json" && fn.Name() == "Decode" {
				found = true
			}
		}
		return !found
	})
	forEachConversion(info, file, func(target types.Type, e ast.Expr, _ *ast.CallExpr, _ int) {
		if target != nil && types.IsInterface(target) {
			if t := info.TypeOf(e); t != nil && types.TypeString(t, nil) == "*encoding/json.Decoder" {
				found = true
			}
		}
	}, func(types.Type, ast.Expr) {})
	return found
}

// findJSONEncoder finds an Encoder's Encode method where what it encodes
// may need devserver's JSON fixes and the call is not one jsonArgs
// rewrites: a method value (f := enc.Encode), or the Encoder held in an
// interface.
func findJSONEncoder(f *folder, sf *srcFile) []token.Pos {
	if !f.hasMethod("MarshalJSON", "MarshalText") && !f.hasEmbedded() && !sf.importsModules(f.importPath) {
		return nil
	}
	if _, ok := sf.importName("encoding/json"); !ok {
		return nil
	}
	called := map[ast.Expr]bool{}
	var sels []*ast.SelectorExpr
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			called[ast.Unparen(x.Fun)] = true
		case *ast.SelectorExpr:
			if x.Sel.Name == "Encode" || x.Sel.Name == "NewEncoder" {
				sels = append(sels, x)
			}
		}
		return true
	})
	if len(sels) == 0 {
		return nil
	}
	info := f.typeInfo()
	if info == nil {
		return nil
	}
	var out []token.Pos
	leaks := leaksEncoder(info, sf.syntax)
	for _, sel := range sels {
		switch fn, _ := info.Uses[sel.Sel].(*types.Func); {
		case fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/json":
		case fn.Name() == "Encode" && !called[sel]:
			out = append(out, sel.Pos()) // a method value
		case fn.Name() == "NewEncoder" && leaks:
			out = append(out, sel.Pos())
		}
	}
	return out
}

// leaksEncoder reports whether an Encoder of file may be used other than
// by calling its methods: file converts a *json.Encoder to an interface.
func leaksEncoder(info *types.Info, file *ast.File) bool {
	found := false
	forEachConversion(info, file, func(target types.Type, e ast.Expr, _ *ast.CallExpr, _ int) {
		found = found || isEncoderToIface(info, target, e)
	}, func(target types.Type, e ast.Expr) { found = found || isEncoderToIface(info, target, e) })
	return found
}

// isEncoderToIface reports whether e, a *json.Encoder, is stored into an
// interface type target.
func isEncoderToIface(info *types.Info, target types.Type, e ast.Expr) bool {
	if target == nil || !types.IsInterface(target) {
		return false
	}
	t := info.TypeOf(e)
	return t != nil && types.TypeString(t, nil) == "*encoding/json.Encoder"
}

// hasMethod reports whether the folder's code can hold a value with a
// method of one of names: declared by the folder or by a package it
// imports that the interpreter runs from source (see visibleMethods). A
// name fmt calls (String, Error, Format, GoString) counts only for a
// method of a shape fmt can call (see fmtShapedMethods).
func (f *folder) hasMethod(names ...string) bool {
	ms := f.visibleMethods()
	for _, n := range names {
		if _, ok := ms[n]; ok && (fmtMethods[n] == "" || f.fmtShapedMethods()[n]) {
			return true
		}
	}
	return false
}

// fmtShapedMethods returns the names of fmtMethods that a method of the
// folder, or of a type visibleTypes returns, has in a shape fmt or the
// error interface can call: String, Error or GoString without parameters
// and with one result, Format with two parameters. A logger's
// Error(format string, args ...any) or a test double's Error(args ...any)
// is no fmt method: values of its type print as built. (The shape is
// judged loosely, by counts, so that a method fmt may call always
// counts.)
func (f *folder) fmtShapedMethods() map[string]bool {
	if f.fmtShapes != nil {
		return f.fmtShapes
	}
	out := make(map[string]bool)
	for _, sf := range f.files {
		for _, d := range sf.syntax.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if ok && fd.Recv != nil && fmtMethods[fd.Name.Name] != "" && fmtShaped(fd.Name.Name, fd.Type.Params.NumFields(), fd.Type.Results.NumFields()) {
				out[fd.Name.Name] = true
			}
		}
	}
	for _, n := range f.visibleTypes() {
		for i := range n.NumMethods() {
			m := n.Method(i)
			sig := m.Signature()
			if fmtMethods[m.Name()] != "" && fmtShaped(m.Name(), sig.Params().Len(), sig.Results().Len()) {
				out[m.Name()] = true
			}
		}
	}
	f.fmtShapes = out
	return out
}

// fmtShaped reports whether a method named name (one of fmtMethods) with
// params parameters and results results may be the one fmt calls.
func fmtShaped(name string, params, results int) bool {
	if name == "Format" {
		return params == 2
	}
	return params == 0 && results == 1
}

// hasEmbedded reports whether a struct type of the folder embeds a field.
func (f *folder) hasEmbedded() bool {
	found := false
	for _, sf := range f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			if st, ok := n.(*ast.StructType); ok {
				for _, fl := range st.Fields.List {
					found = found || len(fl.Names) == 0
				}
			}
			return !found
		})
	}
	return found
}

// importsModules reports whether sf imports a package of another module
// than the one of importPath and devserver's.
func (sf *srcFile) importsModules(importPath string) bool {
	for _, imp := range sf.syntax.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || !fromSource(p) || sameModule(p, importPath) {
			continue
		}
		return true
	}
	return false
}

// firstElems returns the first n elements of the slash-separated path p.
func firstElems(p string, n int) string {
	parts := strings.SplitN(p, "/", n+1)
	if len(parts) > n {
		parts = parts[:n]
	}
	return strings.Join(parts, "/")
}
