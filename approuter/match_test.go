package approuter

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var matchFiles = []string{
	"route.go",
	"users/route.go",
	"users/[id]/route.go",
	"users/[id]/posts/[postId]/route.go",
	"docs/[...slug]/route.go",
	"shop/[[...path]]/page.html",
	"%5Fnext/route.go",
	"a b/route.go",
	"café/route.go",
	"(marketing)/about/page.go",
}

func TestMatchParams(t *testing.T) {
	tab := NewTable(matchFiles)
	type params = map[string][]string
	for _, test := range []struct {
		path   string
		file   string // "" for no match
		params params
	}{
		{"/", "route.go", nil},
		{"/users", "users/route.go", nil},
		{"/users/42", "users/[id]/route.go", params{"id": {"42"}}},
		{"/users/a%2Fb", "users/[id]/route.go", params{"id": {"a/b"}}},
		{"/users/a%2fb", "users/[id]/route.go", params{"id": {"a/b"}}},
		{"/users/%E2%9C%93", "users/[id]/route.go", params{"id": {"✓"}}},
		{"/users/a%20b", "users/[id]/route.go", params{"id": {"a b"}}},
		{"/users/a+b", "users/[id]/route.go", params{"id": {"a+b"}}},
		{"/users/%25", "users/[id]/route.go", params{"id": {"%"}}},
		{"/users/%00", "users/[id]/route.go", params{"id": {"\x00"}}},
		{"/users/..", "users/[id]/route.go", params{"id": {".."}}},
		{"/users/42/posts/7", "users/[id]/posts/[postId]/route.go", params{"id": {"42"}, "postId": {"7"}}},
		{"/users/42/posts", "", nil},
		{"/users/42/posts/7/8", "", nil},
		{"/Users", "", nil},
		{"/%75sers", "users/route.go", nil}, // %75 is "u": statics compare decoded
		{"/docs", "", nil},
		{"/docs/a", "docs/[...slug]/route.go", params{"slug": {"a"}}},
		{"/docs/a/b%2Fc/d", "docs/[...slug]/route.go", params{"slug": {"a", "b/c", "d"}}},
		{"/shop", "shop/[[...path]]/page.html", nil},
		{"/shop/x", "shop/[[...path]]/page.html", params{"path": {"x"}}},
		{"/shop/x/y", "shop/[[...path]]/page.html", params{"path": {"x", "y"}}},
		{"/_next", "%5Fnext/route.go", nil},
		{"/%5Fnext", "%5Fnext/route.go", nil},
		{"/%5fnext", "%5Fnext/route.go", nil},
		{"/%255Fnext", "", nil},
		{"/a%20b", "a b/route.go", nil},
		{"/caf%C3%A9", "café/route.go", nil},
		{"/café", "café/route.go", nil},
		{"/about", "(marketing)/about/page.go", nil},
		{"/marketing/about", "", nil},
		{"/(marketing)/about", "", nil},
		{"/nope", "", nil},

		// Empty segments bind no param.
		{"/users//posts/7", "", nil},
		{"/docs/a//b", "", nil},
		{"/docs//", "", nil},
		{"/shop//x", "", nil},
		{"//", "", nil},
		{"//users", "", nil},
		// Trailing slashes are the caller's business: they match nothing.
		{"/users/", "", nil},
		{"/shop/", "", nil},
	} {
		r, params, err := tab.Match(test.path)
		if err != nil {
			t.Errorf("Match(%q): unexpected error %v", test.path, err)
			continue
		}
		got := ""
		if r != nil {
			got = r.File
		}
		if got != test.file {
			t.Errorf("Match(%q) = %q, want %q", test.path, got, test.file)
			continue
		}
		if !maps.EqualFunc(params, test.params, slices.Equal) || (params == nil) != (test.params == nil) {
			t.Errorf("Match(%q) params = %#v, want %#v", test.path, params, test.params)
		}
		for name, v := range params {
			if cap(v) != len(v) {
				t.Errorf("Match(%q) params[%q] has spare capacity: appending to it would overwrite another value", test.path, name)
			}
		}
	}
}

func TestMatchBadPath(t *testing.T) {
	tab := NewTable(matchFiles)
	for _, test := range []struct {
		path   string
		detail string
	}{
		{"/users/%zz", `invalid URL escape "%zz"`},
		{"/users/%", `invalid URL escape "%"`},
		{"/users/%4", `invalid URL escape "%4"`},
		{"/users/%ff", `"%ff" is not valid UTF-8`},
		{"/users/%C3", `"%C3" is not valid UTF-8`},
		{"/users/%C0%AF", `is not valid UTF-8`},    // overlong "/"
		{"/users/%ED%A0%80", `is not valid UTF-8`}, // surrogate
		{"/users/\xff", `is not valid UTF-8`},
		// No route could match, but the path is still bad.
		{"/nope/%zz/x", `invalid URL escape "%zz"`},
		{"/docs/a//%ff", `is not valid UTF-8`},
		{"", `"" does not start with "/"`},
		{"users", `"users" does not start with "/"`},
	} {
		r, params, err := tab.Match(test.path)
		if r != nil || params != nil || !errors.Is(err, ErrBadPath) || !strings.Contains(err.Error(), test.detail) {
			t.Errorf("Match(%q) = %v, %v, %v; want an ErrBadPath containing %q", test.path, r, params, err, test.detail)
		}
	}
}

func TestMatchStaticAllocs(t *testing.T) {
	tab := NewTable(append(filesOf("/a/b/c", "/a/[x]/d", "/s/t/u/v/w/x/y/z/1/2/3/4/5/6/7/8/9/10"), matchFiles...))
	for _, path := range []string{"/", "/users", "/a/b/c", "/_next", "/nope/x", "/a/b/x", "/s/t/u/v/w/x/y/z/1/2/3/4/5/6/7/8/9/10"} {
		r, _, _ := tab.Match(path)
		if r == nil && !strings.HasPrefix(path, "/nope") && path != "/a/b/x" {
			t.Fatalf("Match(%q) found nothing", path)
		}
		// More than 16 segments spill the segment array to the heap.
		want := 0.0
		if strings.Count(path, "/") > 16 {
			want = 1
		}
		if n := testing.AllocsPerRun(100, func() { tab.Match(path) }); n != want {
			t.Errorf("Match(%q) allocates %v times, want %v", path, n, want)
		}
	}
}

// refDecode splits and decodes path the way Match documents it.
func refDecode(path string) (segs []string, ok bool) {
	if !strings.HasPrefix(path, "/") {
		return nil, false
	}
	if path == "/" {
		return nil, true
	}
	for _, raw := range strings.Split(path[1:], "/") {
		s, err := url.PathUnescape(raw)
		if err != nil || !utf8.ValidString(s) {
			return nil, false
		}
		segs = append(segs, s)
	}
	return segs, true
}

// refMatch reports whether pat matches segs, by dynamic programming rather
// than backtracking: m[i][j] tells whether pat[i:] matches segs[j:].
func refMatch(pat []Segment, segs []string) bool {
	m := make([][]bool, len(pat)+1)
	for i := range m {
		m[i] = make([]bool, len(segs)+1)
	}
	m[len(pat)][len(segs)] = true
	for i := len(pat) - 1; i >= 0; i-- {
		for j := len(segs); j >= 0; j-- {
			switch p := pat[i]; p.Kind {
			case Static:
				m[i][j] = j < len(segs) && segs[j] == p.Name && m[i+1][j+1]
			case Dynamic:
				m[i][j] = j < len(segs) && segs[j] != "" && m[i+1][j+1]
			case CatchAll, OptionalCatchAll:
				if p.Kind == OptionalCatchAll && m[i+1][j] {
					m[i][j] = true
				}
				for k := j; k < len(segs) && segs[k] != "" && !m[i][j]; k++ {
					m[i][j] = m[i+1][k+1]
				}
			}
		}
	}
	return m[0][0]
}

// refFirst is the reference for Match: the first route, in the precedence
// order of Routes(), whose pattern matches segs.
func refFirst(tab *Table, segs []string) *Route {
	for _, r := range tab.Routes() {
		if refMatch(r.Segments, segs) {
			return r
		}
	}
	return nil
}

// checkMatch checks Match(path) against the reference semantics: the first
// route of Routes() whose pattern matches the decoded segments.
func checkMatch(t *testing.T, tab *Table, path string) {
	t.Helper()
	r, params, err := tab.Match(path)
	segs, ok := refDecode(path)
	if !ok {
		if !errors.Is(err, ErrBadPath) || r != nil || params != nil {
			t.Fatalf("Match(%q) = %v, %v, %v; want ErrBadPath", path, r, params, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Match(%q): unexpected error %v", path, err)
	}
	want := refFirst(tab, segs)
	if r != want {
		t.Fatalf("Match(%q) = %v, want %v (segments %q)", path, r, want, segs)
	}
	if r == nil {
		if params != nil {
			t.Fatalf("Match(%q): params %v without a route", path, params)
		}
		return
	}
	if !refMatch(r.Segments, segs) {
		t.Fatalf("Match(%q) = %s, which does not match %q", path, r.Pattern, segs)
	}
	for name, v := range params {
		if len(v) == 0 || slices.Contains(v, "") {
			t.Fatalf("Match(%q) params[%q] = %q: empty", path, name, v)
		}
	}
	if r.Err != nil {
		return // its params may be ambiguous
	}
	wantParams := map[string][]string{}
	j := 0
	for _, p := range r.Segments {
		switch p.Kind {
		case Static:
			j++
		case Dynamic:
			wantParams[p.Name] = []string{segs[j]}
			j++
		default: // last, since r.Err is nil
			if j < len(segs) {
				wantParams[p.Name] = segs[j:]
			}
			j = len(segs)
		}
	}
	if !maps.EqualFunc(params, wantParams, slices.Equal) || (params == nil) != (len(wantParams) == 0) {
		t.Fatalf("Match(%q) params = %#v, want %#v", path, params, wantParams)
	}
}

func TestMatchReference(t *testing.T) {
	var files []string
	for _, test := range conflictTests {
		files = append(files, test.files...)
	}
	files = append(files, matchFiles...)
	files = append(files, filesOf("/a/b/c", "/a/[x]/d", "/p/[...a]/[b]/c", "/p/[...a]/x/[c]", "/q/[[...a]]/[...b]")...)
	tab := NewTable(files)
	paths := []string{"/", "/%zz", "/a/b/d", "/a/b/c", "/p/1/2/x/3", "/p/1/x/2/c", "/q/1", "/q", "/q/1/2"}
	for _, r := range tab.Routes() {
		// A path for each pattern, with a few segments for catch-alls.
		var b strings.Builder
		for _, s := range r.Segments {
			switch s.Kind {
			case Static:
				b.WriteString("/" + url.PathEscape(s.Name))
			case Dynamic:
				b.WriteString("/v")
			case CatchAll:
				b.WriteString("/v/w")
			}
		}
		paths = append(paths, b.String(), b.String()+"/x", b.String()+"/x/c")
	}
	for _, path := range paths {
		if path == "" {
			path = "/"
		}
		checkMatch(t, tab, path)
	}
}

func FuzzMatch(f *testing.F) {
	join := func(files ...string) string { return strings.Join(files, "\n") }
	f.Add(join(matchFiles...), "/users/42")
	f.Add(join(matchFiles...), "/docs/a%2Fb/c")
	f.Add(join(matchFiles...), "/shop")
	f.Add(join(matchFiles...), "/users/%ff")
	f.Add(join(matchFiles...), "/caf%C3%A9")
	f.Add(join(filesOf("/a/b/c", "/a/[x]/d")...), "/a/b/d")
	f.Add(join(filesOf("/[...a]/x/[c]", "/[...a]/[b]/[c]/[d]")...), "/p/q/x/r")
	f.Add(join(filesOf("/[[...a]]/[...b]/[c]", "/[...a]/[[...b]]")...), "/1/2/3")
	f.Add(join("(a)/x/route.go", "(b)/x/route.go", "x/page.html"), "/x")
	f.Add(join("shop/route.go", "shop/[[...s]]/route.go", "[id]/route.go", "[userId]/x/route.go"), "/shop/x")
	f.Add(join("[]/route.go", "%5F/[[id]]/page.go", "_x/route.go"), "/_/[[id]]")
	f.Add("route.go", "//")
	f.Add("route.go", "")
	f.Fuzz(func(t *testing.T, files, path string) {
		list := strings.Split(files, "\n")
		if len(list) > 64 || len(path) > 1024 {
			return
		}
		tab := NewTable(list)
		for _, r := range tab.Routes() {
			var b strings.Builder
			for _, s := range r.Segments {
				b.WriteString("/" + s.String())
			}
			if p := b.String(); r.Pattern != p && !(p == "" && r.Pattern == "/") {
				t.Fatalf("%s: pattern %q, segments spell %q", r.File, r.Pattern, p)
			}
			if !slices.Contains(list, r.File) {
				t.Fatalf("route for %q, which is not in the input", r.File)
			}
		}
		checkMatch(t, tab, path)
	})
}

func BenchmarkMatch(b *testing.B) {
	var files []string
	for i := range 60 {
		files = append(files, fmt.Sprintf("s%d/route.go", i))
	}
	for i := range 80 {
		files = append(files, fmt.Sprintf("s%d/list/route.go", i))
	}
	for i := range 20 {
		files = append(files, fmt.Sprintf("d%d/[id]/route.go", i))
		files = append(files, fmt.Sprintf("d%d/[id]/edit/route.go", i))
	}
	for i := range 18 {
		files = append(files, fmt.Sprintf("c%d/[...path]/route.go", i))
	}
	files = append(files, "b/y/z/route.go", "b/[x]/d/route.go")
	tab := NewTable(files)
	if n := len(tab.Routes()); n != 200 {
		b.Fatalf("%d routes, want 200", n)
	}
	for _, bench := range []struct{ name, path string }{
		{"static", "/s42/list"},
		{"dynamic", "/d17/123"},
		{"dynamic2", "/d3/123/edit"},
		{"catchall", "/c7/a/b/c"},
		{"backtrack", "/b/y/d"},
		{"escaped", "/d3/a%2Fb/edit"},
		{"miss", "/nope/x"},
	} {
		if r, _, _ := tab.Match(bench.path); (r == nil) != (bench.name == "miss") {
			b.Fatalf("Match(%q) = %v", bench.path, r)
		}
		b.Run(bench.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tab.Match(bench.path)
			}
		})
	}
}
