package interp

import (
	"strings"
	"testing"
)

func TestBlankVars(t *testing.T) {
	src := "package p\n\nvar _ = register(\"a\")\n\nvar (\n\tx, _ = 1, register(\"b\")\n\t_ int\n)\n\nfunc register(string) int { var _ = 1; return 0 }\n"
	r := runPass(t, blankVars, true, "a.go", src)
	out := r.out("a.go")
	a, b := itoa(strings.Index(src, "_ = register")), itoa(strings.Index(src, "_ = 1, register"))
	for _, want := range []string{"var _dsblank0_" + a + " = register(\"a\")\n", "\tx, _dsblank0_" + b + " = 1, register(\"b\")\n", "\t_ int\n", "{ var _ = 1; return 0 }"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
