package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

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
		{"a leading insertion at its start, made later", func(e *edits) {
			e.wrapAround(2, 6, "W(", ", d)")
			e.insertLeading(2, "L; ")
			e.insert(2, "I(")
			e.insert(6, ")")
		}, "f(L; W(I(g(x)), d), y)"},
		{"a pair around more, made before", func(e *edits) {
			e.insertPair(2, 9, "(", ")")
			e.wrapAround(2, 6, "W(", ", d)")
		}, "f((W(g(x), d), y))"},
		{"a pair around more, made later", func(e *edits) {
			e.wrapAround(2, 6, "W(", ", d)")
			e.insertPairFirst(2, 9, "(", ")")
		}, "f((W(g(x), d), y))"},
		{"a pair around the same, made later", func(e *edits) {
			e.wrapAround(2, 6, "W(", ", d)")
			e.insertPair(2, 6, "(", ")")
		}, "f(W((g(x)), d), y)"},
		{"a pair around less, made before", func(e *edits) {
			e.insertPair(2, 4, "(", ")")
			e.wrapAround(2, 6, "W(", ", d)")
		}, "f(W((g()x), d), y)"},
	} {
		var e edits
		tc.make(&e)
		if got := string(e.apply([]byte(src))); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestTakeClosing: take moves the closing of a pair of insertions around
// the text it takes (or a part of it ending with it) along with the
// opening, and leaves an insertion at its end that closes nothing there.
func TestTakeClosing(t *testing.T) {
	const src = "package p\n\nvar v = f(g(x, y))\n"
	for _, tc := range []struct {
		name      string
		make      func(sf *srcFile, g, y ast.Node, off func(token.Pos) int)
		took, out string
	}{
		{"pair around the text", func(sf *srcFile, g, y ast.Node, off func(token.Pos) int) {
			sf.edits.insert(off(g.Pos()), "A(")
			sf.edits.insertClosing(off(g.Pos()), off(g.End()), ")")
		}, "A(g(x, y))", "var v = f(_)"},
		{"pair around its last part", func(sf *srcFile, g, y ast.Node, off func(token.Pos) int) {
			sf.edits.insert(off(y.Pos()), "B(")
			sf.edits.insertClosing(off(y.Pos()), off(y.End()), ")")
		}, "g(x, B(y))", "var v = f(_)"},
		{"insertion after the text", func(sf *srcFile, g, y ast.Node, off func(token.Pos) int) {
			sf.edits.insert(off(g.End()), ", z")
		}, "g(x, y)", "var v = f(_, z)"},
		{"pair around more than the text", func(sf *srcFile, g, y ast.Node, off func(token.Pos) int) {
			sf.edits.insert(off(g.Pos())-2, "C(")
			sf.edits.insertClosing(off(g.Pos())-2, off(g.End()), ")")
		}, "g(x, y)", "var v = C(f(_))"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFolder("/m/p", map[string][]byte{"a.go": []byte(src)})
			sf := f.files[0]
			var g *ast.CallExpr
			ast.Inspect(sf.syntax, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok && types.ExprString(c.Fun) == "g" {
					g = c
				}
				return true
			})
			tc.make(sf, g, g.Args[1], f.offset)
			took := sf.take(f, g)
			sf.edits = append(sf.edits, edit{off: f.offset(g.Pos()), end: f.offset(g.End()), text: "_"})
			if took != tc.took {
				t.Errorf("took %q, want %q", took, tc.took)
			}
			if out := string(sf.edits.apply(sf.src)); !strings.Contains(out, tc.out) {
				t.Errorf("left %q, want %q in it", out, tc.out)
			}
		})
	}
}
