package interp

import "testing"

// TestParenNames: a name in parentheses inside an operand of && or ||
// loses them; elsewhere, or around more than a name, they stay.
func TestParenNames(t *testing.T) {
	const head = "package p\n\n"
	tests := []struct{ name, body, want string }{
		{"left operand", "func f(p *int, s string, ok bool) bool {\n\treturn (p) != nil && ok || (s)[0] == 'a'\n}\n", "return p != nil && ok || s[0] == 'a'"},
		{"negated", "func f(x int) bool {\n\treturn !((x) > 0) || x == 1\n}\n", "return !(x > 0) || x == 1"},
		{"alone", "func f(x int) bool {\n\treturn (x) > 0\n}\n", ""},
		{"not a name", "func f(a, b int) bool {\n\treturn (a+b) > 2 && true\n}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBody(t, parenNames, head+tt.body, tt.want)
		})
	}
}
