package interp

import (
	"strings"
	"testing"
)

func TestRecovered(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"builtin", "defer func() { r := recover(); _ = r }()", "defer func() { r := _dsrt.Recovered(recover()); _ = r }()"},
		{"in a condition", "defer func() {\n\t\tif r := recover(); r != nil {\n\t\t}\n\t}()", "defer func() {\n\t\tif r := _dsrt.Recovered(recover()); r != nil {\n\t\t}\n\t}()"},
		{"shadowed", "recover := func() any { return 1 }\n\t_ = recover()", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			r := runPass(t, recovered, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if !r.changed || !strings.Contains(out, "\n\t"+tc.want+"\n}\n") || !strings.Contains(out, `_dsrt "`+desugarPath+`"`) {
				t.Errorf("got\n%s\nwant the body\n%s", out, tc.want)
			}
		})
	}
}
