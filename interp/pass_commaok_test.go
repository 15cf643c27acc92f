package interp

import (
	"strings"
	"testing"
)

// TestCommaOkZeroes: a comma-ok assertion or map lookup resets its first
// variable when the second result is false, after the statement or at the
// start of an if condition; a blank second variable gets a name; one in a
// for header, or into an element, runs compiled.
func TestCommaOkZeroes(t *testing.T) {
	src := "package p\n\nfunc g(v any, m map[string]int, s []int) {\n\tn, ok := m[\"a\"]\n\tx, _ := v.(string)\n\tif y, ok := v.(int); ok {\n\t\t_ = y\n\t}\n\tn, ok = m[\"b\"]\n\tvar z, found = v.(float64)\n\tfor w, ok := v.(bool); ok; {\n\t\t_ = w\n\t}\n\ts[0], ok = m[\"c\"]\n\t_, ok = v.(int)\n\t_, _, _, _, _ = n, ok, x, z, found\n}\n"
	detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return commaOkZeroes(f) }
	r := runPass(t, detecting, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"n, ok := m[\"a\"]; if !ok { n = *new(int) }\n",
		"x, _dsok72 := v.(string); if !_dsok72 { x = *new(string) }; _ = _dsok72\n",
		"if y, ok := v.(int); func() bool { if !ok { y = *new(int) }; _ = ok; return true }() && (ok) {",
		"n, ok = m[\"b\"]; if !ok { n = *new(int) }\n",
		"var z, found = v.(float64); if !found { z = *new(float64) }\n",
		"s[0], ok = m[\"c\"]\n",
		"_, ok = v.(int)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	diags := strings.Join(r.diags, "\n")
	if len(r.diags) != 2 || !strings.Contains(diags, "a.go:11:6: a comma-ok") || !strings.Contains(diags, "a.go:14:2: a comma-ok") {
		t.Errorf("diagnostics %q, want one at the for header and one at the element", r.diags)
	}
}
