package interp

import (
	"strings"
	"testing"
)

func TestUnnamedParams(t *testing.T) {
	src := "package p\n\ntype nop struct{}\n\nfunc (nop) Log(string, ...any) { n := 1; _ = n }\n\nfunc named(a, b string) {}\n\nfunc blank(_ int) {}\n\ntype F func(string) error\n\nvar g = func(int, *nop) bool { return false }\n"
	r := runPass(t, unnamedParams, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"func (nop) Log(_dsparam0 string, _dsparam1 ...any) {",
		"func named(a, b string) {}",
		"func blank(_ int) {}",
		"type F func(string) error", // a type has no frame
		"var g = func(_dsparam0 int, _dsparam1 *nop) bool {",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
