package interp

import "testing"

func TestFloatCases(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"float literal", "switch x { case 1e16: }", "switch x { case int64(10000000000000000): }"},
		{"expression", "switch x { case 1, 1e3 + 1: }", "switch x { case 1, int64(1001): }"},
		{"unsigned", "switch u { case 1e19: }", "switch u { case uint64(10000000000000000000): }"},
		{"integer literal", "switch x { case 100: }", ""},
		{"float tag", "switch fl { case 1e16: }", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc f(x int64, u uint64, fl float64) {\n\t" + tc.stmt + "\n}\n"
			checkBody(t, floatCases, src, tc.want)
		})
	}
}
