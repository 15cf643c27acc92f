package interp

import (
	"go/ast"
	"strings"
	"testing"
)

func TestRenameCollidingLabels(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body renamed; "" for unchanged
	}{
		{"a parameter",
			"exp:\n\tfor _, e := range exp {\n\t\tif e > 0 {\n\t\t\tcontinue exp\n\t\t}\n\t\tbreak exp\n\t}",
			"_dslbl_exp/*line :7:5*/:\n\tfor _, e := range exp {\n\t\tif e > 0 {\n\t\t\tcontinue _dslbl_exp/*line :10:16*/\n\t\t}\n\t\tbreak _dslbl_exp/*line :12:12*/\n\t}"},
		{"a function of the package, on the loop's line, and a goto",
			"use: for range exp { goto use }",
			"_dslbl_use/*line :7:5*/: for range exp { goto _dslbl_use/*line :7:31*/ }"},
		{"a variable declared after it, and a function literal's own label",
			"l:\n\tfor {\n\t\tl := func() {\n\t\tl:\n\t\t\tfor {\n\t\t\t\tbreak l\n\t\t\t}\n\t\t}\n\t\tl()\n\t\tbreak l\n\t}",
			"_dslbl_l/*line :7:3*/:\n\tfor {\n\t\tl := func() {\n\t\t_dslbl_l/*line :10:4*/:\n\t\t\tfor {\n\t\t\t\tbreak _dslbl_l/*line :12:12*/\n\t\t\t}\n\t\t}\n\t\tl()\n\t\tbreak _dslbl_l/*line :16:10*/\n\t}"},
		{"no collision", "outer:\n\tfor range exp {\n\t\tbreak outer\n\t}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc use() {}\n\nfunc f(exp []int) {\n\t_ = use\n\t" + tc.body + "\n}\n"
			f := newFolder("/m/p", map[string][]byte{"a.go": []byte(src)})
			nf := renameCollidingLabels(f)
			if tc.want == "" {
				if nf != f {
					t.Errorf("renamed:\n%s", nf.files[0].src)
				}
				return
			}
			if nf == f || len(nf.files) != 1 {
				t.Fatalf("not renamed")
			}
			out := string(nf.files[0].src)
			if !strings.Contains(out, "\n\t"+tc.want+"\n}\n") {
				t.Errorf("got\n%s\nwant the body\n%s", out, tc.want)
			}
			// Every other name keeps its line and column.
			var before, after []string
			for _, x := range []struct {
				f   *folder
				out *[]string
			}{{f, &before}, {nf, &after}} {
				labels := make(map[*ast.Ident]bool)
				ast.Inspect(x.f.files[0].syntax, func(n ast.Node) bool {
					switch y := n.(type) {
					case *ast.LabeledStmt:
						labels[y.Label] = true
					case *ast.BranchStmt:
						labels[y.Label] = true
					}
					if id, ok := n.(*ast.Ident); ok && !labels[id] {
						p := x.f.position(id.Pos())
						*x.out = append(*x.out, id.Name+"@"+p.String())
					}
					return true
				})
			}
			if strings.Join(before, " ") != strings.Join(after, " ") {
				t.Errorf("positions moved:\n%v\n%v", before, after)
			}
		})
	}
}
