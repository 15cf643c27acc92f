package interp

import (
	"strings"
	"testing"
)

// TestSortNilSlices: a slice or map of the package's own type handed to
// sort's functions is made empty when nil; other operands are left as
// written.
func TestSortNilSlices(t *testing.T) {
	src := "package p\n\nimport \"sort\"\n\ntype byLen []string\n\nfunc (b byLen) Len() int { return len(b) }\nfunc (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }\nfunc (b byLen) Swap(i, j int) { b[i], b[j] = b[j], b[i] }\n\nfunc g(s []string) {\n\tsort.Sort(byLen(s))\n\tsort.Strings(s)\n\t_ = sort.Reverse(sort.StringSlice(s))\n}\n"
	r := runPass(t, sortNilSlices, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"sort.Sort(func(_dsv byLen) byLen { if _dsv == nil { _dsv = byLen{} }; return _dsv }(byLen(s)))\n",
		"sort.Strings(s)\n",
		"_ = sort.Reverse(sort.StringSlice(s))\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
