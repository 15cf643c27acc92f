package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

func init() {
	register("a goroutine started while the package is initialised (a go statement reached from an init function or a package-level initialiser): the interpreter goes on loading the app's other packages meanwhile, moving the package variables the goroutine reads (a data race in the interpreter)", findInitGoroutines)
}

// findInitGoroutines finds the go statements a package's initialisation
// runs: in an init function or a package-level variable's initialiser, or
// in a function or method they call, of the package or of another one the
// interpreter runs from source, directly or through others (gopl's bank:
// func init() { go teller() }; var m = memo.New(f) with New starting the
// memo's server). yaegi runs a package's init when it imports it, and then
// imports the packages after it, growing the frame of package variables
// that the running goroutine reads: the race detector reported it (CI on
// 555341c), and the goroutine may read stale variables.
func findInitGoroutines(f *folder, sf *srcFile) []token.Pos {
	info := f.typeInfo()
	if info == nil || f.pkg == nil {
		return nil
	}
	w := &initGoWalk{f: f, seen: make(map[*types.Func]bool)}
	var out []token.Pos
	for _, d := range sf.syntax.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "init" && d.Body != nil {
				if pos := w.walk(d.Body, info); pos.IsValid() {
					out = append(out, pos)
				}
			}
		case *ast.GenDecl:
			if d.Tok != token.VAR {
				continue
			}
			for _, spec := range d.Specs {
				for _, v := range spec.(*ast.ValueSpec).Values {
					if pos := w.walk(v, info); pos.IsValid() {
						out = append(out, pos)
					}
				}
			}
		}
	}
	return out
}

// initGoWalk walks what a package's initialisation runs.
type initGoWalk struct {
	f    *folder
	seen map[*types.Func]bool
}

// walk returns the position in n, whose package's type information is
// info, of a go statement it runs, or of a call running one; NoPos for
// none. A function literal runs when called on the spot, not when stored.
func (w *initGoWalk) walk(n ast.Node, info *types.Info) token.Pos {
	found := token.NoPos
	ast.Inspect(n, func(n ast.Node) bool {
		if found.IsValid() {
			return false
		}
		switch x := n.(type) {
		case *ast.GoStmt:
			found = x.Pos()
		case *ast.FuncLit:
			return false // a function value: it runs when called
		case *ast.CallExpr:
			if lit, ok := ast.Unparen(x.Fun).(*ast.FuncLit); ok && w.walk(lit.Body, info).IsValid() {
				found = x.Pos()
			}
			if fn := calledFunc(info, x); fn != nil && !w.seen[fn.Origin()] {
				w.seen[fn.Origin()] = true
				if body, binfo := w.decl(fn.Origin()); body != nil && w.walk(body, binfo).IsValid() {
					found = x.Pos()
				}
			}
		}
		return true
	})
	return found
}

// decl returns the body of fn, a function or method of the folder's
// package or of one the interpreter runs from source, with its package's
// type information; nil for another's.
func (w *initGoWalk) decl(fn *types.Func) (*ast.BlockStmt, *types.Info) {
	if fn.Pkg() == nil {
		return nil, nil
	}
	files, info := w.f.files, w.f.typeInfo()
	if fn.Pkg() != w.f.pkg {
		if w.f.importer == nil {
			return nil, nil
		}
		cs := w.f.importer.source(fn.Pkg().Path())
		if cs == nil || cs.folder == nil || cs.info == nil {
			return nil, nil
		}
		files, info = cs.folder.files, cs.info
	}
	for _, sf := range files {
		for _, d := range sf.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && info.Defs[fd.Name] == fn {
				return fd.Body, info
			}
		}
	}
	return nil, nil
}
