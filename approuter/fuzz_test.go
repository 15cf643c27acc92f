package approuter

// Fuzz targets for the route table and the request path decoding. Each
// checks its invariants against code written independently of the
// implementation (refMatch in match_test.go, fzConflict, ...), not against
// the implementation's own helpers. Seed corpora are the f.Add calls below
// and the files in testdata/fuzz/<FuzzName>/. Run one with
//
//	go test -run '^$' -fuzz '^FuzzNewTable$' -fuzztime 10s ./approuter/
//
// See docs/reliability.md, "Fuzzing". The fuzz targets of the static-file
// names and the proxy matcher are in the server package.

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/devserver/devserver/internal/pathfuzz"
)

// fzSep separates the segments of a fuzzed list of raw path segments. It
// is the ASCII unit separator, which no seed uses inside a segment.
const fzSep = "\x1f"

// fzFiles splits a fuzzed file list, one file a line, at most max files.
func fzFiles(s string, max int) []string {
	list := strings.Split(s, "\n")
	if len(list) > max {
		list = list[:max]
	}
	return list
}

// fzParams is what a route without errors (so with any catch-all last)
// binds for segs, which its pattern matches: a [param] its segment, a
// catch-all the rest, an optional catch-all that matched nothing nothing.
func fzParams(pat []Segment, segs []string) map[string][]string {
	want := map[string][]string{}
	j := 0
	for _, p := range pat {
		switch p.Kind {
		case Static:
			j++
		case Dynamic:
			want[p.Name] = []string{segs[j]}
			j++
		default:
			if j < len(segs) {
				want[p.Name] = segs[j:]
			}
			j = len(segs)
		}
	}
	if len(want) == 0 {
		return nil
	}
	return want
}

// fzCheckMatch checks one answer of Match for the decoded segments segs
// (all of them valid UTF-8 and non-empty).
func fzCheckMatch(t *testing.T, tab *Table, path string, segs []string, r *Route, params map[string][]string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("Match(%q) = error %v for the segments %q, which are valid", path, err, segs)
	}
	if want := refFirst(tab, segs); r != want {
		t.Fatalf("Match(%q) = %v, want %v, the first route matching %q", path, fzFile(r), fzFile(want), segs)
	}
	if r == nil {
		if params != nil {
			t.Fatalf("Match(%q): params %q without a route", path, params)
		}
		return
	}
	if !refMatch(r.Segments, segs) {
		t.Fatalf("Match(%q) = %s, whose pattern does not match %q", path, r.Pattern, segs)
	}
	for name, v := range params {
		if len(v) == 0 || slices.Contains(v, "") {
			t.Fatalf("Match(%q) params[%q] = %q: an empty value", path, name, v)
		}
		if cap(v) != len(v) {
			t.Fatalf("Match(%q) params[%q] has spare capacity", path, name)
		}
	}
	if r.Err != nil {
		// A catch-all not last or a name used twice: which segments go
		// where is ambiguous, but every name is one of the pattern's.
		for name := range params {
			if !slices.ContainsFunc(r.Segments, func(s Segment) bool { return s.Kind != Static && s.Name == name }) {
				t.Fatalf("Match(%q) = %s with a param %q not in its pattern", path, r.Pattern, name)
			}
		}
		return
	}
	// decode∘encode: the values are the segments the client escaped.
	if want := fzParams(r.Segments, segs); !maps.EqualFunc(params, want, slices.Equal) || (params == nil) != (want == nil) {
		t.Fatalf("Match(%q) = %s with params %q, want %q", path, r.Pattern, params, want)
	}
}

func fzFile(r *Route) string {
	if r == nil {
		return "no route"
	}
	return r.File
}

// fzSegState classifies decoded segments the way Match documents them.
func fzSegState(segs []string) (invalid, empty bool) {
	for _, s := range segs {
		invalid = invalid || !utf8.ValidString(s)
		empty = empty || s == ""
	}
	return invalid, empty
}

var fzMatchFiles = strings.Join([]string{
	"route.go",
	"users/route.go",
	"users/[id]/route.go",
	"users/[id]/posts/[postId]/route.go",
	"docs/[...slug]/route.go",
	"shop/[[...path]]/page.html",
	"%5Fnext/route.go",
	"a b/route.go",
	"a%20b/route.go",
	"café/route.go",
	"(marketing)/about/page.go",
	"files/[name]/raw/route.go",
	"@modal/login/route.go",
	"_private/route.go",
}, "\n")

// FuzzMatchEncoded builds paths by escaping fuzzed segments in several
// ways and checks that Match decodes each back to the segments (the
// decode∘encode identity): same route, params equal to the originals, for
// every encoder. It also fills each route's own pattern with the fuzzed
// segments, which must then match some route.
func FuzzMatchEncoded(f *testing.F) {
	seg := func(s ...string) string { return strings.Join(s, fzSep) }
	for _, tc := range []struct{ files, segs string }{
		{fzMatchFiles, seg("users", "42")},
		{fzMatchFiles, seg("users", "a/b")},
		{fzMatchFiles, seg("users", "..")},
		{fzMatchFiles, seg("users", "%2e%2e")},
		{fzMatchFiles, seg("users", "a\\b")},
		{fzMatchFiles, seg("users", "\x00")},
		{fzMatchFiles, seg("users", "100%")},
		{fzMatchFiles, seg("users", "a+b c")},
		{fzMatchFiles, seg("users", "✓", "posts", "?#")},
		{fzMatchFiles, seg("docs", "a", "b/c", "..", ".")},
		{fzMatchFiles, seg("shop")},
		{fzMatchFiles, ""},
		{fzMatchFiles, seg("_next")},
		{fzMatchFiles, seg("a b")},
		{fzMatchFiles, seg("a%20b")},
		{fzMatchFiles, seg("café")},
		{fzMatchFiles, seg("cafe\u0301")},
		{fzMatchFiles, seg("users", "\xff")},
		{fzMatchFiles, seg("users", "")},
		{fzMatchFiles, seg("login")},
		{"[...a]/x/[c]/route.go\n[...a]/[b]/[c]/[d]/route.go", seg("p", "q", "x", "r")},
		{"[[...a]]/[...b]/[c]/route.go\n[...a]/[[...b]]/route.go", seg("1", "2", "3")},
		{"[a]/[a]/route.go\n[[...o]]/route.go", seg("x", "y")},
		{"[id]/route.go\n[slug]/x/route.go", seg("x")},
	} {
		f.Add(tc.files, tc.segs, uint8(1))
	}
	f.Fuzz(func(t *testing.T, files, rawSegs string, mode uint8) {
		if len(files) > 4096 || len(rawSegs) > 1024 {
			return
		}
		tab := NewTable(fzFiles(files, 32))
		var segs []string
		if rawSegs != "" {
			segs = strings.Split(rawSegs, fzSep)
		}
		if len(segs) > 24 {
			return
		}
		invalid, empty := fzSegState(segs)
		var first *Route
		var firstParams map[string][]string
		for i, name := range slices.Sorted(maps.Keys(pathfuzz.Encoders)) {
			path := pathfuzz.EncodePath(segs, pathfuzz.Encoders[name])
			r, params, err := tab.Match(path)
			switch {
			case invalid:
				if !errors.Is(err, ErrBadPath) || r != nil || params != nil {
					t.Fatalf("%s: Match(%q) = %v, %q, %v; want ErrBadPath for a segment of invalid UTF-8", name, path, fzFile(r), params, err)
				}
				continue
			case empty:
				if err != nil || r != nil || params != nil {
					t.Fatalf("%s: Match(%q) = %v, %q, %v; want no match for an empty segment", name, path, fzFile(r), params, err)
				}
				continue
			}
			fzCheckMatch(t, tab, path, segs, r, params, err)
			if i == 0 {
				first, firstParams = r, params
			} else if r != first || !maps.EqualFunc(params, firstParams, slices.Equal) {
				t.Fatalf("%s: Match(%q) = %v %q, but another escape of the same segments gave %v %q", name, path, fzFile(r), params, fzFile(first), firstParams)
			}
		}

		// Fill each route's pattern with the fuzzed segments: the path
		// then matches that route, so Match must find a route.
		pool := make([]string, 0, len(segs))
		for _, s := range segs {
			if s != "" && utf8.ValidString(s) {
				pool = append(pool, s)
			}
		}
		taken := 0
		take := func() string {
			if len(pool) == 0 {
				return "v"
			}
			s := pool[taken%len(pool)]
			taken++
			return s
		}
		routes := tab.Routes()
		if len(routes) > 8 {
			routes = routes[:8]
		}
		for _, rt := range routes {
			var filled []string
			ok := true
			for _, s := range rt.Segments {
				switch s.Kind {
				case Static:
					ok = ok && utf8.ValidString(s.Name) && s.Name != ""
					filled = append(filled, s.Name)
				case Dynamic:
					filled = append(filled, take())
				case CatchAll:
					for range 1 + int(mode%3) {
						filled = append(filled, take())
					}
				case OptionalCatchAll:
					for range int(mode % 3) {
						filled = append(filled, take())
					}
				}
			}
			if !ok {
				continue // a folder name of invalid UTF-8: no URL reaches it
			}
			if !refMatch(rt.Segments, filled) {
				t.Fatalf("%s: the filled pattern %q does not match its pattern %s", rt.File, filled, rt.Pattern)
			}
			path := pathfuzz.EncodePath(filled, url.PathEscape)
			r, params, err := tab.Match(path)
			if r == nil {
				t.Fatalf("Match(%q) found no route, but %s matches it", path, rt.File)
			}
			fzCheckMatch(t, tab, path, filled, r, params, err)
		}
	})
}

// FuzzMatchRawPath gives Match any path, the hostile ones (.., %2e%2e,
// %2F, backslashes, NUL, bad escapes) first among the seeds. What holds,
// from the code: Match splits the path at literal '/' only and decodes each
// piece on its own, with no dot-segment resolution (the server redirects
// paths that CleanPath changes before it calls Match; "%2e%2e" is not
// changed, so it reaches Match and decodes to a ".." segment). So: no
// panic; ErrBadPath exactly when the path does not start with "/" or a
// piece has a bad escape or decodes to invalid UTF-8; no route when a piece
// is empty; otherwise the first route in precedence order whose pattern
// matches the decoded pieces, each param value being the decoding of
// exactly one piece. A value holds a '/' only when its piece had %2F, and
// "..", "\\" and NUL are ordinary characters.
func FuzzMatchRawPath(f *testing.F) {
	for _, p := range []string{
		"/", "", "users", "//", "/users/", "/users//42",
		"/users/42", "/users/..", "/users/.", "/users/%2e%2e", "/users/%2E%2E/posts/1",
		"/docs/..%2F..%2Fetc%2Fpasswd", "/docs/a%2Fb/../c", "/docs/%2F", "/docs/%2f%2f",
		"/users/a\\b", "/users/..\\..\\x", "/users/%5C", "/users/%00", "/users/\x00",
		"/users/%", "/users/%zz", "/users/%c3", "/users/%C0%AF", "/users/%ED%A0%80", "/users/\xff",
		"/%75sers/1", "/USERS/1", "/%5Fnext", "/_next", "/caf%C3%A9", "/cafe%CC%81", "/a%20b", "/a%2520b",
		"/shop", "/shop/%2e", "/about", "/(marketing)/about", "/login", "/@modal/login",
		"/files/%2e%2e/raw", "/files/..%5C..%5Cwin.ini/raw", "/users/%252e%252e",
	} {
		f.Add(fzMatchFiles, p)
	}
	f.Fuzz(func(t *testing.T, files, path string) {
		if len(files) > 4096 || len(path) > 2048 {
			return
		}
		tab := NewTable(fzFiles(files, 32))
		r, params, err := tab.Match(path)

		if !strings.HasPrefix(path, "/") {
			if !errors.Is(err, ErrBadPath) || r != nil || params != nil {
				t.Fatalf("Match(%q) = %v, %q, %v; want ErrBadPath", path, fzFile(r), params, err)
			}
			return
		}
		// The server's own first step: cleanPath gives a path Match
		// accepts unchanged, once: idempotent, rooted, no empty, "." or
		// ".." piece.
		clean := CleanPath(path)
		if CleanPath(clean) != clean || !strings.HasPrefix(clean, "/") {
			t.Fatalf("CleanPath(%q) = %q, which cleanPath changes again", path, clean)
		}
		if clean != "/" {
			for _, p := range strings.Split(clean[1:], "/") {
				if p == "" || p == "." || p == ".." {
					t.Fatalf("CleanPath(%q) = %q, with a piece %q", path, clean, p)
				}
			}
		}

		var pieces []string
		if path != "/" {
			pieces = strings.Split(path[1:], "/")
		}
		segs := make([]string, len(pieces))
		bad := false
		for i, p := range pieces {
			s, uerr := url.PathUnescape(p)
			if uerr != nil || !utf8.ValidString(s) {
				bad = true
				break
			}
			segs[i] = s
		}
		if bad {
			if !errors.Is(err, ErrBadPath) || r != nil || params != nil {
				t.Fatalf("Match(%q) = %v, %q, %v; want ErrBadPath", path, fzFile(r), params, err)
			}
			return
		}
		if _, empty := fzSegState(segs); empty {
			if err != nil || r != nil || params != nil {
				t.Fatalf("Match(%q) = %v, %q, %v; want no match for an empty segment", path, fzFile(r), params, err)
			}
			return
		}
		fzCheckMatch(t, tab, path, segs, r, params, err)
		if r == nil || r.Err != nil {
			return
		}
		// Positional: the value at pattern segment i is piece i decoded; a
		// '/' in it comes from a %2F of that piece.
		j := 0
		for _, s := range r.Segments {
			n := 1
			switch s.Kind {
			case Static:
				j++
				continue
			case CatchAll, OptionalCatchAll:
				n = len(pieces) - j
			}
			for k, v := range params[s.Name] {
				raw := pieces[j+k]
				if strings.Contains(v, "/") && !strings.Contains(strings.ToUpper(raw), "%2F") {
					t.Fatalf("Match(%q): param %q value %q has a '/' its piece %q did not escape", path, s.Name, v, raw)
				}
			}
			j += n
		}
	})
}

// fzConflict reports whether two routes conflict, judged pairwise from
// their segments rather than through the tree: after their common prefix
// (segments equal in kind and name) they end together (the same URL), or
// go on with two params, catch-alls or optional catch-alls of different
// names, with a catch-all and an optional catch-all, or one ends where the
// other goes on with an optional catch-all.
func fzConflict(a, b *Route) bool {
	p := 0
	for p < len(a.Segments) && p < len(b.Segments) && a.Segments[p] == b.Segments[p] {
		p++
	}
	la, lb := len(a.Segments), len(b.Segments)
	switch {
	case la == p && lb == p:
		return true
	case la > p && lb > p:
		sa, sb := a.Segments[p], b.Segments[p]
		if sa.Kind == sb.Kind {
			return sa.Kind != Static && sa.Name != sb.Name
		}
		return sa.Kind == CatchAll && sb.Kind == OptionalCatchAll || sa.Kind == OptionalCatchAll && sb.Kind == CatchAll
	case la == p:
		return b.Segments[p].Kind == OptionalCatchAll
	default:
		return a.Segments[p].Kind == OptionalCatchAll
	}
}

// fzMalformed reports what is wrong with a route's own path, judged from
// its segments: a folder in brackets that did not parse (it stays Static),
// a param name used twice, a catch-all that is not last.
func fzMalformed(r *Route) bool {
	seen := map[string]bool{}
	for i, s := range r.Segments {
		if s.Kind == Static {
			if len(s.Name) >= 2 && s.Name[0] == '[' && s.Name[len(s.Name)-1] == ']' {
				return true
			}
			continue
		}
		if seen[s.Name] || (s.Kind == CatchAll || s.Kind == OptionalCatchAll) && i < len(r.Segments)-1 {
			return true
		}
		seen[s.Name] = true
	}
	return false
}

// fzCompare orders routes as Next.js tries them: segment by segment by
// kind (static, [param], [...catch-all], [[...optional]]) then name, a
// pattern before the longer ones it prefixes, then by file.
func fzCompare(a, b *Route) int {
	for i := 0; i < len(a.Segments) && i < len(b.Segments); i++ {
		sa, sb := a.Segments[i], b.Segments[i]
		if sa.Kind != sb.Kind {
			return int(sa.Kind) - int(sb.Kind)
		}
		if c := strings.Compare(sa.Name, sb.Name); c != 0 {
			return c
		}
	}
	if len(a.Segments) != len(b.Segments) {
		return len(a.Segments) - len(b.Segments)
	}
	return strings.Compare(a.File, b.File)
}

func fzConflictErrors(err error) []*ConflictError {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*ConflictError
		for _, e := range j.Unwrap() {
			out = append(out, fzConflictErrors(e)...)
		}
		return out
	}
	var ce *ConflictError
	if errors.As(err, &ce) {
		return []*ConflictError{ce}
	}
	return nil
}

// FuzzNewTable builds tables from any list of files. Invariants: no panic;
// one route per distinct route file (route.go, page.html, page.go) not
// under a _private folder; each Pattern spelled by its Segments; param
// names well formed; Routes() in precedence order (fzCompare) and the same
// whatever the order of the input; a route has an error exactly when its
// path is malformed or it conflicts with another route (fzConflict); every
// ConflictError names the route's own file first, and each other file it
// names is a route really in conflict with it, so each conflict message
// names both files.
func FuzzNewTable(f *testing.F) {
	for _, files := range []string{
		fzMatchFiles,
		"users/route.go\nusers/[id]/route.go\nusers/[userId]/posts/route.go\nusers/[id]/edit/route.go",
		"(a)/[a]/route.go\n(b)/[b]/x/route.go\n[c]/y/page.html",
		"docs/[...a]/route.go\ndocs/[...b]/route.go\nopt/[[...a]]/route.go\nopt/[[...b]]/page.go",
		"[id]/route.go\n[id]/x/[id]/route.go\n[id]/y/[other]/route.go",
		"shop/route.go\nshop/[[...s]]/route.go\n[...a]/route.go\n[[...b]]/page.go",
		"(a)/x/route.go\n(b)/x/route.go\nx/page.html\n@slot/x/page.go",
		"[...a]/x/route.go\n[[...b]]/[c]/route.go",
		"[]/route.go\n[[id]]/route.go\n[...]/route.go\n[.x]/route.go\n[…a]/route.go\n[a[b]]/route.go\n[[...a]/route.go",
		"_x/route.go\n%5Fx/route.go\n%5fy/page.html\n./a//b/route.go\n../route.go\nroute.go\nroute.go",
		"a/route.go\na/page.go\na/page.html\na/other.go\na",
		"",
		"\n\n",
	} {
		f.Add(files)
	}
	f.Fuzz(func(t *testing.T, files string) {
		if len(files) > 4096 {
			return
		}
		list := fzFiles(files, 24)
		tab := NewTable(list)
		routes := tab.Routes()

		// One route per distinct route file outside private folders.
		want := map[string]bool{}
		for _, file := range list {
			dir, base := "", file
			if i := strings.LastIndexByte(file, '/'); i >= 0 {
				dir, base = file[:i], file[i+1:]
			}
			if base != "route.go" && base != "page.html" && base != "page.go" {
				continue
			}
			private := false
			for _, d := range strings.Split(dir, "/") {
				private = private || strings.HasPrefix(d, "_")
			}
			if !private {
				want[file] = true
			}
		}
		got := map[string]bool{}
		for _, r := range routes {
			if got[r.File] {
				t.Fatalf("two routes for %q", r.File)
			}
			got[r.File] = true
		}
		if !maps.Equal(got, want) {
			t.Fatalf("routes for %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}

		byFile := map[string]*Route{}
		for i, r := range routes {
			byFile[r.File] = r
			if p := fzPattern(r.Segments); r.Pattern != p {
				t.Fatalf("%s: Pattern %q, its segments spell %q", r.File, r.Pattern, p)
			}
			for _, s := range r.Segments {
				if s.Kind == Static {
					if s.Name == "" {
						t.Fatalf("%s: an empty static segment", r.File)
					}
					continue
				}
				if s.Name == "" || strings.ContainsAny(s.Name, "[]") || s.Name[0] == '.' || strings.HasPrefix(s.Name, "…") {
					t.Fatalf("%s: param name %q accepted", r.File, s.Name)
				}
			}
			if i > 0 && fzCompare(routes[i-1], r) >= 0 {
				t.Fatalf("Routes() has %s (%s) before %s (%s)", routes[i-1].File, routes[i-1].Pattern, r.File, r.Pattern)
			}
		}

		for _, r := range routes {
			conflicts := false
			for _, o := range routes {
				conflicts = conflicts || o != r && fzConflict(r, o)
			}
			if wantErr := conflicts || fzMalformed(r); (r.Err != nil) != wantErr {
				t.Fatalf("%s (%s): error %v, want one: %v (conflict %v, malformed %v)", r.File, r.Pattern, r.Err, wantErr, conflicts, fzMalformed(r))
			}
			if r.Err == nil {
				continue
			}
			msg := r.Err.Error()
			ces := fzConflictErrors(r.Err)
			if len(ces) == 0 {
				t.Fatalf("%s: error %v is no ConflictError", r.File, r.Err)
			}
			for _, ce := range ces {
				if len(ce.Files) == 0 || ce.Files[0] != r.File {
					t.Fatalf("%s: ConflictError %q names %q first", r.File, ce, ce.Files)
				}
				for _, other := range ce.Files[1:] {
					o := byFile[other]
					if o == nil || o == r || !fzConflict(r, o) {
						t.Fatalf("%s (%s): error %q names %q, which is not a route in conflict with it", r.File, r.Pattern, ce, other)
					}
				}
				for _, file := range ce.Files {
					if !strings.Contains(msg, "app/"+file) {
						t.Fatalf("%s: message %q does not name app/%s", r.File, msg, file)
					}
				}
			}
		}

		// The input order does not matter.
		rev := slices.Clone(list)
		slices.Reverse(rev)
		again := NewTable(rev).Routes()
		if len(again) != len(routes) {
			t.Fatalf("reversed input: %d routes, want %d", len(again), len(routes))
		}
		for i, r := range again {
			if r.File != routes[i].File || fmt.Sprint(r.Err) != fmt.Sprint(routes[i].Err) {
				t.Fatalf("reversed input: route %d is %s (%v), want %s (%v)", i, r.File, r.Err, routes[i].File, routes[i].Err)
			}
		}
	})
}

func fzPattern(segs []Segment) string {
	if len(segs) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		switch s.Kind {
		case Static:
			b.WriteString(s.Name)
		case Dynamic:
			b.WriteString("[" + s.Name + "]")
		case CatchAll:
			b.WriteString("[..." + s.Name + "]")
		case OptionalCatchAll:
			b.WriteString("[[..." + s.Name + "]]")
		}
	}
	return b.String()
}
