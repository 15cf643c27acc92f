package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// exportPrefix starts the exported names a package's generic code reaches
// its unexported package-level names through from another package.
const exportPrefix = "DsgExport_"

// genericExports is the pass that lets the concrete copies of a package's
// generic code, which other packages write out for their instances (see
// monomorph.go), reach the unexported package-level names that code uses:
// it declares an exported name for each, after the last line of the
// package's first file:
//
//	const DsgExport_ttl = ttl
//	var DsgExport_now = now             // a function
//	type DsgExport_entry = entry
//	func DsgExport_hits() any { return &hits }   // a variable: its address
//
// A copy reads DsgExport_ttl, calls DsgExport_now, and reads and writes
// *cache.DsgExport_hits().(*int): the package's own constants, functions,
// types and variables, as the generic code does.
func genericExports(f *folder) (bool, []diagnostic) {
	if !declaresGenerics(f) {
		return false, nil
	}
	info := f.typeInfo()
	accepted := f.accepted()
	if info == nil || f.pkg == nil || len(accepted) == 0 {
		return false, nil
	}
	files := make([]*ast.File, len(accepted))
	for i, sf := range accepted {
		files[i] = sf.syntax
	}
	used := exportedForGenerics(f.pkg, info, files)
	if len(used) == 0 {
		return false, nil
	}
	var decls []string
	for _, obj := range used {
		name := exportPrefix + obj.Name()
		switch obj.(type) {
		case *types.Const:
			decls = append(decls, "const "+name+" = "+obj.Name())
		case *types.Func:
			decls = append(decls, "var "+name+" = "+obj.Name())
		case *types.TypeName:
			decls = append(decls, "type "+name+" = "+obj.Name())
		case *types.Var:
			decls = append(decls, "func "+name+"() any { return &"+obj.Name()+" }")
		}
	}
	accepted[0].decls.WriteString(strings.Join(decls, "\n") + "\n")
	return true, nil
}

// exportedForGenerics returns the unexported package-level names of pkg
// that its generic code in files uses, in order of name.
func exportedForGenerics(pkg *types.Package, info *types.Info, files []*ast.File) []types.Object {
	used := make(map[types.Object]bool)
	for _, file := range files {
		for _, d := range file.Decls {
			for _, n := range genericParts(d) {
				ast.Inspect(n, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok {
						if obj := info.Uses[id]; exportable(pkg, obj) {
							used[obj] = true
						}
					}
					return true
				})
			}
		}
	}
	out := make([]types.Object, 0, len(used))
	for obj := range used {
		out = append(out, obj)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// declareExports adds to pkg's scope, for the type checker of the
// packages importing it, the names genericExports declares in its
// source.
func declareExports(pkg *types.Package, info *types.Info, files []*ast.File) {
	for _, obj := range exportedForGenerics(pkg, info, files) {
		name := exportPrefix + obj.Name()
		var decl types.Object
		switch o := obj.(type) {
		case *types.Const:
			decl = types.NewConst(token.NoPos, pkg, name, o.Type(), o.Val())
		case *types.Func:
			decl = types.NewVar(token.NoPos, pkg, name, o.Type())
		case *types.TypeName:
			decl = types.NewTypeName(token.NoPos, pkg, name, o.Type())
		case *types.Var:
			anyType := types.Universe.Lookup("any").Type()
			decl = types.NewFunc(token.NoPos, pkg, name, types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewParam(token.NoPos, pkg, "", anyType)), false))
		}
		pkg.Scope().Insert(decl)
	}
}

// exportable reports whether obj is an unexported package-level name of
// pkg, other than generic code (which the copies write out themselves).
func exportable(pkg *types.Package, obj types.Object) bool {
	if obj == nil || obj.Pkg() != pkg || obj.Exported() || obj.Parent() != pkg.Scope() || obj.Name() == "_" {
		return false
	}
	switch o := obj.(type) {
	case *types.Func:
		return o.Signature().TypeParams().Len() == 0
	case *types.TypeName:
		if o.IsAlias() {
			return false
		}
		n, ok := o.Type().(*types.Named)
		return ok && n.TypeParams().Len() == 0
	case *types.Const, *types.Var:
		return true
	}
	return false
}

// genericParts returns the generic code of d: a generic function or
// method of a generic type, or the generic type declarations of d.
func genericParts(d ast.Decl) []ast.Node {
	if isGenericDecl(d) {
		return []ast.Node{d}
	}
	gd, ok := d.(*ast.GenDecl)
	if !ok || gd.Tok != token.TYPE {
		return nil
	}
	var out []ast.Node
	for _, s := range gd.Specs {
		if ts := s.(*ast.TypeSpec); ts.TypeParams != nil {
			out = append(out, ts)
		}
	}
	return out
}
