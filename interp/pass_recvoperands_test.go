package interp

import "testing"

// TestRecvOperands: a receive as the left operand of && or || is negated
// twice; as the right operand, or alone, it stays.
func TestRecvOperands(t *testing.T) {
	const head = "package p\n\ntype B bool\n\n"
	tests := []struct{ name, body, want string }{
		{"and", "func f(ch chan bool, ok bool) bool {\n\treturn <-ch && ok\n}\n", "return !!(<-ch) && ok"},
		{"or in parentheses", "func f(ch chan bool, ok bool) bool {\n\treturn (<-ch) || ok\n}\n", "return !!((<-ch)) || ok"},
		{"named boolean", "func f(ch <-chan B, ok B) B {\n\treturn <-ch && ok\n}\n", "return !!(<-ch) && ok"},
		{"chain", "func f(ch chan bool, ok bool) bool {\n\treturn <-ch && ok && <-ch\n}\n", "return !!(<-ch) && ok && <-ch"},
		{"right operand", "func f(ch chan bool, ok bool) bool {\n\treturn ok || <-ch\n}\n", ""},
		{"alone", "func f(ch chan bool) bool {\n\treturn <-ch\n}\n", ""},
		{"comparison", "func f(ch chan int, ok bool) bool {\n\treturn <-ch == 1 && ok\n}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBody(t, recvOperands, head+tt.body, tt.want)
		})
	}
}
