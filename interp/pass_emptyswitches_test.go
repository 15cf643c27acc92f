package interp

import "testing"

// TestEmptySwitches: an expression switch without a clause gets an empty
// default clause; one with a clause, and a type switch, stay.
func TestEmptySwitches(t *testing.T) {
	const head = "package p\n\nfunc g() int { return 1 }\n\n"
	tests := []struct{ name, body, want string }{
		{"tag", "func f() {\n\tswitch g() {}\n}\n", "switch g() { default: }"},
		{"init", "func f() {\n\tswitch g(); {}\n}\n", "switch g(); { default: }"},
		{"no tag", "func f() {\n\tswitch {}\n}\n", "switch { default: }"},
		{"a clause", "func f() {\n\tswitch g() { case 1: }\n}\n", ""},
		{"type switch", "func f(v any) {\n\tswitch v.(type) {}\n}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBody(t, emptySwitches, head+tt.body, tt.want)
		})
	}
}
