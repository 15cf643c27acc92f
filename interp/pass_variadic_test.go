package interp

import "testing"

func TestVariadicIfaces(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"route writer", "_ = io.MultiWriter(&buf, cw)", "_ = io.MultiWriter([]io.Writer{&buf, func(v *counter) io.Writer { return v }(cw)}...)"},
		{"one route writer", "_ = io.MultiWriter(cw)", "_ = io.MultiWriter([]io.Writer{func(v *counter) io.Writer { return v }(cw)}...)"},
		{"route errors", "_ = errors.Join(ce, nil, ce)", "_ = errors.Join([]error{func(v codeErr) error { return v }(ce), nil, func(v codeErr) error { return v }(ce)}...)"},
		{"compiled writers only", "_ = io.MultiWriter(&buf, &buf)", ""},
		{"spread", "_ = io.MultiWriter(ws...)", ""},
		{"empty interface", "_ = fmt.Sprint(cw)", ""},
		{"route function", "_ = join(cw, cw)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"bytes\"\n\t\"errors\"\n\t\"fmt\"\n\t\"io\"\n)\n\ntype counter struct{ n int }\n\nfunc (c *counter) Write(p []byte) (int, error) { return len(p), nil }\n\ntype codeErr struct{ code int }\n\nfunc (e codeErr) Error() string { return \"code\" }\n\nvar ce codeErr\n\nvar _ = errors.New\n\nfunc join(ws ...io.Writer) io.Writer { return nil }\n\nvar (\n\tbuf bytes.Buffer\n\tcw  = &counter{}\n\tws  []io.Writer\n)\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, variadicIfaces, src, tc.want)
		})
	}
}

func TestVariadicSlices(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"slice of any", "_ = describe(xs)", "_ = describe([]any{xs}...)"},
		{"among others", "_ = describe(1, xs)", "_ = describe([]any{1, xs}...)"},
		{"named slice of any", "_ = describe(l)", "_ = describe([]any{l}...)"},
		{"append", "xs = append(xs, xs)", "xs = append(xs, []any{xs}...)"},
		{"spread", "_ = describe(xs...)", ""},
		{"no slice", "_ = describe(1, \"a\")", ""},
		{"slice of strings", "_ = describe(ss)", ""},
		{"method", "_ = T{}.log(xs)", "_ = T{}.log([]any{xs}...)"},
		{"compiled function", "_ = fmt.Sprint(xs)", ""},
		{"append of ints", "is = append(is, 1)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"fmt\"\n\ntype T struct{}\n\nfunc (T) log(args ...any) int { return len(args) }\n\ntype L []any\n\nfunc describe(args ...any) string { return fmt.Sprint(args...) }\n\nvar (\n\txs []any\n\tl  L\n\tss []string\n\tis []int\n)\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, variadicSlices, src, tc.want)
		})
	}
}
