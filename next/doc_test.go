package next

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// Every exported identifier of the package, and every exported field and
// method of its exported types, has a doc comment: this package is what
// route code reads about, in an editor or with go doc.
func TestEveryExportIsDocumented(t *testing.T) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	missing := func(pos token.Pos, name string) { t.Errorf("%s: %s has no doc comment", fset.Position(pos), name) }
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && d.Doc == nil && exportedReceiver(d) {
					missing(d.Pos(), d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					checkSpec(spec, d.Doc != nil, missing)
				}
			}
		}
	}
}

// exportedReceiver reports whether d is a function or a method of an
// exported type: methods of unexported types are not documented.
func exportedReceiver(d *ast.FuncDecl) bool {
	if d.Recv == nil {
		return true
	}
	typ := d.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return !ok || id.IsExported()
}

// checkSpec reports the exported names of spec without a doc comment;
// groupDoc is whether the declaration group it is in has one.
func checkSpec(spec ast.Spec, groupDoc bool, missing func(token.Pos, string)) {
	switch s := spec.(type) {
	case *ast.ValueSpec:
		for _, n := range s.Names {
			if n.IsExported() && s.Doc == nil && s.Comment == nil && !groupDoc {
				missing(n.Pos(), n.Name)
			}
		}
	case *ast.TypeSpec:
		if !s.Name.IsExported() {
			return
		}
		if s.Doc == nil && !groupDoc {
			missing(s.Pos(), s.Name.Name)
		}
		var fields *ast.FieldList
		switch typ := s.Type.(type) {
		case *ast.StructType:
			fields = typ.Fields
		case *ast.InterfaceType:
			fields = typ.Methods
		default:
			return
		}
		for _, field := range fields.List {
			for _, n := range field.Names {
				if n.IsExported() && field.Doc == nil && field.Comment == nil {
					missing(n.Pos(), s.Name.Name+"."+n.Name)
				}
			}
		}
	}
}
