package interp

import (
	"strings"
	"testing"
)

func TestRangeAssigns(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass, %d for the loop's offset; "" for unchanged
		refused    bool
	}{
		{"key and value", "for i, v = range xs {\n\t\tuse(i + v)\n\t}",
			"for _dsri%d, _dsrv%d := range xs { i, v = _dsri%d, _dsrv%d;\n\t\tuse(i + v)\n\t}", false},
		{"value only", "for _, v = range xs {\n\t}", "for _, _dsrv%d := range xs { v = _dsrv%d;\n\t}", false},
		{"key only", "for i = range m {\n\t}", "for _dsri%d := range m { i = _dsri%d;\n\t}", false},
		{"channel", "for v = range ch {\n\t}", "for _dsri%d := range ch { v = _dsri%d;\n\t}", false},
		{"declares", "for i, v := range xs {\n\t\tuse(i + v)\n\t}", "", false},
		{"blank", "for _ = range xs {\n\t}", "", false},
		{"an element", "for _, xs[0] = range xs {\n\t}", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc use(int) {}\n\nfunc f(xs []int, m map[int]bool, ch chan int) {\n\tvar i, v int\n\t" + tc.body + "\n}\n"
			r := runPass(t, rangeAssigns, true, "a.go", src)
			if tc.refused != (len(r.diags) > 0) {
				t.Errorf("diagnostics %v, want refused %v", r.diags, tc.refused)
			}
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", r.out("a.go"))
				}
				return
			}
			want := strings.ReplaceAll(tc.want, "%d", itoa(strings.Index(src, "for ")))
			if !r.changed || !strings.Contains(r.out("a.go"), "\n\t"+want+"\n}\n") {
				t.Errorf("got\n%s\nwant the body\n%s", r.out("a.go"), want)
			}
		})
	}
}
