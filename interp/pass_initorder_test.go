package interp

import (
	"context"
	"net/http/httptest"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
	"golang.org/x/tools/txtar"
)

// TestInitOrderRuns interprets programs whose package variables yaegi
// initialised in another order than the compiler (across files, through
// functions, methods and closures, a registry declared below what fills
// it, typed and multi-value declarations): each answers what its built
// program printed.
func TestInitOrderRuns(t *testing.T) {
	a, err := txtar.ParseFile("testdata/initorder.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string]string)
	want := make(map[string]string)
	for _, f := range a.Files {
		dir, name := path.Split(f.Name)
		dir = strings.TrimSuffix(dir, "/")
		if name == "want" {
			want[dir] = strings.TrimSpace(string(f.Data))
			continue
		}
		if strings.HasPrefix(f.Name, "lib/") {
			files[f.Name] = string(f.Data) // a shared package
			continue
		}
		files["app/"+f.Name] = string(f.Data)
	}
	var cases []string
	for c := range want {
		cases = append(cases, c)
		files["app/"+c+"/route.go"] = "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(Result()) }\n"
	}
	slices.Sort(cases)
	p := newProject(t, files)
	var paths []string
	for _, c := range cases {
		paths = append(paths, filepath.Join(p.AppDir, c, "route.go"))
	}
	routes := (&Loader{Project: p}).Load(context.Background(), paths)
	for i, r := range routes {
		if r.Err != nil {
			t.Errorf("%s: %v", cases[i], r.Err)
			continue
		}
		for _, w := range r.Warnings {
			if strings.Contains(w, initOrderUnforced) {
				t.Errorf("%s: warning %s", cases[i], w)
			}
		}
		get := r.Handlers["GET"].(func(*next.Request) *next.Response)
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: panic %v", cases[i], p)
				}
			}()
			got := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/"+cases[i], nil))))
			if got != want[cases[i]] {
				t.Errorf("%s: %q, want %q (as built)", cases[i], got, want[cases[i]])
			}
		}()
	}
}

// TestInitOrderRewrite checks the rewrite of the declarations yaegi would
// run out of the compiler's order: each names the one it must follow.
func TestInitOrderRewrite(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string // in the output of the first file
		warn  string   // the start of the warning, "" for none
	}{
		{
			name:  "alike: yaegi waits for a variable named",
			files: []string{"a.go", "package p\n\nvar total = f(base)\n\nvar base = f(21)\n\nfunc f(n int) int { return n }\n"},
		},
		{
			name:  "through a function",
			files: []string{"a.go", "package p\n\nvar snapshot = count()\n\nvar n = f(3)\n\nvar list = make([]int, 2)\n\nfunc count() int { return len(list) + n }\n\nfunc f(n int) int { return n }\n"},
			want:  []string{"var snapshot, _dsorder0_0 = count(), &n\n", "var n = f(3)\n", "var list = make([]int, 2)\n"},
		},
		{
			name:  "across files, with a type",
			files: []string{"a.go", "package p\n\ntype ID [2]byte\n\nvar ns ID = parse(\"ab\")\n\nfunc parse(s string) (id ID) { id[0], id[1] = table[s[0]], table[s[1]]; return }\n", "b.go", "package p\n\nvar table = [256]byte{'a': 1, 'b': 2}\n"},
			want:  []string{"var ns ID = func() ID { _ = &table; return parse(\"ab\") }()\n"},
		},
		{
			name:  "a variable without initialiser filled before its declaration",
			files: []string{"a.go", "package p\n\nvar _ = register(\"a\")\n\nvar n = register(\"b\")\n\nfunc register(s string) int { reg = append(reg, s); return len(reg) }\n\nvar reg []string\n"},
			want:  []string{"var _dsblank0_15, _dsorder0_0 = register(\"a\"), &reg\n", "var n, _dsorder1_0 = register(\"b\"), &_dsblank0_15\n"},
		},
		{
			name:  "after a blank variable",
			files: []string{"a.go", "package p\n\nvar a = g()\n\nfunc g() int { return b }\n", "b.go", "package p\n\nvar _ = h()\n\nfunc h() int { return 1 }\n", "z.go", "package p\n\nvar b = h()\n"},
			want:  []string{"var a, _dsorder0_0 = g(), &_dsblank1_15\n"},
		},
		{
			name:  "multi-value declarations",
			files: []string{"a.go", "package p\n\nimport (\n\t\"net/url\"\n\t\"os\"\n)\n\nvar u, err = url.Parse(\"x\")\n\nvar (\n\tinfo, _ = os.Stat(table)\n)\n\nvar x, y int = two()\n\nfunc two() (int, int) { return 1, 2 }\n\nvar table = \"/\"\n"},
			want: []string{
				"var _dsvars0 = func() (s struct{ _0 *url.URL; _1 error }) { s._0, s._1 = url.Parse(\"x\"); return }(); var u, err = _dsvars0._0, _dsvars0._1\n",
				"\t_dsvars1 = func() (s struct{ _0 _dsorderpkg0.FileInfo; _1 error }) { s._0, s._1 = os.Stat(table); return }(); info = _dsvars1._0\n",
				"var _dsvars2 = func() (s struct{ _0 int; _1 int }) { s._0, s._1 = two(); return }(); var x, y int = _dsvars2._0, _dsvars2._1\n",
				"package p; import _dsorderpkg0 \"io/fs\"\n",
			},
		},
		{
			name:  "initialisers of one declaration the compiler runs apart",
			files: []string{"a.go", "package p\n\nvar x, y = note(\"x\"), note(z)\n\nvar w = note(\"w\")\n\nvar z = note(\"z\")\n\nfunc note(s string) string { return s }\n"},
			warn:  "a.go:3:5: " + initOrderUnforced,
		},
		{
			name:  "pure initialisers of one declaration the compiler runs apart",
			files: []string{"a.go", "package p\n\nvar x, y = []int{1}, note(z)\n\nvar w = note(\"w\")\n\nvar z = note(\"z\")\n\nfunc note(s string) string { return s }\n"},
			want:  []string{"var x, y = ([]int{1}), note(z)\n"},
		},
		{
			name:  "a local named like a variable",
			files: []string{"a.go", "package p\n\nvar a = g()\n\nvar b = func() int { a := 1; return a }()\n\nfunc g() int { return b }\n"},
			warn:  "a.go:3:5: " + initOrderUnforced,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				blankVars(f)
				return initOrder(f)
			}, false, tt.files...)
			out := r.out(tt.files[0])
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if len(tt.want) == 0 && tt.warn == "" && out != "" && strings.Contains(out, "_dsorder") {
				t.Errorf("rewritten, want as written:\n%s", out)
			}
			got := strings.Join(r.diags, "\n")
			if tt.warn == "" && got != "" || tt.warn != "" && !strings.HasPrefix(got, tt.warn) {
				t.Errorf("diagnostics %q, want %q", got, tt.warn)
			}
		})
	}
}
