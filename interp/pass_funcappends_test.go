package interp

import "testing"

func TestFuncAppends(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"declared function", "hs = append(hs, logRequest)", "hs = append(hs, []Handler{logRequest}...)"},
		{"several, one declared", "hs = append(hs, func() {}, logRequest, h)", "hs = append(hs, []Handler{func() {}, logRequest, h}...)"},
		{"unnamed element type", "fs = append(fs, logRequest)", "fs = append(fs, []func(){logRequest}...)"},
		{"local type", "type local func(); var ls []local; ls = append(ls, logRequest)", "type local func(); var ls []local; ls = append(ls, []local{logRequest}...)"},
		{"generic instance", "ids = append(ids, id[int])", "ids = append(ids, []func(int) int{id[int]}...)"},
		{"variable", "hs = append(hs, h)", ""},
		{"literal", "hs = append(hs, func() {})", ""},
		{"method value", "hs = append(hs, t.run)", ""},
		{"method expression", "ms = append(ms, T.run)", ""},
		{"spread", "hs = append(hs, []Handler{logRequest}...)", ""},
		{"not a function slice", "xs = append(xs, 1)", ""},
		{"a later value reads an element", "xs = append(xs[:1], 5, xs[1])", "xs = append(xs[:1], []int{5, xs[1]}...)"},
		{"a later value reads through a pointer", "xs = append(xs, 1, *p)", "xs = append(xs, []int{1, *p}...)"},
		{"the first value reads an element", "xs = append(xs[:1], xs[2], 7)", ""},
		{"values of locals and calls", "xs = append(xs, len(xs), cap(xs), 3)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype Handler func()\n\ntype T struct{}\n\nfunc (T) run() {}\n\nfunc logRequest() {}\n\nfunc id[X any](x X) X { return x }\n\nfunc f(hs []Handler, fs []func(), ids []func(int) int, ms []func(T), xs []int, h Handler, t T, p *int) {\n\t" + tc.body + "\n}\n"
			checkBody(t, funcAppends, src, tc.want)
		})
	}
}
