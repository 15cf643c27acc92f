package interp

import (
	"strings"
	"testing"
)

func TestGenericVars(t *testing.T) {
	const decls = "func New[K comparable, V any]() map[K]V { return map[K]V{} }\n\ntype Box[T any] struct{ v T }\n\n"
	for _, tc := range []struct {
		name, decl string
		want       string // the declaration after the pass; "" for unchanged
	}{
		{"explicit", "var users = New[string, int]()", "var users map[string]int; func init() { users = /*line :11:13*/New[string, int]() }/*line :11:31*/"},
		{"typed", "var users map[string]int = New[string, int]()", "var users map[string]int; func init() { users = /*line :11:28*/New[string, int]() }/*line :11:46*/"},
		{"generic type", "var b = Box[int]{v: 1}", "var b Box[int]; func init() { b = /*line :11:9*/Box[int]{v: 1} }/*line :11:23*/"},
		{"group", "var (\n\tx = 1\n\tu = New[int, int]()\n)", "var (\n\tx = 1\n\tu map[int]int\n); func init() { u = /*line :13:6*/New[int, int]() }/*line :14:2*/"},
		{"plain", "var n = len(\"ab\")", ""},
		{"read by an initialiser", "var users = New[string, int]()\n\nvar n = len(users)", ""},
		{"read by init", "var users = New[string, int]()\n\nfunc init() { users[\"a\"] = 1 }", ""},
		{"instance of another package's type", "var l = atomic.Pointer[int]{}", ""},
		{"blank", "var _ = New[string, int]()", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"sync/atomic\"\n\nvar _ atomic.Int32\n\n" + decls + tc.decl + "\n"
			r := runPass(t, genericVars, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if !r.changed || !strings.Contains(out, "\n"+tc.want+"\n") {
				t.Errorf("got\n%s\nwant\n%s", out, tc.want)
			}
		})
	}
}
