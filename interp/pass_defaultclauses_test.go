package interp

import "testing"

func TestDefaultClauses(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"default first", "switch {\n\tdefault:\n\t\tuse(0)\n\tcase n > 5:\n\t\tuse(5)\n\tcase n > 3:\n\t\tuse(3)\n\t}",
			"switch {\n\tdefault:\n\t\tuse(0)\n\tcase n > 5:\n\t\tuse(5)\n\tcase n > 3:\n\t\tuse(3)\n\tcase false: }"},
		{"an init statement", "switch m := n; {\n\tcase m < 0:\n\tdefault:\n\tcase m > 1:\n\t}", "switch m := n; {\n\tcase m < 0:\n\tdefault:\n\tcase m > 1:\n\tcase false: }"},
		{"a type switch", "switch x.(type) {\n\tdefault:\n\tcase int:\n\t}", "switch x.(type) {\n\tdefault:\n\tcase int:\n\tcase false: }"},
		{"default last", "switch {\n\tcase n > 5:\n\tdefault:\n\t}", ""},
		{"no default", "switch {\n\tcase n > 5:\n\tcase n > 3:\n\t}", ""},
		{"a tag", "switch n {\n\tdefault:\n\tcase 1:\n\tcase 2:\n\t}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, defaultClauses, "package p\n\nfunc use(int) {}\n\nfunc f(n int, x any) {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}
