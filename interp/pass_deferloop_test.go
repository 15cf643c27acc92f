package interp

import (
	"strings"
	"testing"
)

// TestDeferredLoopVars checks which deferred literals in loops are given
// their iteration's variables, and how.
func TestDeferredLoopVars(t *testing.T) {
	const head = "package p\n\ntype res struct{ n int }\n\nfunc (r *res) Close()  {}\nfunc (r res) Name() int { return r.n }\n\n"
	for _, tc := range []struct {
		name, src string
		want      []string // in the output; none: unchanged
	}{
		{"body variable", "func f(ns []int) {\n\tfor _, n := range ns {\n\t\tr := &res{n}\n\t\tdefer func() { r.Close() }()\n\t}\n}\n",
			[]string{"var _dsa%d_p0 []**res;", "_dsa%d_p0 = append(_dsa%d_p0, &r); defer func() { _dsv%d_p0 := _dsa%d_p0[len(_dsa%d_p0)-1]; _dsa%d_p0 = _dsa%d_p0[:len(_dsa%d_p0)-1]; r := *_dsv%d_p0; r.Close() }()"}},
		{"loop and body variables", "func f(ns []int) (out []int) {\n\tfor i := 0; i < len(ns); i++ {\n\t\tv := res{ns[i]}\n\t\tdefer func() { out = append(out, i, v.Name()) }()\n\t}\n\treturn\n}\n",
			[]string{"var _dsa%d_p0 []*int; var _dsa%d_p1 []*res;", "i := *_dsv%d_p0;", "v := *_dsv%d_p1;"}},
		{"function's variable only", "func f(ns []int) (out []int) {\n\tfor range ns {\n\t\tdefer func() { out = append(out, 1) }()\n\t}\n\treturn\n}\n", nil},
		{"not in a loop", "func f() {\n\tr := &res{}\n\tdefer func() { r.Close() }()\n}\n", nil},
		{"variable assigned", "func f(ns []int) {\n\tfor _, n := range ns {\n\t\tdefer func() { n++ }()\n\t}\n}\n", nil},
		{"field of a struct variable assigned", "func f(ns []int) {\n\tfor _, n := range ns {\n\t\tr := res{n}\n\t\tdefer func() { r.n = 0 }()\n\t}\n}\n", nil},
		{"pointer method of a struct variable", "func f(ns []int) {\n\tfor _, n := range ns {\n\t\tr := res{n}\n\t\tdefer func() { r.Close() }()\n\t}\n}\n", nil},
		{"field through a pointer assigned", "func f(ns []int) {\n\tfor _, n := range ns {\n\t\tr := &res{n}\n\t\tdefer func() { r.n = 0 }()\n\t}\n}\n", []string{"r := *_dsv%d_p0; r.n = 0 }()"}},
		{"name declared again in the literal", "func f(ns []int) (out []int) {\n\tfor _, n := range ns {\n\t\tdefer func() {\n\t\t\tout = append(out, n)\n\t\t\tn := 2\n\t\t\t_ = n\n\t\t}()\n\t}\n\treturn\n}\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.src
			r := runPass(t, deferArgs, true, "a.go", src)
			out := r.out("a.go")
			if len(tc.want) == 0 {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			id := itoa(strings.Index(src, "defer "))
			for _, w := range tc.want {
				if w = strings.ReplaceAll(w, "%d", id); !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
