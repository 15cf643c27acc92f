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
		{"safe return", "func f(p *T, n int) (int, error) { p.n = n; return n, nil }",
			`func f(p *T, n int) (int, error) {` + head("3:36") + `/*line :3:35*/ _dsl = 3; /*line :3:36*/p.n = n; _dsl = 0; /*line :3:45*/return n, nil }`},
		{"return that may panic", "func f(p *T) (int, error) { return p.n, nil }",
			`func f(p *T) (int, error) {` + head("3:29") + `/*line :3:28*/ { _dsl = 3; var _dsr0 int; var _dsr1 error; _dsr0 =/*line :3:35*/ p.n; _dsr1 = /*line :3:41*/nil; _dsl = 0; return _dsr0, _dsr1 } }`},
		{"return of a call's values", "func f() (int, error) { return h() }",
			`func f() (int, error) {` + head("3:25") + `/*line :3:24*/ { _dsl = 3; var _dsr0 int; var _dsr1 error; _dsr0, _dsr1 =/*line :3:31*/ h(); _dsl = 0; return _dsr0, _dsr1 } }`},
		{"blocks and literals", "func f(xs []int) { for range xs { func() { g() }() } }",
			`func f(xs []int) {` + head("3:20") + `/*line :3:19*/ _dsl = 3; /*line :3:20*/for range xs { _dsl = 3; /*line :3:35*/func() {` + head("3:44") + `/*line :3:43*/ _dsl = 3; /*line :3:44*/g() ; _dsl = 0 /*line :3:48*/}() } ; _dsl = 0 /*line :3:54*/}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// g and h may panic: a call of one may leave f by a panic.
			src := "package p\n\n" + tc.fn + "\n\ntype T struct{ n int }\n\nvar m map[int]int\n\nfunc g()             { m[0] = 1 }\nfunc h() (int, error) { g(); return 0, nil }\n"
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
	// A function that cannot panic never leaves by a panic: it is left as
	// written, and costs nothing more per call.
	for _, fn := range []string{
		"func f(a, b int) int { return a + b }",
		"func f(n int) (int, error) { s := 0; for i := 0; i < n; i++ { s += i }; return s, nil }",
		"func f(a, b int) bool { if a > b { return true }; return a == b }",
		"func f(n int) T { return T{n: n} }",
		// Calls that cannot panic: of the package's functions that cannot
		// (recursive, or calling each other), of safe built-ins, and
		// conversions; divisions that cannot panic.
		"func f(n int) int { if n < 2 { return n }; return f(n-1) + f(n-2) }",
		"func f(n int) bool { if n == 0 { return true }; return odd(n - 1) }\nfunc odd(n int) bool { if n == 0 { return false }; return f(n - 1) }",
		"func f(xs []int, x int) []int { return append(xs, min(x, 3), cap(xs), int(float64(x)/2)) }",
		"func f(a, b float64, n int, u uint) (float64, int, int) { a /= b; return a / b, n / 2, n << u }",
		"func f(s string) []byte { return []byte(s) }",
		// Fields of values, and methods that cannot panic of values and
		// of addressable variables.
		"func f(t T) int { t.m(); t.n++; return t.n + t.twice() }",
		"func f() int { var t T; t.set(2); return t.n }",
		"func f(t T) int { return T.twice(t) }",
	} {
		if r := runPass(t, panicLines, true, "a.go", "package p\n\n"+fn+"\n\ntype T struct{ n int }\n\nfunc (T) m() {}\n\nfunc (t T) twice() int { return t.n * 2 }\n\nfunc (t *T) set(n int) {}\n"); r.changed {
			t.Errorf("a function that cannot panic changed: %s", r.out("a.go"))
		}
	}
	// What may panic by itself, without a call, an index or a field.
	for _, fn := range []string{
		"func f(a, b int) int { return a / b }",
		"func f(a, b int) int { a %= b; return a }",
		"func f(a, b int) int { return a << b }",
		"func f(c chan int) { c <- 1 }",
		"func f(c chan int) int { return <-c }",
		"func f(p *[3]int) { for _, v := range p { _ = v } }",
		"func f(p *T) int { return p.n }",
		"func f(a any) int { return a.(int) }",
		"func f(m map[int]int) { g(m) }\nfunc g(m map[int]int) { m[0] = 1 }",
		"func f(n int) { g(n) }\nfunc g(n int) { if n > 0 { f(n - 1) }; panic(n) }",
		"func f(s []int) *[2]int { return (*[2]int)(s) }",
		"func f(n int) []int { return make([]int, n) }",
		"func f(n, d int) int { n %= d; return n }",
		"func f(n, c int) int { return n >> c }",
		"func f(t *T) { t.m() }",                      // a value method through a pointer
		"func f(e error) string { return e.Error() }", // an interface's method
		"func f(t T) { t.inc() }",                     // a method that may panic
		"func f(t *T) int { return t.n }",
	} {
		if r := runPass(t, panicLines, true, "a.go", "package p\n\n"+fn+"\n\ntype T struct{ n int }\n\nfunc (T) m() {}\n\nfunc (t *T) inc() { t.n++ }\n"); !r.changed {
			t.Errorf("%s: left as written, though it may panic", fn)
		}
	}
}

// TestPanicLinesInDesugaredLoops checks that the statements of the body
// of a range loop another pass desugared set the line too: a panic there
// named the line before the loop.
func TestPanicLinesInDesugaredLoops(t *testing.T) {
	src := "package p\n\nfunc f(m map[int]int) {\n\tfor i := range 3 {\n\t\tm[i] = i\n\t}\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) {
		_, _ = rangeOverInt(f)
		return panicLines(f)
	}, true, "a.go", src)
	if out := r.out("a.go"); !strings.Contains(out, "_dsl = 5; /*line :5:3*/m[i] = i") {
		t.Errorf("the loop's body sets no line:\n%s", out)
	}
}

// TestPanicLinesBeforeWrappers: the line of a statement whose first
// operand boundsChecks wrapped (the index of a call's result assigned)
// is set before the wrapper, as a statement of its own: inside, it made
// the statement a syntax error.
func TestPanicLinesBeforeWrappers(t *testing.T) {
	src := "package p\n\nfunc get() []int { return make([]int, 2) }\n\nfunc f(i int) {\n\tget()[i] = 1\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) {
		boundsChecks(f)
		return panicLines(f)
	}, true, "a.go", src)
	out := r.out("a.go")
	if !strings.Contains(out, "\t_dsl = 6; /*line :6:2*/func(_dss []int) []int {") {
		t.Errorf("the line is not set before the wrapper:\n%s", out)
	}
}
