package interp

import "testing"

func TestMethodValues(t *testing.T) {
	const decls = "type C struct{ n int }\n\nfunc (c C) Get() int { return c.n }\n\nfunc (c *C) Inc() { c.n++ }\n\nfunc (c C) Sum(base int, xs ...int) (int, error) { return base, nil }\n\ntype L interface{ Log(string) string }\n\ntype S struct{ L }\n\ntype E struct{ C }\n\n"
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"value receiver", "c := C{}\n\tget := c.Get", "c := C{}\n\tget := func(_r C) func() int { return _r.Get }(c)"},
		{"through a pointer", "p := &C{}\n\tget := p.Get", "p := &C{}\n\tget := func(_r C) func() int { return _r.Get }(*p)"},
		{"pointer receiver", "c := C{}\n\tinc := c.Inc\n\t_ = inc", ""},
		{"called", "c := C{}\n\t_ = c.Get()", ""},
		{"method expression", "add := (*C).Inc", "add := (func(_r *C) { _r.Inc() })"},
		{"value method expression", "get := C.Get", "get := (func(_r C) int { return _r.Get() })"},
		{"variadic with results", "sum := C.Sum", "sum := (func(_r C, _a0 int, _a1 ...int) (int, error) { return _r.Sum(_a0, _a1...) })"},
		{"called method expression", "C.Get(C{})", "(func(_r C) int { return _r.Get() })(C{})"},
		{"promoted from an embedded interface", "s := S{}\n\tlog := s.Log", "s := S{}\n\tlog := func(_r S) func(string) string { return _r.Log }(s)"},
		{"promoted from an embedded struct", "e := E{}\n\tget := e.Get\n\t_ = get", ""},
		{"standard library", "var b strings.Builder\n\tf := b.String\n\t_ = f", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"strings\"\n\nvar _ strings.Builder\n\n" + decls + "func f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, methodValues, src, tc.want)
		})
	}
}
