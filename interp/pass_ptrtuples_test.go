package interp

import "testing"

func TestPointerTupleAssigns(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"field through a pointer", "x, q.a = 3, 4", "x = 3; q.a = 4"},
		{"pointer first", "q.a, x = 4, 3", ""},                                                  // Go panics before assigning anything too
		{"operand assigned", "q, q.a = nil, 3", "_dspt185_o1 := q; q = nil; _dspt185_o1.a = 3"}, // q.a is the old q's
		{"value through the pointer", "x, q.a = q.b, 4", "x = q.b; q.a = 4"},
		{"call", "x, q.a = f(), 4", "var _dspt185_0 int = f(); x = _dspt185_0; q.a = 4"},
		{"no pointer", "x, v.a = 3, 4", ""},
		{"slice element", "x, s[x] = 3, 4", "_dspt185_o1 := x; x = 3; s[_dspt185_o1] = 4"},
		{"call in an index", "x, s[f()] = f(), 4", "_dspt185_o1 := f(); var _dspt185_0 int = f(); x = _dspt185_0; s[_dspt185_o1] = 4"},
		{"array through a pointer", "x, a[1] = 3, 4", "x = 3; a[1] = 4"},
		{"array at a constant", "x, v.c[1] = 3, 4", ""},
		{"array at a variable", "x, v.c[x] = 3, 4", "_dspt185_o1 := x; x = 3; v.c[_dspt185_o1] = 4"},
		{"blank", "_, q.a = f(), 4", "var _dspt185_0 int = f(); _ = _dspt185_0; q.a = 4"},
		{"call inside an index", "x, s[f()+1] = 3, 4", "refused"},
		{"map entry alone", "x, m[x] = 3, 4", ""},
		{"results of a call", "x, q.b = h()", "_dspt185_0, _dspt185_1 := h(); x = _dspt185_0; q.b = _dspt185_1"},
		{"map value", "x, q.b = m[x], 2", "x = m[x]; q.b = 2"},
		{"division", "x, q.b = 1, x / q.b", "var _dspt185_1 int = x / q.b; x = 1; q.b = _dspt185_1"},
		{"swap", "s[x], s[x+1] = s[x+1], s[x]", ""}, // checked as the values are read
		{"swap after its index", "x, s[x] = s[x], 4", "_dspt185_o1 := x; x = s[x]; s[_dspt185_o1] = 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype T struct {\n\ta float64\n\tb int\n\tc [2]int\n}\n\nfunc f() int { return 1 }\n\nfunc h() (int, int) { return 1, 2 }\n\nfunc g(q *T, v T, x int, s []int, a *[2]int, m map[int]int) {\n\t" + tc.stmt + "\n}\n"
			if tc.want == "refused" {
				r := runPass(t, func(f *folder) (bool, []diagnostic) { f.detect = true; return pointerTupleAssigns(f) }, true, "a.go", src)
				if len(r.diags) != 1 {
					t.Errorf("diagnostics %q, want a refusal", r.diags)
				}
				return
			}
			checkBody(t, pointerTupleAssigns, src, tc.want)
		})
	}
}
