package interp

import "testing"

func TestVariadicIfaces(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"route writer", "_ = io.MultiWriter(&buf, cw)", "_ = io.MultiWriter([]io.Writer{&buf, cw}...)"},
		{"compiled writers only", "_ = io.MultiWriter(&buf, &buf)", ""},
		{"spread", "_ = io.MultiWriter(ws...)", ""},
		{"empty interface", "_ = fmt.Sprint(cw)", ""},
		{"route function", "_ = join(cw, cw)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"bytes\"\n\t\"fmt\"\n\t\"io\"\n)\n\ntype counter struct{ n int }\n\nfunc (c *counter) Write(p []byte) (int, error) { return len(p), nil }\n\nfunc join(ws ...io.Writer) io.Writer { return nil }\n\nvar (\n\tbuf bytes.Buffer\n\tcw  = &counter{}\n\tws  []io.Writer\n)\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, variadicIfaces, src, tc.want)
		})
	}
}
