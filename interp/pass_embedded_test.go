package interp

import (
	"strings"
	"testing"
)

func TestEmbeddedIfaceMethods(t *testing.T) {
	for _, tc := range []struct {
		name, decls string
		want        []string // methods declared after the last line
	}{
		{"promoted", "type L interface{ Log(string) string }\n\ntype S struct {\n\tL\n\tn int\n}\n",
			[]string{"func (_r S) Log(_a0 string) string { return _r.L.Log(_a0) }"}},
		{"overridden", "type L interface {\n\tLog(string) string\n\tFlush()\n}\n\ntype S struct{ L }\n\nfunc (s *S) Log(string) string { return \"\" }\n",
			[]string{"func (_r S) Flush() { _r.L.Flush() }"}},
		{"variadic and results", "type K interface{ Keys(p string, n ...int) ([]string, error) }\n\ntype S struct{ K }\n",
			[]string{"func (_r S) Keys(_a0 string, _a1 ...int) ([]string, error) { return _r.K.Keys(_a0, _a1...) }"}},
		{"other package", "type S struct {\n\tio.Reader\n}\n",
			[]string{"func (_r S) Read(_a0 []uint8) (int, error) { return _r.Reader.Read(_a0) }"}},
		{"error", "type E struct {\n\terror\n\tcode int\n}\n",
			[]string{"func (_r E) Error() string { return _r.error.Error() }"}},
		{"embedded struct", "type B struct{}\n\nfunc (B) M() {}\n\ntype S struct{ B }\n", nil},
		{"generic", "type L interface{ Log(string) string }\n\ntype S[T any] struct{ L }\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"io\"\n\nvar _ io.Reader\n\n" + tc.decls
			r := runPass(t, embeddedIfaceMethods, true, "a.go", src)
			out := r.out("a.go")
			if len(tc.want) == 0 {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			for _, w := range tc.want {
				if !strings.Contains(out, "\n"+w+"\n") {
					t.Errorf("got\n%s\nwant a line\n%s", out, w)
				}
			}
		})
	}
}

// TestEmbeddedIfaceMethodsImport checks that a type of a package the file
// does not import is spelled through an import the pass adds.
func TestEmbeddedIfaceMethodsImport(t *testing.T) {
	src := "package p\n\nimport \"context\"\n\ntype S struct{ context.Context }\n"
	r := runPass(t, embeddedIfaceMethods, true, "a.go", src)
	out := r.out("a.go")
	for _, w := range []string{"; import _emb_time \"time\"", "func (_r S) Deadline() (_emb_time.Time, bool) { return _r.Context.Deadline() }", "func (_r S) Value(_a0 interface{}) interface{} { return _r.Context.Value(_a0) }"} {
		if !strings.Contains(out, w) {
			t.Errorf("got\n%s\nwant\n%s", out, w)
		}
	}
}
