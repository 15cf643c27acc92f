package interp

import (
	"strings"
	"testing"
)

// TestConstLists: in a constant declaration with a spec of several
// names, omitted lists are written out and iota is each spec's index;
// declarations of single names, and one whose omitted list would span
// lines, are left as written.
func TestConstLists(t *testing.T) {
	for _, tc := range []struct {
		name, decl string
		want       string // the declaration after the pass; "" for unchanged
	}{
		{"repeated", "const (\n\ta, b = iota, iota * 10\n\tc, d\n)\n", "const (\n\ta, b = 0   , 0    * 10\n\tc, d = 1, 1 * 10\n)\n"},
		{"typed", "type L int\n\nconst (\n\tx, y L = iota + 1, -iota\n\t_, _\n\tz, w\n)\n", "type L int\n\nconst (\n\tx, y L = 0    + 1, -0   \n\t_, _ L = 2, -1\n\tz, w L = 3, -2\n)\n"}, // a type of the code: its values as literals (see typedLiterals)
		{"single names after a list", "const (\n\ta, b = iota, iota\n\tc = iota * 5\n\td\n)\n", "const (\n\ta, b = 0   , 0   \n\tc = 1    * 5\n\td = 2 * 5\n)\n"},
		{"single names", "const (\n\ta = iota\n\tb\n)\n", ""},
		{"spanning lines", "const (\n\ta, b = iota,\n\t\tiota\n\tc, d\n)\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\n" + tc.decl
			r := runPass(t, constLists, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", out, tc.want)
			}
		})
	}
}
