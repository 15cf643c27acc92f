package interp

import (
	"strings"
	"testing"
)

func TestParenNils(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the line after the pass; "" for unchanged
	}{
		{"compared", `_ = v == (nil)`, `_ = v == nil`},
		{"twice parenthesised, an argument", `use((((nil))))`, `use(nil)`},
		{"a conversion of nil", `_ = (*int)(nil)`, ""},
		{"bare", `_ = v != nil`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc use(any) {}\n\nfunc f(v any) {\n\t" + tc.body + "\n}\n"
			r := runPass(t, parenNils, true, "a.go", src)
			line := strings.TrimSpace(strings.Split(r.out("a.go"), "\n")[5])
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", line)
				}
				return
			}
			if !r.changed || line != tc.want {
				t.Errorf("got  %s\nwant %s", line, tc.want)
			}
		})
	}
}
