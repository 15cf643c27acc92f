package interp

import (
	"strings"
	"testing"
)

func TestIfaceCopies(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"append", "shapes = append(shapes, r)", "shapes = append(shapes, func(_icv Rect) Shape { return _icv }(r))"},
		{"assignment", "s = r", "s = func(_icv Rect) Shape { return _icv }(r)"},
		{"declaration", "var a any = r; _ = a", "var a any = func(_icv Rect) any { return _icv }(r); _ = a"},
		{"field", "s = h.r", "s = func(_icv Rect) Shape { return _icv }(h.r)"},
		{"element", "s = rs[0]", "s = func(_icv Rect) Shape { return _icv }(rs[0])"},
		{"conversion", "_ = Shape(r)", "_ = Shape(func(_icv Rect) Shape { return _icv }(r))"},
		{"interpreted call", "take(r)", "take(func(_icv Rect) Shape { return _icv }(r))"},
		{"composite", "_ = []Shape{r, Rect{}}", "_ = []Shape{func(_icv Rect) Shape { return _icv }(r), func(_icv Rect) Shape { return _icv }(Rect{})}"},
		{"literal to an interpreted call", "take(Rect{})", "take(func(_icv Rect) Shape { return _icv }(Rect{}))"},
		{"literal appended", "shapes = append(shapes, Rect{})", "shapes = append(shapes, func(_icv Rect) Shape { return _icv }(Rect{}))"},
		{"literal to a compiled call", "fmt.Println(Rect{})", ""},
		{"send", "ch <- r", "ch <- func(_icv Rect) Shape { return _icv }(r)"},
		{"named string", "var e error = n; _ = e", "var e error = func(_icv code) error { return _icv }(n); _ = e"},
		// A non-struct type with a marshal method keeps, in the
		// interface, what jsonfix finds its method by.
		{"non-struct marshaler", "m := map[string]any{\"id\": id}; _ = m", "m := map[string]any{\"id\": *func(_icv uid) *uid { return &_icv }(id)}; _ = m"},
		{"literal into a field", "h.s = Rect{2}", "h.s = func(_icv Rect) Shape { return _icv }(Rect{2})"},
		{"literal into an element", "ss[0] = Rect{2}", "ss[0] = func(_icv Rect) Shape { return _icv }(Rect{2})"},
		{"literal into a variable", "s = Rect{2}", "s = func(_icv Rect) Shape { return _icv }(Rect{2})"},
		{"conversion declared", "var e error = code(\"x\"); _ = e", ""},
		{"literal of a value Error declared", "var e error = errT{1}; _ = e", "var e error = func(_icv errT) error { return _icv }(errT{1}); _ = e"},
		{"literal converted", "_ = error(errT{1})", "_ = error(func(_icv errT) error { return _icv }(errT{1}))"},
		{"compiled call", "fmt.Println(r)", ""},
		{"call result", "s = newRect()", ""},
		// The interpreter keeps a variable holding a pointer, and an
		// address it takes, in the interface as it does a value: an
		// iteration's pointer appended in a loop read the last one.
		{"address", "s = &r", "s = (Shape)(func(_icv *Rect) Shape { return _icv }(&r))"},
		{"pointer variable", "pr := &r; s = pr", "pr := &r; s = (Shape)(func(_icv *Rect) Shape { return _icv }(pr))"},
		{"pointer to an interpreted call", "take(&r)", "take((Shape)(func(_icv *Rect) Shape { return _icv }(&r)))"},
		{"pointer to a type without methods", "var a any = &p; _ = a", ""},
		{"address of a literal", "s = &Rect{}", "s = (Shape)(func(_icv *Rect) Shape { return _icv }(&Rect{}))"},
		{"address of a literal to a compiled call", "fmt.Println(&Rect{})", ""},
		{"no methods", "var a any = p; _ = a", ""},
		{"interface to interface", "var a any = s; _ = a", ""},
		{"same type", "r2 := r; _ = r2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"fmt\"\n\ntype Shape interface{ Area() float64 }\n\ntype Rect struct{ W float64 }\n\nfunc (r Rect) Area() float64 { return r.W }\n\ntype code string\n\nfunc (c code) Error() string { return string(c) }\n\ntype errT struct{ n int }\n\nfunc (e errT) Error() string { return \"e\" }\n\ntype plain struct{ X int }\n\ntype uid [2]byte\n\nfunc (uid) MarshalText() ([]byte, error) { return nil, nil }\n\nfunc newRect() Rect { return Rect{} }\n\nfunc take(Shape) {}\n\nvar (\n\tshapes []Shape\n\ts      Shape\n\tr      Rect\n\trs     []Rect\n\th      struct{ r Rect; s Shape }\n\tss     []Shape\n\tch     chan Shape\n\tn      code\n\tp      plain\n\tid     uid\n)\n\nvar _ = fmt.Sprint\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, ifaceCopies, src, tc.want)
		})
	}
}

// TestIfaceCopiesReturn checks a return of a function and of a literal,
// and that a type parameter's value is left alone.
func TestIfaceCopiesReturn(t *testing.T) {
	src := "package p\n\ntype Rect struct{ W float64 }\n\nfunc (r Rect) Area() float64 { return r.W }\n\nfunc f(r Rect) any {\n\tg := func() error { return nil }\n\t_ = g\n\treturn r\n}\n\nfunc h[T any](v T) any { return v }\n"
	r := runPass(t, ifaceCopies, true, "a.go", src)
	want := "\treturn func(_icv Rect) any { return _icv }(r)\n"
	if out := r.out("a.go"); !r.changed || !strings.Contains(out, want) || !strings.Contains(out, "func h[T any](v T) any { return v }") {
		t.Errorf("got\n%s\nwant a line\n%s", out, want)
	}
}

// TestIfaceCopiesImports checks that an interface of a package the file
// does not import is spelled through an import the pass adds.
func TestIfaceCopiesImports(t *testing.T) {
	a := "package p\n\nimport \"fmt\"\n\nvar st fmt.Stringer\n\ntype C struct{}\n\nfunc (C) String() string { return \"\" }\n"
	b := "package p\n\nfunc f(c C) {\n\tst = c\n}\n"
	r := runPass(t, ifaceCopies, true, "a.go", a, "b.go", b)
	out := r.out("b.go")
	for _, want := range []string{"; import _emb_fmt \"fmt\"", "st = func(_icv C) _emb_fmt.Stringer { return _icv }(c)"} {
		if !strings.Contains(out, want) {
			t.Errorf("got\n%s\nwant\n%s", out, want)
		}
	}
}
