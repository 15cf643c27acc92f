package interp

import (
	"strings"
	"testing"
)

func TestAtomicPointers(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		want       []string // in the output; none: unchanged
	}{
		{"package variable", "var cfg atomic.Pointer[Config]", []string{
			"var cfg _dsgAtomicPointer_", "struct{ p _dsrt.AtomicPointer }",
			") Load() *Config { v, _ := x.p.Load().(*Config); return v }",
			") CompareAndSwap(old, new *Config) (swapped bool) { return x.p.CompareAndSwap(old, new) }",
		}},
		{"struct field", "type S struct{ c atomic.Pointer[Config]; n atomic.Int64 }", []string{"type S struct{ c _dsgAtomicPointer_", "n atomic.Int64 }"}},
		{"of another package's type", "var b atomic.Pointer[strings.Builder]", []string{"Load() *strings.Builder"}},
		{"of a type declared in a function", "func f() { type local int; var p atomic.Pointer[local]; _ = p }", nil},
		{"in generic code", "type H[T any] struct{ p atomic.Pointer[T] }", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"strings\"\n\t\"sync/atomic\"\n)\n\nvar _ strings.Builder\n\ntype Config struct{ N int }\n\n/* here */ " + tc.code + "\n"
			r := runPass(t, atomicPointers, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == nil {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if n, want := strings.Count(out[:strings.Index(out, "/* here */")], "\n"), strings.Count(src[:strings.Index(src, "/* here */")], "\n"); n != want {
				t.Errorf("the code moved to line %d:\n%s", n+1, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in\n%s", w, out)
				}
			}
		})
	}
}
