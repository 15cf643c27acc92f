package approuter

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// DeclaredIn returns which of names file declares at package level (a
// function without receiver, a var or a const), as Next.js reads a route's
// handlers: from route.go itself, not from the files beside it.
func DeclaredIn(file string, names []string) (map[string]bool, error) {
	return declaredIn(file, nil, names)
}

// DeclaredInSource is DeclaredIn of src, the content of file already read.
func DeclaredInSource(file string, src []byte, names []string) (map[string]bool, error) {
	return declaredIn(file, src, names)
}

// declaredIn is DeclaredIn of src (nil: read file).
func declaredIn(file string, src any, names []string) (map[string]bool, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	out := make(map[string]bool)
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && want[d.Name.Name] {
				out[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if vs, ok := s.(*ast.ValueSpec); ok {
					for _, n := range vs.Names {
						if want[n.Name] {
							out[n.Name] = true
						}
					}
				}
			}
		}
	}
	return out, nil
}
