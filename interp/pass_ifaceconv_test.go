package interp

import "testing"

func TestIfaceConversions(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"bytes\"\n\t\"fmt\"\n\t\"io\"\n\t\"time\"\n)\n\ntype Shape interface{ Area() int }\n\ntype R struct{}\n\nfunc (R) Area() int { return 1 }\n\nfunc mk() R { return R{} }\n\nvar _, _ = fmt.Sprint, time.Second\n\n"
	tests := []struct{ name, body, want string }{
		{"a method called", "func f(b *bytes.Buffer) {\n\t_, _ = io.Writer(b).Write(nil)\n}\n", "_, _ = (func() io.Writer { return io.Writer(b) }()).Write(nil)"},
		{"a statement's start", "func f(b *bytes.Buffer) {\n\tio.Writer(b).Write(nil)\n\t(Shape)(mk()).Area()\n}\n", "(func() io.Writer { return io.Writer(b) }()).Write(nil)\n\t(func() (Shape) { return (Shape)(mk()) }()).Area()"},
		{"a route interface", "func f() int {\n\treturn Shape(mk()).Area()\n}\n", "return (func() Shape { return Shape(mk()) }()).Area()"},
		{"parenthesised", "func f() int {\n\treturn (Shape)(mk()).Area()\n}\n", "return (func() (Shape) { return (Shape)(mk()) }()).Area()"},
		{"compared", "func f(d time.Duration) bool {\n\treturn any(d) != nil && fmt.Stringer(d) == nil\n}\n", "return (func() any { return any(d) }()) != nil && (func() fmt.Stringer { return fmt.Stringer(d) }()) == nil"},
		{"asserted", "func f(d time.Duration) bool {\n\t_, ok := any(d).(time.Duration)\n\treturn ok\n}\n", ""},
		{"in an if", "func f(d time.Duration) {\n\tif any(d) != nil {\n\t}\n}\n", "if (func() any { return any(d) }()) != nil {\n\t}"},
		{"assigned, handed on, a method value", "func f(b *bytes.Buffer) {\n\tw := io.Writer(b)\n\tfmt.Fprint(io.Writer(b), w)\n\tg := io.Writer(b).Write\n\t_ = g\n}\n", ""},
		{"nil and error", "func f(e error) bool {\n\treturn io.Writer(nil) == nil || error(e) == nil\n}\n", ""},
		{"a type parameter", "func f[T any](v T) bool {\n\treturn any(v) == nil\n}\n", ""},
		{"sent", "func f(ch chan Shape, d time.Duration) {\n\tch <- Shape(mk())\n\tselect {\n\tcase ch <- (Shape(nil)):\n\t}\n}\n", "ch <- (mk())\n\tselect {\n\tcase ch <- (Shape(nil)):\n\t}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkBody(t, ifaceConversions, head+tt.body, tt.want)
		})
	}
}
