package interp

import "testing"

func TestCaseLists(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"two", "switch {\n\tcase n < 0, n > 100:\n\t\tuse(n)\n\t}", "switch {\n\tcase (n < 0) || ( n > 100):\n\t\tuse(n)\n\t}"},
		{"three over lines, with an init", "switch m := n * 2; {\n\tcase m == 1,\n\t\tm == 2, m == 3:\n\t\tuse(m)\n\tdefault:\n\t}",
			"switch m := n * 2; {\n\tcase (m == 1) || (\n\t\tm == 2) || ( m == 3):\n\t\tuse(m)\n\tdefault:\n\t}"},
		{"one condition", "switch {\n\tcase n < 0:\n\t\tuse(n)\n\t}", ""},
		{"tagged", "switch n {\n\tcase 1, 2:\n\t\tuse(n)\n\t}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, caseLists, "package p\n\nfunc use(int) {}\n\nfunc f(n int) {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}
