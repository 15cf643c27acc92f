package interp

import "testing"

func TestIntDivisions(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"typed variable", "var r float64 = 3 / 2; _ = r", "var r float64 = (1); _ = r"},
		{"named float type", "var c Celsius = 5 / 9 * 100; _ = c", "var c Celsius = (0) * 100; _ = c"},
		{"operand of a variable", "x := 2.0; x = x * (1 / 2)", "x := 2.0; x = x * ((0))"},
		{"compound assignment", "x := 2.0; x += 7 / 2", "x := 2.0; x += (3)"},
		{"remainder", "var h float64 = 7 % 4; _ = h", "var h float64 = (3); _ = h"},
		{"rune", "var g float32 = 'a' / 2; _ = g", "var g float32 = (48); _ = g"},
		{"named constants (yaegi divides them as integers)", "const a, b = 3, 2; var f float64 = a / b; _ = f", ""},
		{"float division in an integer variable", "var k int = 5.0 / 2 * 2; _ = k", "var k int = (5); _ = k"},
		{"float constant division in an integer variable", "const fc = 5.0; var n int = fc / 2 * 2; _ = n", "const fc = 5.0; var n int = (5); _ = n"},
		{"float division converted (yaegi converts it right)", "n := int(7.5 / 2 * 2); _ = n", ""},
		{"float product in an integer variable", "var m int = 2.5 * 2; _ = m", ""},
		{"integer context", "n := 7 / 2; _ = n", ""},
		{"float operand", "var r float64 = 3.0 / 2; _ = r", ""},
		{"variable operand", "n := 3; _ = float64(n) / 2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, intDivisions, "package p\n\ntype Celsius float64\n\nfunc f() {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}
