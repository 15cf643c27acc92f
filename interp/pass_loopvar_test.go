package interp

import (
	"strings"
	"testing"
)

func TestLoopVars(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"range, closure", "for i, v := range xs { fs = append(fs, func() int { return i + v }) }",
			"for i, v := range xs { i, v := i, v; fs = append(fs, func() int { return i + v }) }"},
		{"range, value only", "for _, v := range xs { ps = append(ps, &v) }",
			"for _, v := range xs { v := v; ps = append(ps, &v) }"},
		{"range, not captured", "for i, v := range xs { use(i + v) }", ""},
		{"range, assigns", "var i int; for i = range xs { fs = append(fs, func() int { return i }) }", ""},
		{"three clauses, closure", "for i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }",
			"for i := 0; i < 3; i++ { i := i; fs = append(fs, func() int { return i }) }"},
		{"three clauses, go", "for i := 0; i < 3; i++ { go use(i) }",
			"for i := 0; i < 3; i++ { i := i; go use(i) }"},
		{"three clauses, not captured", "for i := 0; i < 3; i++ { use(i) }", ""},
		{"three clauses, changed in the body", "for i := 0; i < 9; i++ { fs = append(fs, func() int { return i }); if i == 1 { i += 2; continue }; i++ }",
			"for i := 0; i < 9; i++ { _dsp%d_0 := &i; i := i; fs = append(fs, func() int { return i }); if i == 1 { i += 2; { *_dsp%d_0 = i; continue } }; i++ ; *_dsp%d_0 = i }"},
		{"labelled continue from a nested loop", "outer: for i := 0; i < 3; i++ { p := &i; for range xs { continue outer }; _ = p }",
			"outer: for i := 0; i < 3; i++ { _dsp%d_0 := &i; i := i; p := &i; for range xs { { *_dsp%d_0 = i; continue outer } }; _ = p ; *_dsp%d_0 = i }"},
		{"pointer method", "for _, c := range cs { c.Inc() }", "for _, c := range cs { c := c; c.Inc() }"},
		{"pointer method value", "for _, c := range cs { inc := c.Inc; inc() }", "for _, c := range cs { c := c; inc := c.Inc; inc() }"},
		{"value method", "for _, c := range cs { _ = c.Get() }", ""},
		{"value method value", "for _, c := range cs { get := c.Get; _ = get }", ""},
		{"pointer elements", "for _, p := range ps { p.Inc() }", ""},
		{"range, copied first", "for i, v := range xs { i, v := i, v; fs = append(fs, func() int { return i + v }) }", ""},
		{"three clauses, copied first", "for i := 0; i < 3; i++ { i := i; fs = append(fs, func() int { return i }) }", ""},
		{"range, var copy", "for _, v := range xs { var v = v; fs = append(fs, func() int { return v }) }", ""},
		{"captured before the copy", "for _, v := range xs { fs = append(fs, func() int { return v }); v := v; _ = v }",
			"for _, v := range xs { v := v; fs = append(fs, func() int { return v }); v := v; _ = v }"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype C struct{ n int }\n\nfunc (c *C) Inc()     { c.n++ }\nfunc (c C) Get() int { return c.n }\nfunc use(int)         {}\n\nfunc f(xs []int, cs []C, ps []*C) {\n\tvar fs []func() int\n\t" + tc.body + "\n\t_ = fs\n}\n"
			r := runPass(t, loopVars, true, "a.go", src)
			line := strings.TrimSpace(strings.Split(r.out("a.go"), "\n")[10])
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", line)
				}
				return
			}
			want := strings.ReplaceAll(tc.want, "%d", itoa(strings.Index(src, "for ")))
			if !r.changed || line != want {
				t.Errorf("got  %s\nwant %s", line, want)
			}
		})
	}
}
