package interp

import (
	"strings"
	"testing"
)

// TestLateDeferredFuncValues: a deferred call of a function value held in
// a variable or a field runs compiled when the function or an argument
// may change after the defer statement, and stays interpreted when
// neither can (defer cancel()).
func TestLateDeferredFuncValues(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n\nvar hook = func() {}\n\ntype job struct{ done func(string) }\n\n"
	const want = "a deferred call of a function value"
	for _, tc := range []struct {
		name, src string
		refused   bool
	}{
		{"cancel", "func f(ctx context.Context) {\n\tctx, cancel := context.WithCancel(ctx)\n\tdefer cancel()\n\t_ = ctx\n}\n", false},
		{"cancel redeclared by :=", "func f(ctx context.Context) {\n\tctx, cancel := context.WithCancel(ctx)\n\tdefer cancel()\n\tc2, cancel := context.WithCancel(ctx)\n\tdefer cancel()\n\t_ = c2\n}\n", true},
		{"function assigned after", "func f() {\n\tstop := func() { fmt.Println(1) }\n\tdefer stop()\n\tstop = func() { fmt.Println(2) }\n}\n", true},
		{"function assigned by a closure", "func f() {\n\tstop := func() {}\n\tset := func() { stop = nil }\n\tdefer stop()\n\tset()\n}\n", true},
		{"argument assigned after", "func f(step string) {\n\tlog := func(s string) { fmt.Println(s) }\n\tdefer log(step)\n\tstep = \"changed\"\n}\n", true},
		{"argument incremented", "func f() {\n\tn := 0\n\tshow := func(i int) { fmt.Println(i) }\n\tdefer show(n)\n\tn++\n}\n", true},
		{"argument not a variable", "func f(xs []int) {\n\tshow := func(i int) { fmt.Println(i) }\n\tdefer show(xs[0])\n}\n", true},
		{"steady argument and constant", "func f(step string) {\n\tlog := func(s string, n int) { fmt.Println(s, n) }\n\tdefer log(step, 3)\n}\n", false},
		{"parameter", "func f(cleanup func()) {\n\tdefer cleanup()\n}\n", false},
		{"package variable set by init", "func init() { hook = func() { fmt.Println(1) } }\n\nfunc f() {\n\tdefer hook()\n}\n", false},
		{"package variable set by a function", "func set() { hook = nil }\n\nfunc f() {\n\tdefer hook()\n}\n", true},
		{"field", "func f(j *job) {\n\tdefer j.done(\"x\")\n}\n", false},
		{"field assigned", "func f(j *job) {\n\tdefer j.done(\"x\")\n\tj.done = nil\n}\n", true},
		{"field of a variable assigned", "func f(j, k *job) {\n\tdefer j.done(\"x\")\n\tj = k\n}\n", true},
		{"declared function", "func g(string) {}\n\nfunc f(step string) {\n\tdefer g(step)\n\tstep = \"x\"\n}\n", false},
		{"returned by a call", "func trace() func() { return func() {} }\n\nfunc f() {\n\tdefer trace()()\n}\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				f.detect = true
				return detectDiffering(f)
			}, true, "a.go", head+tc.src)
			var got string
			if len(r.diags) > 0 {
				_, got, _ = strings.Cut(r.diags[0], ": ")
			}
			if tc.refused != strings.HasPrefix(got, want) {
				t.Errorf("found %q, want refused %v", got, tc.refused)
			}
		})
	}
}
