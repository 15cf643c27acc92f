package interp

import "testing"

// TestEmptySwitches: an expression switch without a clause gets an empty
// default clause; an empty type switch becomes one on whether its operand
// is nil; a switch with a clause stays.
func TestEmptySwitches(t *testing.T) {
	const head = "package p\n\nfunc g() int { return 1 }\n\n"
	tests := []struct{ name, body, want string }{
		{"tag", "func f() {\n\tswitch g() {}\n}\n", "switch g() { default: }"},
		{"init", "func f() {\n\tswitch g(); {}\n}\n", "switch g(); { default: }"},
		{"no tag", "func f() {\n\tswitch {}\n}\n", "switch { default: }"},
		{"a clause", "func f() {\n\tswitch g() { case 1: }\n}\n", ""},
		{"type switch", "func f(v any) {\n\tswitch v.(type) {}\n}\n", "switch v != nil { default: }"},
		{"type switch with init", "func f() {\n\tswitch x := g(); h(x).(type) {}\n}\n\nfunc h(int) error { return nil }\n", "switch x := g(); { default: switch /*line :6:19*/h(x) != nil { default: } }"},
		{"type switch of a call", "func f() {\n\tswitch (h(g())).(type) {\n\t}\n}\n\nfunc h(int) error { return nil }\n", "switch (h(g())) != nil { default: \n\t}"},
		{"type switch with a clause", "func f(v any) {\n\tswitch v.(type) {\n\tcase int:\n\t}\n}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBody(t, emptySwitches, head+tt.body, tt.want)
		})
	}
}
