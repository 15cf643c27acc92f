package interp

import "testing"

func TestPointerTupleAssigns(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"field through a pointer", "x, q.a = 3, 4", "var _dspt103_0 int = 3; var _dspt103_1 float64 = 4; x = _dspt103_0; q.a = _dspt103_1"},
		{"pointer first", "q.a, x = 4, 3", ""},               // Go panics before assigning anything too
		{"operand assigned", "q, q.a = nil, 3", ""},          // q.a is the old q's
		{"value through the pointer", "x, q.a = q.b, 4", ""}, // reading q.b panics first
		{"call", "x, q.a = f(), 4", ""},
		{"no pointer", "x, v.a = 3, 4", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype T struct {\n\ta float64\n\tb int\n}\n\nfunc f() int { return 1 }\n\nfunc g(q *T, v T, x int) {\n\t" + tc.stmt + "\n}\n"
			checkBody(t, pointerTupleAssigns, src, tc.want)
		})
	}
}
