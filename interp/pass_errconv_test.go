package interp

import (
	"strings"
	"testing"
)

const errconvTypes = "package p\n\nimport (\n\t\"bufio\"\n\t\"errors\"\n\t\"io\"\n\t\"strings\"\n)\n\ntype E struct{ s string }\n\nfunc (e *E) Error() string { return e.s }\n\nfunc mk() *E { return &E{\"m\"} }\n\nfunc take(err error) {}\n\nfunc read(r io.Reader) {}\n\nvar _ = strings.NewReader\n\nvar _ = bufio.NewReader\n\nvar _ = errors.Is\n\n"

func TestErrorConversions(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"a variable", "func f(e *E) error {\n\tx := error(e)\n\treturn x\n}\n", "x := _dsAsError(e)\n\treturn x"},
		{"a call result", "func f() error {\n\tx := error(mk())\n\treturn x\n}\n", "x := _dsAsError(func() error { return mk() }())\n\treturn x"},
		{"an interface value", "func f(e interface{ Error() string }) error {\n\tx := error(e)\n\treturn x\n}\n", ""},
		{"nil", "func f() error {\n\tx := error(nil)\n\treturn x\n}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBody(t, errorConversions, errconvTypes+tt.body, tt.want)
		})
	}
	r := runPass(t, errorConversions, true, "a.go", errconvTypes+"func f(e *E) (error, error) {\n\treturn error(e), error(e)\n}\n")
	if out := r.out("a.go"); strings.Count(out, "func _dsAsError(") != 1 {
		t.Errorf("want one declaration of _dsAsError:\n%s", out)
	}
}

func TestIfaceCallArgs(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"an error parameter", "func f() {\n\ttake(mk())\n}\n", "take(func() error { return mk() }())"},
		{"an io.Reader parameter", "func f() {\n\tread(strings.NewReader(\"x\"))\n}\n", "read(func() io.Reader { return strings.NewReader(\"x\") }())"},
		{"a closure", "func f() {\n\tg := func(err error) {}\n\tg(mk())\n}\n", "g(func() error { return mk() }())"},
		{"a go statement", "func f() {\n\tgo take(mk())\n}\n", "go take(func() error { return mk() }())"},
		{"a deferred call, left to deferArgs", "func f() {\n\tdefer take(mk())\n}\n", ""},
		{"a variable", "func f(e *E) {\n\ttake(e)\n}\n", ""},
		{"a result already an error", "func g() error { return nil }\n\nfunc f() {\n\ttake(g())\n}\n", ""},
		{"a compiled function of io", "func f() {\n\tio.ReadAll(strings.NewReader(\"x\"))\n}\n", ""},
		{"a route value kept by compiled code", "type H struct{ n int }\n\nfunc (H) Read(p []byte) (int, error) { return 0, nil }\n\nfunc f(n int) {\n\t_ = bufio.NewReader(H{n})\n}\n", "_ = bufio.NewReader(func(v H) io.Reader { return v }(H{n}))"},
		{"a call result kept by compiled code", "type H struct{ n int }\n\nfunc (H) Read(p []byte) (int, error) { return 0, nil }\n\nfunc mkH(n int) H { return H{n} }\n\nfunc f(n int) {\n\t_ = bufio.NewReader(mkH(n))\n}\n", "_ = bufio.NewReader(func(v H) io.Reader { return v }(mkH(n)))"},
		{"a variable's address kept by io", "type H struct{ n int }\n\nfunc (*H) Read(p []byte) (int, error) { return 0, nil }\n\nfunc f(n int) {\n\th := H{n}\n\t_ = io.LimitReader(&h, 1)\n}\n", "_ = io.LimitReader(func(v *H) io.Reader { return v }(&h), 1)"},
		{"a route error to a compiled error parameter", "func f(e *E) {\n\t_ = errors.Is(e, e)\n}\n", "_ = errors.Is(func(v *E) error { return v }(e), func(v *E) error { return v }(e))"},
		{"io.ReadAll keeps no operand", "type H struct{ n int }\n\nfunc (H) Read(p []byte) (int, error) { return 0, nil }\n\nfunc f(h H) {\n\t_, _ = io.ReadAll(h)\n}\n", ""},
		{"a compiled value kept by compiled code", "func f() {\n\t_ = bufio.NewReader(strings.NewReader(\"x\"))\n}\n", ""},
		{"results forwarded whole", "func two() (*E, int) { return mk(), 1 }\n\nfunc both(err error, n int) {}\n\nfunc f() {\n\tboth(two())\n}\n", "both(func() (error, int) { _dsv0, _dsv1 := two(); return _dsv0, _dsv1 }())"},
		{"results forwarded whole, none to convert", "func two() (error, int) { return nil, 1 }\n\nfunc both(err error, n int) {}\n\nfunc f() {\n\tboth(two())\n}\n", ""},
		{"a parameter of type any", "func h(v any) {}\n\nfunc f() {\n\th(mk())\n}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBody(t, ifaceCallArgs, errconvTypes+tt.body, tt.want)
		})
	}
}

// TestCopyKeptByLog checks that a writer of the package's types kept by
// a log.Logger, made by log.New or set by SetOutput, is handed over as a
// copy, and one log prints to during the call only is not.
func TestCopyKeptByLog(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"fmt\"\n\t\"log\"\n)\n\ntype W struct{ tag string }\n\nfunc (W) Write(p []byte) (int, error) { return len(p), nil }\n\nvar _ = fmt.Sprint\n\n"
	tests := []struct{ name, body, want string }{
		{"log.New", "func f(w W) {\n\t_ = log.New(w, \"\", 0)\n}\n", "_ = log.New(func(v W) _emb_io.Writer { return v }(w), \"\", 0)"},
		{"Logger.SetOutput", "func f(l *log.Logger, w W) {\n\tl.SetOutput(w)\n}\n", "l.SetOutput(func(v W) _emb_io.Writer { return v }(w))"},
		{"fmt.Fprint", "func f(w W) {\n\tfmt.Fprint(w, 1)\n}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBody(t, ifaceCallArgs, head+tt.body, tt.want)
		})
	}
}
