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

func TestNilCaseLists(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"nil among types", "switch v := x.(type) {\n\tcase bool, nil:\n\t\tuse(v)\n\t}", "switch v := x.(type) {\n\tcase bool, nil: v = x;\n\t\tuse(v)\n\t}"},
		{"a field", "switch v := b.x.(type) {\n\tcase nil, int:\n\t\tuse(v)\n\t}", "switch v := b.x.(type) {\n\tcase nil, int: v = b.x;\n\t\tuse(v)\n\t}"},
		{"nil alone", "switch v := x.(type) {\n\tcase nil:\n\t\tuse(v)\n\t}", ""},
		{"no nil", "switch v := x.(type) {\n\tcase int, bool:\n\t\tuse(v)\n\t}", ""},
		{"no variable", "switch x.(type) {\n\tcase int, nil:\n\t}", ""},
		{"a call", "switch v := get().(type) {\n\tcase int, nil:\n\t\tuse(v)\n\t}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, caseLists, "package p\n\nfunc use(any) {}\n\nfunc get() any { return nil }\n\ntype box struct{ x any }\n\nfunc f(x any, b box) {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}
