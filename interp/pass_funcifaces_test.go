package interp

import "testing"

func TestFuncIfaces(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"any argument", "take(shout)", "take((func(string) string)(shout))"},
		{"conversion", "v = any(shout)", "v = any((func(string) string)(shout))"},
		{"assigned to an any", "v = shout", "v = (func(string) string)(shout)"},
		{"declared as an any", "var w any = shout; _ = w", "var w any = (func(string) string)(shout); _ = w"},
		{"element of a []any", "_ = []any{shout, 1}", "_ = []any{(func(string) string)(shout), 1}"},
		{"value of a map[string]any", `_ = map[string]any{"s": shout}`, `_ = map[string]any{"s": (func(string) string)(shout)}`},
		{"field of an interface type", "_ = T{F: shout}", "_ = T{F: (func(string) string)(shout)}"},
		{"variadic any", "many(1, shout)", "many(1, (func(string) string)(shout))"},
		{"returned as an any", "_ = func() any { return shout }", "_ = func() any { return (func(string) string)(shout) }"},
		{"parameter names left out", "take(handle)", "take((func(http.ResponseWriter, *http.Request))(handle))"},
		{"generic instance", "take(id[int])", "take((func(int) int)(id[int]))"},
		{"function type argument", "call(shout)", ""},
		{"argument of a named function type of the source", "spread(shout)", ""},
		{"argument of a compiled named function type", "wrap(handle)", "wrap((func(http.ResponseWriter, *http.Request))(handle))"},
		{"argument of a compiled function", `http.HandleFunc("/", handle)`, ""},
		{"returned as a function", "_ = func() func(string) string { return shout }", "_ = func() func(string) string { return (func(string) string)(shout) }"},
		{"returned as a named function type", "_ = func() F { return shout }", "_ = func() F { return (func(string) string)(shout) }"},
		{"new variable", "g := shout; _ = g", "g := (func(string) string)(shout); _ = g"},
		{"var without a type", "var g = shout; _ = g", "var g = (func(string) string)(shout); _ = g"},
		{"assigned to a function variable", "var g F; g = shout; _ = g", "var g F; g = (func(string) string)(shout); _ = g"},
		{"sent", "ch := make(chan F, 1); ch <- shout", "ch := make(chan F, 1); ch <- (func(string) string)(shout)"},
		{"argument of a call spreading a slice", "ss := []string{}; spread(shout, ss...)", "ss := []string{}; spread((func(string) string)(shout), ss...)"},
		{"returned before other names", "_ = func() F { return shout }; _, _ = v, h", "_ = func() F { return (func(string) string)(shout) }; _, _ = v, h"},
		{"appended", "var fs []F; fs = append(fs, shout)", ""},
		{"variable", "take(h)", ""},
		{"literal", "take(func() {})", ""},
		{"method value", "take(T{}.M)", ""},
		{"called", "take(shout(\"x\"))", ""},
		{"a generic function of the standard library (genericValues')", "idx := slices.Index[[]string]; _ = idx; take(slices.Max[[]int])", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"net/http\"\n\t\"slices\"\n)\n\ntype T struct{ F any }\n\ntype F func(string) string\n\nfunc (T) M() {}\n\nfunc shout(s string) string { return s }\n\nfunc handle(w http.ResponseWriter, r *http.Request) {}\n\nfunc id[X any](x X) X { return x }\n\nfunc take(v any) {}\n\nfunc many(vs ...any) {}\n\nfunc call(f func(string) string) {}\n\nfunc spread(f F, ss ...string) {}\n\nfunc wrap(next http.HandlerFunc) http.HandlerFunc { return next }\n\nfunc f(v any, h func()) {\n\t" + tc.body + "\n}\n"
			checkBody(t, funcIfaces, src, tc.want)
		})
	}
}
