package interp

import (
	"strings"
	"testing"
)

func TestParamLocals(t *testing.T) {
	src := "package p\n\ntype Shape interface{ Area() float64 }\n\ntype Sq struct{}\n\nfunc (Sq) Area() float64 { return 1 }\n\n" +
		"func is(s Shape) bool {\n\t_, ok := s.(Sq)\n\treturn ok\n}\n\n" +
		"func ptr(s Shape) bool {\n\t_, ok := s.(*Sq)\n\treturn ok\n}\n\n" +
		"func shadowed(Shape int, s Shape) bool {\n\t_, ok := s.(Sq)\n\treturn ok\n}\n\n" +
		"var lit = func(a, s Shape) bool {\n\tswitch s.(type) {\n\tcase Sq:\n\t\treturn a != nil\n\t}\n\treturn false\n}\n"
	r := runPass(t, paramLocals, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"func is(_dsp_s Shape) bool { var s Shape = _dsp_s;\n",
		"func ptr(s Shape) bool {\n", // a pointer type's assertion holds
		"func shadowed(Shape int, s Shape) bool {\n",
		"var lit = func(a, _dsp_s Shape) bool { var s Shape = _dsp_s;\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
