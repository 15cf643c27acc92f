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
// cookie. Invariants: no panic; when net/http's http.ParseCookie accepts
// every line, the store holds exactly its cookies, in order (it claims
// net/http's parsing, skipping what is malformed); Get, GetAll, Has and
// Len agree with each other; Get after Set returns what was set, once,
// leaving the other cookies and the caller's cookie alone, and sends it
// with Path "/"; Delete removes every cookie of that name and sends an
// expired one; a slice GetAll returned before is not changed by either.
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
	} {
		f.Add(tc.header, tc.name, tc.value)
	}
	f.Fuzz(func(t *testing.T, header, name, value string) {
		if len(header) > 4096 {
			return
		}
		h := http.Header{}
		lines := strings.Split(header, "\n")
		for _, l := range lines {
			h.Add("Cookie", l)
		}
		c := &RequestCookies{header: h}
		all := c.GetAll()

		var want []*http.Cookie
		parsed := true
		for _, l := range lines {
			cs, err := http.ParseCookie(l)
			if err != nil {
				parsed = false
				break
			}
			want = append(want, cs...)
		}
		if parsed && !slices.Equal(fzPairs(all), fzPairs(want)) {
			t.Fatalf("cookies of %q: %q; http.ParseCookie gives %q", header, fzPairs(all), fzPairs(want))
		}
		if c.Len() != len(all) {
			t.Fatalf("Len() = %d, GetAll() has %d", c.Len(), len(all))
		}
		for _, k := range all {
			if k.Name == "" {
				t.Fatalf("a cookie without a name from %q", header)
			}
			got, ok := c.Get(k.Name)
			first := all[slices.IndexFunc(all, func(x *http.Cookie) bool { return x.Name == k.Name })]
			if !ok || got != first || !c.Has(k.Name) {
				t.Fatalf("Get(%q) = %v, %v; want the first of that name, %v", k.Name, got, ok, first)
			}
		}
		var named []*http.Cookie
		for _, k := range all {
			if k.Name == name {
				named = append(named, k)
			}
		}
		if got := c.GetAll(name); !slices.Equal(got, named) {
			t.Fatalf("GetAll(%q) = %v, want %v", name, got, named)
		}
		if _, ok := c.Get(name); ok != (len(named) > 0) || c.Has(name) != ok {
			t.Fatalf("Get(%q) and Has disagree with GetAll", name)
		}

		before := fzPairs(all)
		others := func() []fzCookie {
			var out []fzCookie
			for _, p := range before {
				if p.name != name {
					out = append(out, p)
				}
			}
			return out
		}

		// Set, then Get returns it, once, after the other cookies.
		mine := &http.Cookie{Name: name, Value: value}
		c.Set(mine)
		if mine.Path != "" {
			t.Fatalf("Set changed the caller's cookie: Path %q", mine.Path)
		}
		if got, ok := c.Get(name); !ok || got.Value != value {
			t.Fatalf("Get(%q) after Set(%q) = %v, %v", name, value, got, ok)
		}
		if n := len(c.GetAll(name)); n != 1 {
			t.Fatalf("GetAll(%q) after Set: %d cookies", name, n)
		}
		if got, want := fzPairs(c.GetAll()), append(others(), fzCookie{name, value}); !slices.Equal(got, want) {
			t.Fatalf("after Set(%q=%q): %q, want %q", name, value, got, want)
		}
		out := c.sent()
		if len(out) != 1 || out[0].Name != name || out[0].Value != value || out[0].Path != "/" {
			t.Fatalf("sent() after Set = %v", out)
		}

		// Delete removes it.
		c.Delete(name)
		if c.Has(name) || len(c.GetAll(name)) != 0 {
			t.Fatalf("Has(%q) after Delete", name)
		}
		if got := fzPairs(c.GetAll()); !slices.Equal(got, others()) {
			t.Fatalf("after Delete(%q): %q, want %q", name, got, others())
		}
		out = c.sent()
		if len(out) != 2 || out[1].Name != name || out[1].Value != "" || out[1].MaxAge >= 0 || out[1].Path != "/" {
			t.Fatalf("sent() after Delete = %v", out)
		}
		if !slices.Equal(fzPairs(all), before) {
			t.Fatalf("an earlier GetAll() changed from %q to %q", before, fzPairs(all))
		}

		// The response side: Set replaces, Delete expires.
		var rc ResponseCookies
		for _, k := range all {
			rc.Set(k)
		}
		rc.Set(mine)
		if got, ok := rc.Get(name); !ok || got.Value != value || got.Path != "/" || !rc.Has(name) {
			t.Fatalf("ResponseCookies.Get(%q) after Set = %v, %v", name, got, ok)
		}
		n := 0
		for _, k := range rc.GetAll() {
			if k.Name == name {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("ResponseCookies: %d cookies called %q after Set", n, name)
		}
		rc.Delete(name)
		if got, ok := rc.Get(name); !ok || got.Value != "" || got.MaxAge >= 0 {
			t.Fatalf("ResponseCookies.Get(%q) after Delete = %v, %v", name, got, ok)
		}
	})
}
