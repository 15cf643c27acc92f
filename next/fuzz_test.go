package next

// Fuzz target for the request cookie store. Run it with
//
//	go test -run '^$' -fuzz '^FuzzRequestCookies$' -fuzztime 10s ./next/
//
// See docs/reliability.md, "Fuzzing".

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

type fzCookie struct{ name, value string }

func fzPairs(cs []*http.Cookie) []fzCookie {
	out := make([]fzCookie, len(cs))
	for i, c := range cs {
		out[i] = fzCookie{c.Name, c.Value}
	}
	return out
}

// FuzzRequestCookies parses any Cookie header (its lines separated by
// '\n', each one a Cookie header of its own) and then sets and deletes a
// cookie. The cookie rules are Next.js's (replayed against Next itself in
// conformance/); these are the invariants that hold for any input: no
// panic; names are unique; Get, GetAll, Has and Len agree; Set changes that
// cookie alone, in its place or at the end, writes a Cookie header that
// parses back to the same cookies (when no name holds ';' or '=' or starts
// with a space, and no value is invalid UTF-8), and sends it with Path "/"; Delete removes it alone and
// sends it expired; a slice GetAll returned before is not changed.
func FuzzRequestCookies(f *testing.F) {
	for _, tc := range []struct{ header, name, value string }{
		{"a=1", "a", "2"},
		{"a=1; a=2; b=3", "a", "x"},
		{"a=1; ;=x; b=2", "b", ""},
		{`a="x y"; b="unterminated`, "a", "v"},
		{"\x00\x01;;;===", "", ""},
		{"a=1\nb=2; a=3", "a", "4"},
		{"session=abc%3D%3D; theme=dark", "theme", "light"},
		{"a=√; b=\xff; c=ok", "c", "√"},
		{"a=1;b=2;  c = 3 ", "c", "3"},
		{"$Version=1; a=1; $Path=/", "$Version", "0"},
		{"a", "a", "1"},
		{"", "new", "value"},
		{"a=1; A=2", "A", "3"},
		{"a=%zz; b=%E2%82%AC", "b", "a;b=c%"},
	} {
		f.Add(tc.header, tc.name, tc.value)
	}
	f.Fuzz(func(t *testing.T, header, name, value string) {
		if len(header) > 4096 {
			return
		}
		h := http.Header{}
		for _, l := range strings.Split(header, "\n") {
			h.Add("Cookie", l)
		}
		c := &RequestCookies{header: h}
		all := c.GetAll()
		before := fzPairs(all)
		if c.Len() != len(all) {
			t.Fatalf("Len() = %d, GetAll() has %d", c.Len(), len(all))
		}
		index := map[string]int{}
		for i, k := range all {
			if _, dup := index[k.Name]; dup {
				t.Fatalf("cookie %q twice in %q", k.Name, before)
			}
			index[k.Name] = i
			if got, ok := c.Get(k.Name); !ok || got != k || !c.Has(k.Name) || len(c.GetAll(k.Name)) != 1 {
				t.Fatalf("Get(%q) = %v, %v; want %v", k.Name, got, ok, k)
			}
		}
		at, had := index[name]
		if _, ok := c.Get(name); ok != had || c.Has(name) != had {
			t.Fatalf("Get(%q) and Has disagree with GetAll", name)
		}

		// Set changes that cookie alone, in its place or at the end.
		mine := &http.Cookie{Name: name, Value: value}
		c.Set(mine)
		if mine.Path != "" {
			t.Fatalf("Set changed the caller's cookie: Path %q", mine.Path)
		}
		want := slices.Clone(before)
		if had {
			want[at].value = value
		} else {
			want = append(want, fzCookie{name, value})
		}
		if got := fzPairs(c.GetAll()); !slices.Equal(got, want) {
			t.Fatalf("after Set(%q=%q): %q, want %q", name, value, got, want)
		}
		out := c.sent()
		if len(out) != 1 || out[0].Name != name || out[0].Value != value || out[0].Path != "/" {
			t.Fatalf("sent() after Set = %v", out)
		}
		roundTrips := true
		for _, p := range want {
			roundTrips = roundTrips && p.name != "" && !strings.ContainsAny(p.name, ";=") && !strings.HasPrefix(p.name, " ") && strings.TrimSpace(p.name) == p.name && utf8.ValidString(p.value)
		}
		if roundTrips {
			again := &RequestCookies{header: http.Header{"Cookie": {h.Get("Cookie")}}}
			if got := fzPairs(again.GetAll()); !slices.Equal(got, want) {
				t.Fatalf("the Cookie header after Set, %q, parses to %q; want %q", h.Get("Cookie"), got, want)
			}
		}

		// Delete removes it alone and expires it.
		c.Delete(name)
		want = slices.DeleteFunc(want, func(p fzCookie) bool { return p.name == name })
		if got := fzPairs(c.GetAll()); c.Has(name) || !slices.Equal(got, want) {
			t.Fatalf("after Delete(%q): %q, want %q", name, got, want)
		}
		out = c.sent()
		if len(out) != 2 || out[1].Name != name || out[1].Value != "" || out[1].Expires.Unix() != 0 || out[1].Path != "/" {
			t.Fatalf("sent() after Delete = %v", out)
		}
		if !slices.Equal(fzPairs(all), before) {
			t.Fatalf("an earlier GetAll() changed from %q to %q", before, fzPairs(all))
		}

		// The response side: Set replaces in place, Delete expires.
		var rc ResponseCookies
		for _, k := range all {
			rc.Set(k)
		}
		rc.Set(mine)
		if got, ok := rc.Get(name); !ok || got.Value != value || got.Path != "/" || !rc.Has(name) {
			t.Fatalf("ResponseCookies.Get(%q) after Set = %v, %v", name, got, ok)
		}
		if had && rc.GetAll()[at].Name != name {
			t.Fatalf("ResponseCookies.Set(%q) moved the cookie", name)
		}
		rc.Delete(name)
		if got, ok := rc.Get(name); !ok || got.Value != "" || got.Expires.Unix() != 0 {
			t.Fatalf("ResponseCookies.Get(%q) after Delete = %v, %v", name, got, ok)
		}
	})
}
