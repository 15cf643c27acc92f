package interp

import "testing"

func TestMapKeyStores(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"interface key", "m[k] = 1", "_dsrt.MapKey(m, k); m[k] = 1"},
		{"increment", "m[k]++", "_dsrt.MapKey(m, k); m[k]++"},
		{"operator", "m[k] += n", "_dsrt.MapKey(m, k); m[k] += n"},
		{"field map", "h.m[k] = n", "_dsrt.MapKey(h.m, k); h.m[k] = n"},
		{"struct holding an interface", "p[pk] = true", "_dsrt.MapKey(p, pk); p[pk] = true"},
		{"call on the right", "m[k] = get()", ""}, // Go calls it before it hashes the key
		{"string key", "s[\"a\"] = 1", ""},
		{"concrete key", "m[n] = 1", ""},
		{"two entries", "n, m[k] = 1, 2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc get() int { return 1 }\n\nfunc f(m map[any]int, k any, n int, h struct{ m map[any]int }, p map[struct{ a any }]bool, pk struct{ a any }, s map[string]int) {\n\t" + tc.stmt + "\n}\n"
			checkBody(t, mapKeyStores, src, tc.want)
		})
	}
}
