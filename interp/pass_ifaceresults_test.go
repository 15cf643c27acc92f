package interp

import "testing"

func TestIfaceOperands(t *testing.T) {
	const head = "package p\n\nvar a, b int\n\nvar e error\n\n"
	tests := []struct{ name, body, want string }{
		{"a comparison returned as any", "func f() any {\n\treturn a == b\n}\n", "return (a == b)"},
		{"returned with an error", "func f() (any, error) {\n\treturn a < b, nil\n}\n", "return (a < b), nil"},
		{"assigned to a result of type any", "func f() (v any) {\n\tv = a >= b\n\treturn\n}\n", "v = (a >= b)\n\treturn"},
		{"in a function literal", "func f() {\n\tg := func() any { return a != b }\n\t_ = g\n}\n", "g := func() any { return (a != b) }\n\t_ = g"},
		{"returned as bool", "func f() bool {\n\treturn a == b\n}\n", ""},
		{"of interface values", "func f() any {\n\treturn e == nil\n}\n", ""},
		{"parenthesised, a sum, a logical and", "func f() (any, any, any) {\n\treturn (a == b), a + b, a == 1 && b == 2\n}\n", ""},
		{"a var of type any", "func f() any {\n\tvar v any = a == b\n\treturn v\n}\n", ""},
		// Returned, a comparison holding a call is parenthesised too;
		// assigned, evalOrder may move the call out of the parentheses.
		{"returned, holding a call", "func g(n int) int { return n }\n\nfunc f() any {\n\treturn -a > g(0)\n}\n", "return (-a > g(0))"},
		{"assigned, holding a call", "func f() (v any) {\n\tv = -a > g(0)\n\treturn\n}\n\nfunc g(n int) int { return n }\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBody(t, ifaceOperands, head+tt.body, tt.want)
		})
	}
}
