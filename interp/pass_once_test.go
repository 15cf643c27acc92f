package interp

import (
	"strings"
	"testing"
)

func TestOnceValues(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the start of the body after the pass; "" for unchanged
	}{
		{"OnceValue", "g := sync.OnceValue(func() int { return 1 })", "g := (func(f func() int) func() int { var once sync.Once; var valid bool; var p any; var _r0 int; g := func() { defer func() { p = _dsrt.Recovered(recover()); if !valid { panic(p) } }(); _r0 = f(); f = nil; valid = true }; return func() int { once.Do(g); if !valid { panic(p) }; return _r0 } })(func() int { return 1 })"},
		{"OnceValues", "g := sync.OnceValues(func() (n int, err error) { return })", "g := (func(f func() (int, error)) func() (int, error) {"},
		{"a named function", "g := sync.OnceValue(h)", "g := (func(f func() int) func() int { var once sync.Once;"},
		{"a method value", "g := sync.OnceValues(s.load)", "g := (func(f func() (*state, error)) func() (*state, error) {"},
		{"a type declared in the function", "type local int; var k func() local; g := sync.OnceValue(k)", ""},
		{"a struct literal", "var k func() struct{ n int }; g := sync.OnceValue(k)", ""},
		{"a function with parameters", "g := sync.OnceValue(strconv.Itoa)", ""},
		{"OnceFunc", "g := sync.OnceFunc(func() {})", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"strconv\"\n\t\"sync\"\n)\n\nvar _ = strconv.Itoa\n\nfunc h() int { return 2 }\n\ntype state struct{}\n\nfunc (*state) load() (*state, error) { return nil, nil }\n\nvar s *state\n\nfunc f() {\n\t" + tc.body + "\n\t_ = g\n}\n"
			r := runPass(t, onceValues, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if !r.changed || !strings.Contains(out, "\n\t"+tc.want) {
				t.Errorf("got\n%s\nwant the body to start\n%s", out, tc.want)
			}
		})
	}
}
