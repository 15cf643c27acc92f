package server

// Fuzz targets for the decoding of paths for public/ and the proxy matcher
// patterns. Each checks its invariants against code written independently
// of the implementation. Seed corpora are the f.Add calls below and the
// files in testdata/fuzz/<FuzzName>/. Run one with
//
//	go test -run '^$' -fuzz '^FuzzProxyMatcher$' -fuzztime 10s ./server/
//
// See docs/reliability.md, "Fuzzing". The route table's fuzz targets are in
// the approuter package.

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/devserver/devserver/next"
)

// fzSep separates the segments of a fuzzed list of raw path segments. It
// is the ASCII unit separator, which no seed uses inside a segment.
const fzSep = "\x1f"

// fzEncoders are ways a client may escape a decoded segment; Match must
// decode all of them back to the same segment.
var fzEncoders = map[string]func(string) string{
	"PathEscape": url.PathEscape,
	"all upper": func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			fmt.Fprintf(&b, "%%%02X", s[i])
		}
		return b.String()
	},
	"all lower": func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			fmt.Fprintf(&b, "%%%02x", s[i])
		}
		return b.String()
	},
	// Only what must be escaped for the segment to stay one segment and
	// decode to itself; everything else, '+', '\\', NUL and raw UTF-8
	// included, is sent as is.
	"minimal": func(s string) string {
		return strings.NewReplacer("%", "%25", "/", "%2F").Replace(s)
	},
}

func fzEncodePath(segs []string, enc func(string) string) string {
	if len(segs) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(enc(s))
	}
	return b.String()
}

// FuzzStaticName checks the decoding of paths for public/: a name it
// accepts is a valid fs.FS path (when valid UTF-8) without '\\' or NUL, its pieces the
// decoded pieces of the URL; and escaping plain file names gives them back.
func FuzzStaticName(f *testing.F) {
	for _, tc := range []struct{ path, segs string }{
		{"/robots.txt", "robots.txt"},
		{"/img/a%20b.png", "img" + fzSep + "a b.png"},
		{"/..", ".."},
		{"/%2e%2e/etc/passwd", "%2e%2e" + fzSep + "etc"},
		{"/a/..%2F..%2Fsecret", "a" + fzSep + "..%2F"},
		{"/a%5C..%5Cb", "a\\b"},
		{"/a%00b", "a\x00b"},
		{"/", ""},
		{"//x", "x"},
		{"/x/", "x"},
		{"/%zz", "100%"},
		{"/caf%C3%A9", "café"},
		{"/%ff", "\xff"},
	} {
		f.Add(tc.path, tc.segs)
	}
	f.Fuzz(func(t *testing.T, path, rawSegs string) {
		name, ok := staticName(path)
		if ok {
			// fs.ValidPath also wants valid UTF-8, which staticName does
			// not check: such a name is in no public/ map built through
			// io/fs, and Open refuses it, so it is never served.
			if !fs.ValidPath(name) && utf8.ValidString(name) || strings.ContainsAny(name, "\\\x00") {
				t.Fatalf("staticName(%q) = %q, not a plain fs.FS path", path, name)
			}
			pieces := strings.Split(strings.TrimPrefix(path, "/"), "/")
			parts := strings.Split(name, "/")
			if len(pieces) != len(parts) {
				t.Fatalf("staticName(%q) = %q: %d parts for %d pieces", path, name, len(parts), len(pieces))
			}
			for i, p := range pieces {
				if d, _ := url.PathUnescape(p); d != parts[i] {
					t.Fatalf("staticName(%q) = %q: part %q, the piece decodes to %q", path, name, parts[i], d)
				}
			}
		} else if name != "" {
			t.Fatalf("staticName(%q) = %q, false", path, name)
		}

		segs := strings.Split(rawSegs, fzSep)
		plain := true
		for _, s := range segs {
			plain = plain && s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\\\x00")
		}
		for _, enc := range fzEncoders {
			p := fzEncodePath(segs, enc)
			name, ok := staticName(p)
			if ok != plain || ok && name != strings.Join(segs, "/") {
				t.Fatalf("staticName(%q) = %q, %v for the segments %q", p, name, ok, segs)
			}
		}
	})
}

// fzWord is the syntax of a parameter name in a matcher pattern.
func fzWord(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// FuzzPatternRegexp compiles any proxy matcher pattern. Invariants: no
// panic; a pattern without '(' compiles exactly when it starts with '/',
// is valid UTF-8 and every "/:" is followed by a name; such a pattern
// without parameters matches itself and nothing else; one with parameters
// matches the path made by giving each parameter values (none for ? and *,
// one or more for + and *).
func FuzzPatternRegexp(f *testing.F) {
	for _, p := range []string{
		"/about", "/a.b", "/a+b", "/a*b", "/a?b", "/[x]", "/$^", "/a|b", "/\\d", "/caf\u00e9", "/✓/:id", "/\xff",
		"/users/:id", "/about/:path*", "/files/:rest+", "/:lang?/docs", "/api/:v(\\d+)/x",
		"/(api|static)/(.*)", "/((?!api).*)", "/x/:", "/x/(a", "/x/a)", "about", "", "/:a:b", "/:a.json",
		"/:a/:b?/:c*", "/:p(", "/:p((a)", "/(\\)", "/:a?b",
	} {
		f.Add(p, "x"+fzSep+"y", uint8(2))
	}
	f.Fuzz(func(t *testing.T, pattern, values string, reps uint8) {
		if len(pattern) > 512 || len(values) > 512 {
			return
		}
		re, err := patternRegexp(pattern)
		if (re == nil) == (err == nil) {
			t.Fatalf("patternRegexp(%q) = %v, %v", pattern, re, err)
		}
		if strings.Contains(pattern, "(") {
			return // the user's own regular expressions
		}
		named := true
		for i := 0; i+1 < len(pattern); i++ {
			if pattern[i] == '/' && pattern[i+1] == ':' && (i+2 >= len(pattern) || !fzWord(pattern[i+2])) {
				named = false
			}
		}
		if valid := strings.HasPrefix(pattern, "/") && utf8.ValidString(pattern) && named; valid != (err == nil) {
			t.Fatalf("patternRegexp(%q): error %v; want one: %v", pattern, err, !valid)
		}
		if err != nil {
			return
		}
		if !strings.Contains(pattern, "/:") {
			for _, s := range []string{pattern, pattern + "/", pattern + "x", pattern[:len(pattern)-1], strings.ToUpper(pattern), values} {
				if re.MatchString(s) != (s == pattern) {
					t.Fatalf("patternRegexp(%q) = %s: MatchString(%q) = %v", pattern, re, s, !(s == pattern))
				}
			}
			return
		}
		var pool []string
		for _, v := range strings.Split(values, fzSep) {
			if v != "" && !strings.Contains(v, "/") {
				pool = append(pool, v)
			}
		}
		if len(pool) == 0 {
			pool = []string{"v"}
		}
		n := 0
		take := func() string { n++; return pool[(n-1)%len(pool)] }
		var b strings.Builder
		for i := 0; i < len(pattern); {
			if pattern[i] == '/' && i+1 < len(pattern) && pattern[i+1] == ':' {
				j := i + 2
				for j < len(pattern) && fzWord(pattern[j]) {
					j++
				}
				count := 1
				if j < len(pattern) {
					switch pattern[j] {
					case '?':
						count = int(reps % 2)
						j++
					case '+':
						count = 1 + int(reps%3)
						j++
					case '*':
						count = int(reps % 3)
						j++
					}
				}
				for range count {
					b.WriteString("/" + take())
				}
				i = j
				continue
			}
			b.WriteByte(pattern[i])
			i++
		}
		if p := b.String(); !re.MatchString(p) {
			t.Fatalf("patternRegexp(%q) = %s does not match %q", pattern, re, p)
		}
	})
}

type fzStrings []string

// FuzzProxyMatcher compiles a matcher entry with a condition in each form
// and runs it on a request made of the fuzzed strings. Invariants: no
// panic; the string, []string, named []string and next.Match forms agree;
// Has and Missing with the same condition compile together, never both
// select a request, and together select exactly what the bare source does.
func FuzzProxyMatcher(f *testing.F) {
	for _, tc := range []struct{ source, typ, key, value, path, data string }{
		{"/api/:path*", "cookie", "beta", "", "/api/x", "beta=1; other=2"},
		{"/api/:path*", "cookie", "beta", "1|2", "/api", "beta=3"},
		{"/beta", "header", "x-beta", "on", "/beta", "on"},
		{"/beta", "header", "X-Beta", "", "/beta", ""},
		{"/q", "query", "debug", "(?i)true", "/q", "debug=TRUE&x=1"},
		{"/q", "query", "debug", ")|(", "/q", "debug"},
		{"/q", "query", "", "", "/q", ""},
		{"/q", "body", "k", "", "/q", ""},
		{"/(.*)", "cookie", "s", "[", "/", "s=1"},
		{"/:lang?/docs", "header", "accept-language", "en.*", "/en/docs", "en-GB"},
		{"/caf\u00e9", "cookie", "a", "", "/caf\u00e9", "a=1"},
	} {
		f.Add(tc.source, tc.typ, tc.key, tc.value, tc.path, tc.data)
	}
	f.Fuzz(func(t *testing.T, source, typ, key, value, path, data string) {
		if len(source)+len(value) > 512 {
			return
		}
		bare, err := compileMatcher(source)
		for _, raw := range []any{[]string{source}, fzStrings{source}, next.Match{Source: source}, []next.Match{{Source: source}}} {
			if _, err2 := compileMatcher(raw); (err == nil) != (err2 == nil) {
				t.Fatalf("compileMatcher(%#v): error %v, but the string form gives %v", raw, err2, err)
			}
		}
		if err != nil {
			return
		}
		cond := next.Condition{Type: typ, Key: key, Value: value}
		has, herr := compileMatcher([]next.Match{{Source: source, Has: []next.Condition{cond}}})
		missing, merr := compileMatcher(next.Match{Source: source, Missing: []next.Condition{cond}})
		if (herr == nil) != (merr == nil) {
			t.Fatalf("condition %+v: Has gives %v, Missing %v", cond, herr, merr)
		}
		req := &http.Request{
			Method: http.MethodGet,
			URL:    &url.URL{Path: path, RawQuery: data},
			Header: http.Header{"Cookie": {data}},
		}
		if key != "" {
			req.Header.Add(key, data)
		}
		b := bare.match(req, path)
		if herr != nil {
			return
		}
		h, m := has.match(req, path), missing.match(req, path)
		if h && m || (h || m) != b {
			t.Fatalf("source %q, condition %+v, path %q: Has %v, Missing %v, bare %v", source, cond, path, h, m, b)
		}
	})
}
