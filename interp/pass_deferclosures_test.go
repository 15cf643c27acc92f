package interp

import "testing"

func TestDeferredClosures(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"deferred variable", "cleanup := func() { n++ }; defer cleanup()", "cleanup := func() func() { return /*line :4:13*/func() { n++ } }(); defer cleanup()"},
		{"handed on", "defer run(func() { n++ })", "defer run(func() func() { return /*line :4:12*/func() { n++ } }())"},
		{"deferred literal", "defer func() { n++ }()", ""},
		{"called at once", "func() { n++ }(); defer run(nil)", ""},
		{"no defer", "cleanup := func() { n++ }; cleanup()", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc f(n int, run func(func())) {\n\t" + tc.body + "\n}\n"
			checkBody(t, deferredClosures, src, tc.want)
		})
	}
}
