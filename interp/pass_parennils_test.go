package interp

import "testing"

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
			checkLine(t, parenNils, src, 5, tc.want)
		})
	}
}
