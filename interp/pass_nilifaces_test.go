package interp

import (
	"strings"
	"testing"
)

func TestNilIfaces(t *testing.T) {
	wrap := func(target, v, e string) string {
		open, end := nilIfaceWrap(target, v, nil)
		return open + e + end
	}
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"to error", "var err error = c", "var err error = " + wrap("error", "_dsni253", "c")},
		{"call result", "err = find()", "err = " + wrap("error", "_dsni243", "find()")},
		{"to any", "a = c", "a = " + wrap("any", "_dsni241", "c")},
		{"literal type", "a = lit", "a = " + wrap("any", "_dsni241", "lit")},
		{"argument", "take(c)", "take(" + wrap("error", "_dsni242", "c") + ")"},
		{"compiled argument", "errors.Is(c, nil)", "errors.Is(" + wrap("error", "_dsni247", "c") + ", nil)"},
		{"element", "_ = []any{c}", "_ = []any{" + wrap("any", "_dsni247", "c") + "}"},
		{"return", "return c", "return " + wrap("error", "_dsni244", "c")},
		{"same type", "c = find()", ""},
		{"compiled interface", "a = err", ""},       // yaegi converts those right
		{"printed", "fmt.Println(c)", ""},           // fmtArgs'
		{"concrete", "err = errors.New(\"x\")", ""}, // not an interface
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n)\n\ntype Coded interface {\n\terror\n\tCode() int\n}\n\nfunc find() Coded { return nil }\n\nfunc take(error) {}\n\nfunc f(c Coded, lit interface{ f() }, err error, a any) error {\n\t_, _ = errors.New, fmt.Println\n\t" + tc.stmt + "\n\treturn nil\n}\n"
			r := runPass(t, nilIfaces, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if !r.changed || !strings.Contains(out, "\n\t"+tc.want+"\n") {
				t.Errorf("got\n%s\nwant the line\n%s", out, tc.want)
			}
		})
	}
}

// A value of a struct type of the package is converted from its own
// type, for errors.Is and errors.As to find it.
func TestNilIfacesValueImplementers(t *testing.T) {
	src := "package p\n\ntype Coded interface {\n\terror\n\tCode() int\n}\n\ntype nf struct{}\n\nfunc (nf) Error() string { return \"\" }\nfunc (nf) Code() int     { return 0 }\n\ntype bad struct{}\n\nfunc (*bad) Error() string { return \"\" }\nfunc (*bad) Code() int     { return 0 }\n\nfunc f(c Coded) error {\n\treturn c\n}\n"
	r := runPass(t, nilIfaces, true, "a.go", src)
	want := "return (func() error { _dsni285 := c; switch _dsni285v := _dsni285.(type) { case nf: return _dsni285v; }; if _dsni285 == nil { return nil }; return _dsni285 }())"
	if out := r.out("a.go"); !strings.Contains(out, want) {
		t.Errorf("got\n%s\nwant the line\n%s", out, want)
	}
}
