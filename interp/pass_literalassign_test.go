package interp

import "testing"

// TestLiteralAssigns: a composite literal or a receive assigned to a name,
// a composite literal declared, and a receive assigned to a field or an
// element, is parenthesised; a literal assigned to a field, an element or
// _, its address, or one already in parentheses, is left as written.
func TestLiteralAssigns(t *testing.T) {
	const decls = "type T struct{ n int }\n\ntype W struct{ t T }\n\n"
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"assigned", "var x T\n\tfunc() { x = T{1} }()", "var x T\n\tfunc() { x = (T{1}) }()"},
		{"keyed", "var x T\n\tx = T{n: 2}\n\t_ = x", "var x T\n\tx = (T{n: 2})\n\t_ = x"},
		{"two values", "var x, y T\n\tx, y = T{1}, y\n\t_ = x", "var x, y T\n\tx, y = (T{1}), y\n\t_ = x"},
		{"unnamed type", "var a struct{ n int }\n\ta = struct{ n int }{3}\n\t_ = a", "var a struct{ n int }\n\ta = (struct{ n int }{3})\n\t_ = a"},
		{"received", "var n int\n\tch := make(chan int)\n\tn = <-ch\n\t_ = n", "var n int\n\tch := make(chan int)\n\tn = (<-ch)\n\t_ = n"},
		{"received into an element", "s := make([]int, 1)\n\tch := make(chan int)\n\ts[0] = <-ch", "s := make([]int, 1)\n\tch := make(chan int)\n\ts[0] = (<-ch)"},
		{"received into a field", "var w W\n\tch := make(chan T)\n\tw.t = <-ch", "var w W\n\tch := make(chan T)\n\tw.t = (<-ch)"},
		{"received in a select", "var n int\n\tch := make(chan int)\n\tselect {\n\tcase n = <-ch:\n\t}\n\t_ = n", ""},
		{"declared", "x := T{1}\n\t_ = x", "x := (T{1})\n\t_ = x"},
		{"declared with var", "var a = [2]int{1, 2}\n\t_ = a", "var a = ([2]int{1, 2})\n\t_ = a"},
		{"declared pointer", "p := &T{1}\n\t_ = p", ""},
		{"received and declared", "ch := make(chan int)\n\tv := <-ch\n\t_ = &v", "ch := make(chan int)\n\tv := (<-ch)\n\t_ = &v"},
		{"field", "var w W\n\tw.t = T{1}", ""},
		{"element", "ts := make([]T, 1)\n\tts[0] = T{1}", ""},
		{"blank", "_ = T{1}", ""},
		{"parenthesised", "var x T\n\tx = (T{1})\n\t_ = x", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, literalAssigns, "package p\n\n"+decls+"func f() {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}

// TestOperationsAssigned: a remainder, a shift, a negation, a complement
// or an arithmetic operation assigned alone, declared with an interface
// type or returned is parenthesised (yaegi computes it wrongly straight
// into an interface); comparisons with a call, several values, and
// declarations without a type are left as written.
func TestOperationsAssigned(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"remainder", "var x any\n	x = n % 3\n	_ = x\n	return nil", "var x any\n	x = (n % 3)\n	_ = x\n	return nil"},
		{"shift into a field", "var b struct{ v any }\n	b.v = n << 1\n	_ = b\n	return nil", "var b struct{ v any }\n	b.v = (n << 1)\n	_ = b\n	return nil"},
		{"returned", "return -n", "return (-n)"},
		{"not", "return !(n > 1)", "return (!(n > 1))"},
		{"complement", "return ^n", "return (^n)"},
		{"comparison", "return n < 0", "return (n < 0)"},
		{"comparison with a call", "return n < len(\"ab\")", ""},
		{"sum", "return n + 1", "return (n + 1)"},
		{"sum with a call", "return n + len(\"ab\")", "return (n + len(\"ab\"))"},
		{"product into a field", "var b struct{ v any }\n	b.v = n * f(n).(int)\n	_ = b\n	return nil", "var b struct{ v any }\n	b.v = (n * f(n).(int))\n	_ = b\n	return nil"},
		{"concatenation declared", "var s any = \"a\" + \"b\"\n	_ = s\n	return nil", "var s any = (\"a\" + \"b\")\n	_ = s\n	return nil"},
		{"several values", "var a, b any\n	a, b = n % 2, -n\n	_, _ = a, b\n	return nil", ""},
		{"declared", "x := n % 2\n	_ = x\n	return nil", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, literalAssigns, "package p\n\nfunc f(n int) any {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}
