package interp

import (
	"strings"
	"testing"
)

func TestLocalAliases(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"map", "type M = map[string]int\n\tm := M{\"a\": 1}\n\t_ = m", ";\n\tm := map[string]int{\"a\": 1}\n\t_ = m"},
		{"group", "type (\n\t\tS = []string\n\t\tP = *T\n\t)\n\tvar s S\n\tp := P(nil)\n\t_, _ = s, p", ";\n\n\n\n\tvar s []string\n\tp := (*T)(nil)\n\t_, _ = s, p"},
		{"shadowed", "type T = int\n\t{\n\t\ttype T struct{}\n\t\t_ = T{}\n\t}\n\tvar n T\n\t_ = n", ";\n\t{\n\t\ttype T struct{}\n\t\t_ = T{}\n\t}\n\tvar n int\n\t_ = n"},
		{"mixed with a defined type", "type (\n\t\tA = int\n\t\tB struct{}\n\t)\n\tvar a A\n\t_, _ = a, B{}", "type (\n\t\tA = int\n\t\tB struct{}\n\t)\n\tvar a int\n\t_, _ = a, B{}"},
		{"spanning lines", "type R = struct {\n\t\tN int\n\t}\n\t_ = R{}", ""},
		{"defined type", "type D int\n\t_ = D(1)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype T struct{}\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			r := runPass(t, localAliases, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if want := strings.Replace(src, tc.body, tc.want, 1); out != want {
				t.Errorf("got\n%s\nwant\n%s", out, want)
			}
		})
	}
}
