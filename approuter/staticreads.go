package approuter

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// DynamicError checks a route package whose segment config says
// Dynamic = "error" (as a string literal): its GET is rendered statically,
// so reading request data there is an error, as in Next.js. It returns an
// error naming each read (headers, cookies, the query, the body, the raw
// request) and where it is, or nil. dir is the route folder; positions are
// named relative to rel's base.
func DynamicError(dir string) error {
	names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	sort.Strings(names)
	fset := token.NewFileSet()
	var files []*ast.File
	isError := false
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		files = append(files, f)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, sp := range gd.Specs {
				vs, ok := sp.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, n := range vs.Names {
					if n.Name == "Dynamic" && i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							if v, _ := strconv.Unquote(lit.Value); v == "error" {
								isError = true
							}
						}
					}
				}
			}
		}
	}
	if !isError {
		return nil
	}
	var reads []string
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.Name != "GET" || fd.Type.Params.NumFields() == 0 || len(fd.Type.Params.List[0].Names) == 0 || fd.Body == nil {
				continue
			}
			req := fd.Type.Params.List[0].Names[0].Name
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				what := ""
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == req {
					switch sel.Sel.Name {
					case "Headers":
						what = "headers (" + req + ".Headers)"
					case "Cookies":
						what = "cookies (" + req + ".Cookies)"
					case "JSON", "Text", "Bytes", "FormData":
						what = "the body (" + req + "." + sel.Sel.Name + ")"
					case "Raw":
						what = "the raw request (" + req + ".Raw)"
					}
				}
				if inner, ok := sel.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "SearchParams" {
					if id, ok := inner.X.(*ast.Ident); ok && id.Name == req && inner.Sel.Name == "NextURL" {
						what = "the query (" + req + ".NextURL.SearchParams)"
					}
				}
				if what != "" {
					p := fset.Position(sel.Pos())
					reads = append(reads, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(p.Filename), p.Line, p.Column, what))
				}
				return true
			})
		}
	}
	if len(reads) == 0 {
		return nil
	}
	return fmt.Errorf("segment config: Dynamic = \"error\" renders GET statically, but it reads %s", strings.Join(reads, "; "))
}
