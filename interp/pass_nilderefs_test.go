package interp

import (
	"strings"
	"testing"
)

func TestNilDerefStores(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"map entry", "m[k] = *p", "if p == nil { _dsrt.NilDeref() }; m[k] = *p"},
		{"field pointer", "m[k] = *(h.p)", "if (h.p) == nil { _dsrt.NilDeref() }; m[k] = *(h.p)"},
		{"two entries", "m[k], m[\"b\"] = *p, *h.p", "if p == nil { _dsrt.NilDeref() }; if h.p == nil { _dsrt.NilDeref() }; m[k], m[\"b\"] = *p, *h.p"},
		{"slice element", "s[0] = *p", ""},    // reflect panics storing a zero Value there
		{"variable", "v = *p", ""},            // likewise
		{"call", "m[k] = *get()", ""},         // read once only
		{"not a dereference", "m[k] = v", ""}, // nothing to check
		{"define", "w := *p; _ = w", ""},      // not a map entry
		{"operator", "m[k] += len(s)", ""},    // not a dereference
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype holder struct{ p *int }\n\nfunc get() *int { return nil }\n\nfunc f(m map[string]int, k string, p *int, h holder, s []int, v int) {\n\t" + tc.stmt + "\n}\n"
			checkBody(t, nilDerefStores, src, tc.want)
		})
	}
}

func TestNilDeferReceivers(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"interface", "defer c.Close()", "if c == nil { _dsrt.NilDeref() }; /*line :17:2*/defer c.Close()"},
		{"field of an interface type", "defer h.c.Close()", "if h.c == nil { _dsrt.NilDeref() }; /*line :17:2*/defer h.c.Close()"},
		{"go statement", "go c.Close()", "if c == nil { _dsrt.NilDeref() }; /*line :17:2*/go c.Close()"},
		{"value method through a pointer", "defer p.Val()", "if p == nil { _dsrt.NilDeref() }; /*line :17:2*/defer p.Val()"},
		{"pointer method", "defer p.Ptr()", ""}, // called with the nil pointer
		{"value", "defer v.Val()", ""},
		{"function", "defer fmt.Println()", ""},
		{"function field", "defer h.f()", ""},
		{"receiver a call makes", "defer get().Close()", ""}, // read once only
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"fmt\"\n\ntype closer interface{ Close() }\n\ntype T struct{}\n\nfunc (T) Val() {}\nfunc (*T) Ptr() {}\n\nfunc get() closer { return nil }\n\nfunc f(c closer, h struct{ c closer; f func() }, p *T, v T) {\n\t" + tc.stmt + "\n}\n"
			src = strings.Replace(src, "func f(", "var _ = fmt.Println\n\nfunc f(", 1)
			checkBody(t, nilDeferReceivers, src, tc.want)
		})
	}
}

func TestNilDeferFuncs(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"variable with arguments", "defer g(n, 1)", `if g == nil { defer _dsrt.NilFunc("/m/p/a.go", 12, n) } else { /*line :12:2*/defer g(n, 1) }`},
		{"field", "defer h.f(n)", `if h.f == nil { defer _dsrt.NilFunc("/m/p/a.go", 12, n) } else { /*line :12:2*/defer h.f(n) }`},
		{"spread", "defer v(s...)", `if v == nil { defer _dsrt.NilFunc("/m/p/a.go", 12, s) } else { /*line :12:2*/defer v(s...) }`},
		{"declared function", "defer get()", ""},
		{"method", "defer h.M(1)", ""},
		{"call's result", "defer mk()(1)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype H struct{ f func(int) }\n\nfunc (H) M(int) {}\n\nfunc get() {}\n\nfunc mk() func(int) { return nil }\n\nfunc f(g func(int, int), h H, n int, v func(...int), s []int) {\n\t" + tc.stmt + "\n}\n"
			checkBody(t, nilDeferFuncs, src, tc.want)
		})
	}
	// Without arguments, Go names the line the function returns at.
	src := "package p\n\nfunc f(g func(), n int) {\n\tdefer g()\n\tif n > 0 {\n\t\treturn\n\t}\n}\n"
	r := runPass(t, nilDeferFuncs, true, "a.go", src)
	want := "func f(g func(), n int) { var _dsxl int;/*line :3:26*/\n\tif g == nil { defer _dsrt.NilFuncExit(\"/m/p/a.go\", &_dsxl) } else { /*line :4:2*/defer g() }\n\tif n > 0 {\n\t\t_dsxl = 6; /*line :6:3*/return\n\t}\n; _dsxl = 8 /*line :8:1*/}\n"
	if out := r.out("a.go"); !strings.Contains(out, want) {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
