package interp

import "testing"

func TestMethodValues(t *testing.T) {
	const decls = "type C struct{ n int }\n\nfunc (c C) Get() int { return c.n }\n\nfunc (c *C) Inc() { c.n++ }\n\nfunc (c C) Sum(base int, xs ...int) (int, error) { return base, nil }\n\ntype L interface{ Log(string) string }\n\ntype S struct{ L }\n\ntype E struct{ C }\n\ntype P struct{ *C }\n\n"
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"value receiver", "c := C{}\n\tget := c.Get", "c := C{}\n\tget := func(_r C) func() int { return _r.Get }(c)"},
		{"through a pointer", "p := &C{}\n\tget := p.Get", "p := &C{}\n\tget := func(_r C) func() int { return _r.Get }(*p)"},
		{"pointer receiver", "c := C{}\n\tinc := c.Inc\n\t_ = inc", "c := C{}\n\tinc := func(_r *C) func() { return _r.Inc }(&c)\n\t_ = inc"},
		{"pointer receiver of a pointer", "p := &C{}\n\tinc := p.Inc\n\tp = nil\n\t_ = inc", "p := &C{}\n\tinc := func(_r *C) func() { return _r.Inc }(p)\n\tp = nil\n\t_ = inc"},
		{"pointer receiver of an element", "cs := []C{{}, {}}\n\tvar fs []func()\n\tfor i := range cs {\n\t\tfs = append(fs, cs[i].Inc)\n\t}", "cs := []C{{}, {}}\n\tvar fs []func()\n\tfor i := range cs {\n\t\tfs = append(fs, func(_r *C) func() { return _r.Inc }(&cs[i]))\n\t}"},
		{"pointer receiver called", "p := &C{}\n\tp.Inc()", ""},
		{"called", "c := C{}\n\t_ = c.Get()", ""},
		{"method expression", "add := (*C).Inc", "add := (func(_r *C) { _r.Inc() })"},
		{"value method expression", "get := C.Get", "get := (func(_r C) int { return _r.Get() })"},
		{"variadic with results", "sum := C.Sum", "sum := (func(_r C, _a0 int, _a1 ...int) (int, error) { return _r.Sum(_a0, _a1...) })"},
		{"called method expression", "C.Get(C{})", "(func(_r C) int { return _r.Get() })(C{})"},
		{"standard library method expression", "n := (*strings.Builder).Len", "n := (func(_r *strings.Builder) int { return _r.Len() })"},
		{"compiled interface method expression", "w := io.Writer.Write", "w := (func(_r io.Writer, _a0 []uint8) (int, error) { return _r.Write(_a0) })"},
		{"promoted from an embedded interface", "s := S{}\n\tlog := s.Log", "s := S{}\n\tlog := func(_r S) func(string) string { return _r.Log }(s)"},
		{"promoted from an embedded struct", "e := E{}\n\tget := e.Get\n\t_ = get", "e := E{}\n\tget := func(_r C) func() int { return _r.Get }(e.C)\n\t_ = get"},
		{"promoted pointer method", "e := &E{}\n\tinc := e.Inc\n\t_ = inc", "e := &E{}\n\tinc := func(_r *C) func() { return _r.Inc }(&e.C)\n\t_ = inc"},
		{"promoted through a pointer", "p := P{&C{}}\n\tinc := p.Inc\n\tget := p.Get\n\t_, _ = inc, get", "p := P{&C{}}\n\tinc := func(_r *C) func() { return _r.Inc }(p.C)\n\tget := func(_r C) func() int { return _r.Get }(*p.C)\n\t_, _ = inc, get"},
		{"standard library", "var b strings.Builder\n\tf := b.String\n\t_ = f", "var b strings.Builder\n\tf := func(_r *strings.Builder) func() string { return func() string { return _r.String() } }(&b)\n\t_ = f"},
		{"standard library pointer", "b := &strings.Builder{}\n\tf := b.WriteString\n\t_ = f", "b := &strings.Builder{}\n\tf := func(_r *strings.Builder) func(string) (int, error) { return func(_a0 string) (int, error) { return _r.WriteString(_a0) } }(b)\n\t_ = f"},
		{"interface", "var l L\n\tlog := l.Log\n\t_ = log", ""},
		{"error", "var e error\n\tmsg := e.Error\n\t_ = msg", "var e error\n\tmsg := func(_r error) func() string { return func() string { return _r.Error() } }(e)\n\t_ = msg"},
		{"interface literal", "var e interface{ Error() string }\n\tmsg := e.Error\n\t_ = msg", ""},
		{"compiled interface", "var w io.Writer\n\twrite := w.Write\n\t_ = write", "var w io.Writer\n\twrite := func(_r io.Writer) func([]uint8) (int, error) { return func(_a0 []uint8) (int, error) { return _r.Write(_a0) } }(w)\n\t_ = write"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"io\"\n\t\"strings\"\n)\n\nvar (\n\t_ strings.Builder\n\t_ io.Writer\n)\n\n" + decls + "func f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, methodValues, src, tc.want)
		})
	}
}

// TestMethodValuesPromotedUnexported: a method promoted from an unexported
// embedded type of another package binds the operand Go binds with it.
func TestMethodValuesPromotedUnexported(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"pointer receiver of a pointer", "var c *net.TCPConn\n\twrite := c.Write\n\t_ = write", "var c *net.TCPConn\n\twrite := func(_r *net.TCPConn) func([]uint8) (int, error) { return func(_a0 []uint8) (int, error) { return _r.Write(_a0) } }(c)\n\t_ = write"},
		{"pointer receiver of a value", "var c net.TCPConn\n\tclose := c.Close\n\t_ = close", "var c net.TCPConn\n\tclose := func(_r *net.TCPConn) func() error { return func() error { return _r.Close() } }(&c)\n\t_ = close"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"net\"\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, methodValues, src, tc.want)
		})
	}
}
