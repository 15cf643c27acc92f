package interp

import "testing"

func TestForConds(t *testing.T) {
	for _, tc := range []struct {
		name, loop, want string
	}{
		{"init only", "for i := 0; ; {", "for i := 0; true; {"},
		{"init with a literal", "for q := []int{1}; ; {", "for q := []int{1}; true; {"},
		{"init and post", "for i := 0; ; i++ {", ""},
		{"init and condition", "for i := 0; i < 3; {", ""},
		{"no clauses", "for {", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc f() {\n\t" + tc.loop + "\n\t\tbreak\n\t}\n}\n"
			checkLine(t, forConds, src, 3, tc.want)
		})
	}
}
