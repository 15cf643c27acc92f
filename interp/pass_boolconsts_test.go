package interp

import "testing"

func TestBoolConstants(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"comparison", "const debug = 1 > 0; _ = debug", "const debug = true; _ = debug"},
		{"false comparison", `const less = "b" < "a"; _ = less`, "const less = false; _ = less"},
		{"logical", "const a, b = 1 == 1, 2 > 3; const both = a && !b; _ = both", "const a, b = true, false; const both = true; _ = both"},
		{"typed", "const on bool = (len(\"abc\") > 2); _ = on", "const on bool = true; _ = on"},
		{"literal", "const on = true; _ = on", ""},
		{"iota", "const (\n\t\tz = iota > 0\n\t\tnz\n\t)\n\t_, _ = z, nz", "const (\n\t\tz = false\n\t\tnz = true\n\t)\n\t_, _ = z, nz"},
		{"iota of bool", "const (\n\t\tz bool = iota > 0\n\t\tnz\n\t)\n\t_, _ = z, nz", "const (\n\t\tz bool = false\n\t\tnz bool = true\n\t)\n\t_, _ = z, nz"},
		{"named type (typedConstants')", "const on M = 1 > 0; _ = on", ""},
		{"variable", "n := 3; ok := n > 2; _ = ok", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, boolConstants, "package p\n\ntype M bool\n\nfunc f() {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}
