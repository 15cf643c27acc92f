package interp

import "testing"

// TestWrapAround: a wrapper keeps around the text it wraps whatever
// edits other passes make inside it, before or after it, at its bounds.
func TestWrapAround(t *testing.T) {
	const src = "f(g(x), y)" // g(x) is [2,6), x [4,5)
	for _, tc := range []struct {
		name string
		make func(e *edits)
		want string
	}{
		{"alone", func(e *edits) { e.wrapAround(2, 6, "W(", ", d)") }, "f(W(g(x), d), y)"},
		{"a replacement inside, made later", func(e *edits) {
			e.wrapAround(2, 6, "W(", ", d)")
			*e = append(*e, edit{off: 4, end: 5, text: "T(x)"})
		}, "f(W(g(T(x)), d), y)"},
		{"a replacement of the text, made earlier", func(e *edits) {
			*e = append(*e, edit{off: 2, end: 6, text: "E(g(x))"})
			e.wrapAround(2, 6, "W(", ", d)")
		}, "f(W(E(g(x)), d), y)"},
		{"insertions at its bounds, made later", func(e *edits) {
			e.wrapAround(2, 6, "W(", ", d)")
			e.insert(2, "I(")
			e.insert(6, ")")
		}, "f(W(I(g(x)), d), y)"},
		{"a wrapper inside, made later", func(e *edits) {
			e.wrapAround(2, 6, "W(", ", d)")
			e.wrapAround(2, 6, "V(", ", v)")
		}, "f(W(V(g(x), v), d), y)"},
		{"a wrapper outside, made later", func(e *edits) {
			e.wrapAround(2, 6, "W(", ", d)")
			e.wrapAround(2, 9, "S(", ")")
		}, "f(S(W(g(x), d), y))"},
	} {
		var e edits
		tc.make(&e)
		if got := string(e.apply([]byte(src))); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
