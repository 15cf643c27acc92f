package interp

import (
	"strings"
	"testing"
)

// TestParamRedecls: a short variable declaration in a function's
// outermost block redeclaring a parameter or a named result assigns it
// through a temporary; one in a nested block declares a new variable, as
// written; a constant or a nil for the redeclared variable runs compiled.
func TestParamRedecls(t *testing.T) {
	src := "package p\n\nfunc read() ([]byte, error) { return nil, nil }\n\nfunc load(p int) (n int, err error) {\n\tdata, err := read()\n\tq, p := 1, len(data)\n\tif x, err := read(); err != nil {\n\t\t_ = x\n\t}\n\tn = q + p\n\treturn\n}\n\nvar f = func() (err error) {\n\tb, err := read()\n\t_ = b\n\treturn\n}\n\nfunc consts() (n int64) {\n\tn, m := 1, 2\n\t_ = m\n\treturn\n}\n"
	detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return paramRedecls(f) }
	r := runPass(t, detecting, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"\tdata, _dsrd99_2 := read(); err = _dsrd99_2\n",
		"\tq, _dsrd120_2 := 1, len(data); p = _dsrd120_2\n",
		"\tif x, err := read(); err != nil {\n",
		"\tb, _dsrd239_2 := read(); err = _dsrd239_2\n",
		"\tn, m := 1, 2\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if len(r.diags) != 1 || !strings.Contains(r.diags[0], "a.go:22:2: a short variable declaration redeclaring") {
		t.Errorf("diagnostics %q, want one at the constant", r.diags)
	}
}
