package interp

import (
	"go/ast"
	"go/token"
)

func init() {
	register("a goroutine started while the package is initialised (a go statement reached from an init function or a package-level initialiser): the interpreter goes on loading the app's other packages meanwhile, moving the package variables the goroutine reads (a data race in the interpreter)", findInitGoroutines)
}

// findInitGoroutines finds the go statements a package's initialisation
// runs: in an init function or a package-level variable's initialiser, or
// in a function of the package they call, directly or through others
// (gopl's bank: func init() { go teller() }). yaegi runs a package's init
// when it imports it, and then imports the packages after it, growing the
// frame of package variables that the running goroutine reads: the race
// detector reported it (CI on 555341c), and the goroutine may read stale
// variables.
func findInitGoroutines(f *folder, sf *srcFile) []token.Pos {
	funcs := make(map[string]*ast.FuncDecl)
	for _, file := range f.files {
		for _, d := range file.syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Body != nil && fd.Name.Name != "init" {
				funcs[fd.Name.Name] = fd
			}
		}
	}
	var out []token.Pos
	seen := make(map[*ast.FuncDecl]bool)
	var walk func(n ast.Node) token.Pos
	walk = func(n ast.Node) token.Pos {
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
				if lit, ok := ast.Unparen(x.Fun).(*ast.FuncLit); ok && walk(lit.Body).IsValid() {
					found = x.Pos()
				}
				if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
					if fd := funcs[id.Name]; fd != nil && !seen[fd] {
						seen[fd] = true
						if walk(fd.Body).IsValid() {
							found = x.Pos()
						}
					}
				}
			}
			return true
		})
		return found
	}
	for _, d := range sf.syntax.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "init" && d.Body != nil {
				if pos := walk(d.Body); pos.IsValid() {
					out = append(out, pos)
				}
			}
		case *ast.GenDecl:
			if d.Tok != token.VAR {
				continue
			}
			for _, spec := range d.Specs {
				for _, v := range spec.(*ast.ValueSpec).Values {
					if pos := walk(v); pos.IsValid() {
						out = append(out, pos)
					}
				}
			}
		}
	}
	return out
}
