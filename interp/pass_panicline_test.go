package interp

import (
	"strings"
	"testing"
)

func TestPanicLines(t *testing.T) {
	// head is a function's header, at the position of its first statement.
	head := func(first string) string {
		return " var /*line :" + first + `*/_dsl int; defer _dsrt.Leave(&_dsl, "/m/p/a.go");`
	}
	for _, tc := range []struct {
		name, fn string
		want     string // the function after the pass
	}{
		{"statements", "func f(m map[string]int) { m[\"a\"] = 1; g() }",
			`func f(m map[string]int) {` + head("3:28") + `/*line :3:27*/ _dsl = 3; /*line :3:28*/m["a"] = 1; _dsl = 3; /*line :3:40*/g() ; _dsl = 0 /*line :3:44*/}`},
		{"safe return", "func f(n int) (int, error) { return n, nil }",
			`func f(n int) (int, error) {` + head("3:30") + `/*line :3:29*/ _dsl = 0; /*line :3:30*/return n, nil }`},
		{"return that may panic", "func f(p *T) (int, error) { return p.n, nil }",
			`func f(p *T) (int, error) {` + head("3:29") + `/*line :3:28*/ { _dsl = 3; var _dsr0 int; var _dsr1 error; _dsr0 =/*line :3:35*/ p.n; _dsr1 = /*line :3:41*/nil; _dsl = 0; return _dsr0, _dsr1 } }`},
		{"return of a call's values", "func f() (int, error) { return h() }",
			`func f() (int, error) {` + head("3:25") + `/*line :3:24*/ { _dsl = 3; var _dsr0 int; var _dsr1 error; _dsr0, _dsr1 =/*line :3:31*/ h(); _dsl = 0; return _dsr0, _dsr1 } }`},
		{"blocks and literals", "func f(xs []int) { for range xs { func() { g() }() } }",
			`func f(xs []int) {` + head("3:20") + `/*line :3:19*/ _dsl = 3; /*line :3:20*/for range xs { _dsl = 3; /*line :3:35*/func() {` + head("3:44") + `/*line :3:43*/ _dsl = 3; /*line :3:44*/g() ; _dsl = 0 /*line :3:48*/}() } ; _dsl = 0 /*line :3:54*/}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\n" + tc.fn + "\n\ntype T struct{ n int }\n\nfunc g()             {}\nfunc h() (int, error) { return 0, nil }\n"
			r := runPass(t, panicLines, true, "a.go", src)
			line := strings.Split(r.out("a.go"), "\n")[2]
			if !r.changed || line != tc.want {
				t.Errorf("got  %s\nwant %s", line, tc.want)
			}
		})
	}
	src := "package p\n\nfunc f() { g() }\n\nfunc g() {}\n"
	if r := runPass(t, panicLines, false, "a.go", src); r.changed {
		t.Errorf("another module's code changed: %s", r.out("a.go"))
	}
}
