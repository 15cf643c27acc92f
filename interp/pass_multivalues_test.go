package interp

import (
	"strings"
	"testing"
)

func TestMultiValues(t *testing.T) {
	src := "package p\n\nvar v, w = 1, f()\n\nvar h = func() { a, b := 1, 2; a, b = 3, f(); _, _ = a, b }\n\nfunc f() int { return 1 }\n\nfunc g(s []int) {\n\tlo, hi := 0, len(s)\n\tq, r := 8, []int{9}\n\tvar x, y = \"x\", T{}\n\tlo, hi = hi, lo\n\tc := f()\n\t_, _, _, _, _, _ = lo, hi, q, r, x, y\n\t_ = c\n}\n\ntype T struct{}\n"
	r := runPass(t, multiValues, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"var v, w = 1, f()\n", // the initOrder pass's
		"a, b = 3, (f());",
		"lo, hi := 0, (len(s))\n",
		"q, r := 8, ([]int{9})\n",
		"var x, y = \"x\", (T{})\n",
		"lo, hi = hi, lo\n",
		"c := f()\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
