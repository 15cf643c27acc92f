package interp

import (
	"strings"
	"testing"
)

func TestNewBuiltins(t *testing.T) {
	const floatMin = "func(x float64, y ...float64) float64 { for _, v := range y { if x == x && (v != v || v < x || v == x && v == 0 && 1/v < 0) { x = v } }; return x }"
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"ints", "a, b := 1, 2; use(min(a, b, 3))", "a, b := 1, 2; use(func(x int, y ...int) int { for _, v := range y { if v < x { x = v } }; return x }(a, b, 3))"},
		{"max strings", `s := "b"; _ = max(s, "a")`, `s := "b"; _ = func(x string, y ...string) string { for _, v := range y { if v > x { x = v } }; return x }(s, "a")`},
		{"floats", "f := 1.5; _ = min(f, 2)", "f := 1.5; _ = " + floatMin + "(f, 2)"},
		{"named type", "d := time.Second; _ = max(d, 2*time.Second)", "d := time.Second; _ = func(x time.Duration, y ...time.Duration) time.Duration { for _, v := range y { if v > x { x = v } }; return x }(d, 2*time.Second)"},
		{"constant", "const c = min(3, 1, 2); use(c)", "const c = (1); use(c)"},
		{"constant float", "const c = min(1, 2.5); var f32 float32 = c; _ = f32", "const c = (1 + 0.0); var f32 float32 = c; _ = f32"},
		{"constant, typed by its use", "x := min(1, 2.5); _ = x", "x := float64(1); _ = x"},
		{"typed constant", "_ = max(time.Second, 5)", "_ = time.Duration(time.Second)"},
		{"clear", "m := map[string]int{}; clear(m)", "m := map[string]int{}; _dsrt.Clear(m)"},
		{"nested", "a, b := 1, 2; use(max(a, min(b, 3)))", "a, b := 1, 2; use(func(x int, y ...int) int { for _, v := range y { if v > x { x = v } }; return x }(a, func(x int, y ...int) int { for _, v := range y { if v < x { x = v } }; return x }(b, 3)))"},
		{"nested constant", "a := 1; use(max(a, min(2, 3)))", "a := 1; use(func(x int, y ...int) int { for _, v := range y { if v > x { x = v } }; return x }(a, int(2)))"},
		{"shadowed", "min := func(a, b int) int { return a }; use(min(1, 2))", ""},
		{"new of a constant", "p := new(10); use(*p)", "p := func(v int) *int { return &v }(10); use(*p)"},
		{"new of a typed value", "p := new(3 * time.Second); _ = p", "p := func(v time.Duration) *time.Duration { return &v }(3 * time.Second); _ = p"},
		{"new of a type", "p := new(int); use(*p)", ""},
		{"new of a type in parentheses", "p := new([]int); _ = p", ""},
		{"len of an array pointer", "var p *[16]byte; use(len(p))", "var p *[16]byte; use(int(16))"},
		{"cap of an element", "var ps []*[4]int; use(cap(ps[2]))", "var ps []*[4]int; use(int(4))"},
		{"len of an array", "var a [3]int; use(len(a))", ""},
		{"len of a dereferenced pointer", "var p *[16]byte; use(len(*p))", "var p *[16]byte; use(int(16))"},
		{"cap of a field through a pointer", "var s *struct{ a [2]int }; use(cap(s.a))", "var s *struct{ a [2]int }; use(int(2))"},
		{"len of a dereferenced call", "use(len(*func() *[2]int { return nil }()))", ""},
		{"len of a slice", "var s []int; use(len(s))", ""},
		{"len of an array pointer a call returns", "use(len(func() *[2]int { return nil }()))", ""},
		{"int shadowed", "type int = uint; var p *[2]byte; _ = len(p)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"time\"\n\nvar _ = time.Now\n\nfunc use(int) {}\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			r := runPass(t, newBuiltins, true, "a.go", src)
			out := r.out("a.go")
			line := strings.TrimSpace(strings.Split(out, "\n")[9])
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", line)
				}
				return
			}
			if !r.changed || line != tc.want {
				t.Errorf("got  %s\nwant %s", line, tc.want)
			}
			if strings.Contains(tc.want, "_dsrt") && !strings.Contains(out, `import _dsrt "`+desugarPath+`"`) {
				t.Errorf("no import of the helpers:\n%s", out)
			}
		})
	}
}
