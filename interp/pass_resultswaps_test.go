package interp

import (
	"strings"
	"testing"
)

func TestResultSwaps(t *testing.T) {
	for _, tc := range []struct {
		name, fn string
		want     string // the return after the pass; "" for unchanged
	}{
		{"swapped", "func f() (a, b int) {\n\treturn b, a\n}\n", "{ var _dsq0 int; var _dsq1 int; _dsq0 = b; _dsq1 = a; return _dsq0, _dsq1 }"},
		{"read in an expression", "func f() (n int, s string) {\n\treturn 1, s + strconv.Itoa(n)\n}\n", "{ var _dsq0 int; var _dsq1 string; _dsq0 = 1; _dsq1 = s + strconv.Itoa(n); return _dsq0, _dsq1 }"},
		{"in order", "func f() (a, b int) {\n\treturn a, b\n}\n", ""},
		{"reads a later result only", "func f() (a, b int) {\n\treturn b, 1\n}\n", ""},
		{"unnamed results", "func f(a, b int) (int, int) {\n\treturn b, a\n}\n", ""},
		{"one result", "func f() (a int) {\n\treturn a + 1\n}\n", ""},
		{"bare return", "func f() (a, b int) {\n\treturn\n}\n", ""},
		{"function literal's own results", "func f() (a, b int) {\n\tg := func() (x, y int) { return 1, 2 }\n\t_ = g\n\treturn a, b\n}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"strconv\"\n\nvar _ = strconv.Itoa\n\n" + tc.fn
			r := runPass(t, resultSwaps, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if !r.changed || !strings.Contains(out, "\n\t"+tc.want+"\n}\n") {
				t.Errorf("got\n%s\nwant the return\n%s", out, tc.want)
			}
		})
	}
}

// TestResultSwapsWrapLastOperand checks the return's block closes after
// the parentheses multiValues puts around its last operand (return r,
// len(r), TheAlgorithms' longest common subsequence): a plain insertion
// of the closing went inside them, and the interpreter refused the file
// (expected ')', found ';').
func TestResultSwapsWrapLastOperand(t *testing.T) {
	src := "package p\n\nfunc split(s string) (r []rune, size int) {\n\tr = []rune(s)\n\treturn r, len(r)\n}\n"
	f := newFolder("/m/p", map[string][]byte{"a.go": []byte(src)})
	f.own, f.foreign = true, func(string) foreignMarshalers { return foreignMarshalers{} }
	f.rewrite(passes)
	out := string(f.result().files["a.go"])
	want := "\t{ var _dsq0 []rune; var _dsq1 int; _dsq0 = r; _dsq1 = (len(r)); return _dsq0, _dsq1 }\n"
	if !strings.Contains(out, want) {
		t.Errorf("got\n%s\nwant the return\n%s", out, want)
	}
}
