package interp

import "testing"

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
