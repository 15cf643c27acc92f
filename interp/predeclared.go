package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The interpreter resolves iota, nil, true and false as the language's own
// wherever they appear, whatever the code declares under those names: in
//
//	iota := 7
//	fmt.Println(iota)
//
// it prints 0, and a variable named nil reads as nil (the handler stopped
// halfway). Before the passes parse the folder, the package's own
// declarations of those names, and every use of them, are renamed
// (shadowedName), as the compiler sees them: other identifiers. A
// variable's name never reaches a program's output, so the rename is not
// seen; a column of an error on the line moves, its line does not.
//
// The same holds for the builtin functions the passes write calls of
// (len, cap, append, new, make, copy, panic, recover): a local len := 3
// (TheAlgorithms' cycle sort: counter, cycle, len := 0, 0, len(arr)) or
// old, new := a, b would take the bounds check's len(s), or a deferred
// call's append, and the interpreter would refuse the file (too many
// arguments).

func init() {
	register("a defined type declared under the name of a predeclared type (the interpreter takes some of its uses for the predeclared type: with type float64 int, f/2 divides as floats)", findPredeclaredTypeNames)
}

// findPredeclaredTypeNames finds the declarations of defined types named
// as a predeclared type (int, float64, string, error, any, …). An alias
// (type int32 = string) runs as built.
func findPredeclaredTypeNames(_ *folder, sf *srcFile) []token.Pos {
	var out []token.Pos
	ast.Inspect(sf.syntax, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok && !ts.Assign.IsValid() {
			if _, ok := types.Universe.Lookup(ts.Name.Name).(*types.TypeName); ok {
				out = append(out, ts.Name.Pos())
			}
		}
		return true
	})
	return out
}

// shadowable are the predeclared names the interpreter does not let the
// package's declarations shadow, and the builtins the passes call.
var shadowable = map[string]bool{
	"iota": true, "nil": true, "true": true, "false": true,
	"len": true, "cap": true, "append": true, "new": true, "make": true, "copy": true, "panic": true, "recover": true,
}

// shadowedName is the name a declaration of the predeclared name takes.
func shadowedName(name string) string { return "_dspre_" + name }

// renameShadowedPredeclared returns f with its declarations of the names
// in shadowable, and their uses, renamed; or f itself when it declares
// none, or cannot be type-checked (the interpreter then reports the
// error).
func renameShadowedPredeclared(f *folder) *folder {
	if !declaresShadowable(f) {
		return f
	}
	info := f.typeInfo()
	if info == nil || f.pkg == nil {
		return f
	}
	renamed := make(map[string]edits)
	rename := func(id *ast.Ident, obj types.Object) {
		if obj == nil || !shadowable[id.Name] || obj.Parent() == types.Universe || obj.Pkg() != f.pkg {
			return
		}
		switch obj := obj.(type) {
		case *types.Var:
			if obj.IsField() {
				return
			}
		case *types.Func:
			if obj.Type().(*types.Signature).Recv() != nil {
				return
			}
		case *types.Const:
		default:
			return // a type or a label: the interpreter tells them apart
		}
		p := f.position(id.Pos())
		renamed[p.Filename] = append(renamed[p.Filename], edit{off: p.Offset, end: p.Offset + len(id.Name), text: shadowedName(id.Name)})
	}
	for id, obj := range info.Defs {
		rename(id, obj)
	}
	for id, obj := range info.Uses {
		rename(id, obj)
	}
	return f.edited(renamed)
}

// declaresShadowable reports whether a file of f declares one of the
// names in shadowable: a cheap look at the syntax, before the type check
// that finds every declaration and use.
func declaresShadowable(f *folder) bool {
	found := false
	check := func(ids ...*ast.Ident) {
		for _, id := range ids {
			if id != nil && shadowable[id.Name] {
				found = true
			}
		}
	}
	checkExprs := func(es ...ast.Expr) {
		for _, e := range es {
			if id, ok := e.(*ast.Ident); ok {
				check(id)
			}
		}
	}
	checkFields := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, fd := range fl.List {
			check(fd.Names...)
		}
	}
	for _, sf := range f.files {
		ast.Inspect(sf.syntax, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					checkExprs(n.Lhs...)
				}
			case *ast.RangeStmt:
				if n.Tok == token.DEFINE {
					checkExprs(n.Key, n.Value)
				}
			case *ast.ValueSpec:
				check(n.Names...)
			case *ast.FuncDecl:
				if n.Recv == nil {
					check(n.Name)
				}
			case *ast.FuncType:
				checkFields(n.TypeParams)
				checkFields(n.Params)
				checkFields(n.Results)
			}
			return !found
		})
	}
	return found
}

// edited returns f itself when byFile holds no edit, else a folder of its
// files with the edits of each (by file name) applied, parsed again.
func (f *folder) edited(byFile map[string]edits) *folder {
	if len(byFile) == 0 {
		return f
	}
	srcs := make(map[string][]byte, len(f.files))
	for _, sf := range f.files {
		srcs[sf.name] = sf.src
		if ed := byFile[sf.name]; len(ed) > 0 {
			srcs[sf.name] = ed.apply(sf.src) // apply sorts them
		}
	}
	return f.reparsed(srcs)
}

// reparsed returns a folder of srcs, the rewritten sources of f's files,
// with f's settings.
func (f *folder) reparsed(srcs map[string][]byte) *folder {
	nf := newFolder(f.dir, srcs)
	nf.virtualDir, nf.importPath, nf.own, nf.detect, nf.foreign, nf.importer = f.virtualDir, f.importPath, f.own, f.detect, f.foreign, f.importer
	nf.lang = f.lang
	return nf
}
