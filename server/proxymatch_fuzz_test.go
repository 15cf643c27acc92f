package server

// Fuzz targets of the proxy matcher. FuzzMatcherFixtures checks it against
// the regular expressions Next.js itself built for the fixtures' sources;
// the others check invariants that hold whatever the source. Run one with
//
//	go test -run '^$' -fuzz '^FuzzMatcherFixtures$' -fuzztime 10s ./server/

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dlclark/regexp2"

	"github.com/devserver/devserver/next"
)

// FuzzMatcherFixtures runs any path through a fixture source as compiled
// here and as Next.js compiled it (its regular expression, recorded in
// conformance/testdata/matcher.json, run by the same ECMAScript engine).
// Invariant: they agree on every path.
func FuzzMatcherFixtures(f *testing.F) {
	fx := loadMatcherFixture(f)
	type pair struct {
		ours  *regexp2.Regexp
		nexts []*regexp2.Regexp
	}
	var pairs []pair
	for _, c := range fx.Cases {
		var src string
		if c.Error != "" || c.Matcher[0] != '"' || len(c.Regexps) != 1 {
			continue
		}
		src = strings.Trim(string(c.Matcher), `"`)
		src = strings.ReplaceAll(src, `\\`, `\`)
		ours, err := patternRegexp(src)
		if err != nil {
			f.Fatalf("%s: %v", src, err)
		}
		theirs, err := regexp2.Compile(c.Regexps[0], regexp2.ECMAScript)
		if err != nil {
			f.Fatalf("Next's regexp for %s: %v", src, err)
		}
		pairs = append(pairs, pair{ours, []*regexp2.Regexp{theirs}})
		for i, rq := range c.Requests {
			if i%7 == 0 {
				f.Add(uint16(len(pairs)-1), rq.URL)
			}
		}
	}
	f.Fuzz(func(t *testing.T, i uint16, path string) {
		p := pairs[int(i)%len(pairs)]
		got, err1 := p.ours.MatchString(path)
		want, err2 := p.nexts[0].MatchString(path)
		if err1 != nil || err2 != nil {
			return // out of time: both engines are the same, the pattern is slow
		}
		if got != want {
			t.Fatalf("%s on %q: %v; Next's %s: %v", p.ours, path, got, p.nexts[0], want)
		}
	})
}

// fzWord is the syntax of a parameter name in a matcher pattern.
func fzWord(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func fzMatch(t *testing.T, re *regexp2.Regexp, s string) bool {
	ok, err := re.MatchString(s)
	if err != nil {
		t.Skipf("match of %q ran out of time", s)
	}
	return ok
}

// FuzzPatternRegexp compiles any proxy matcher pattern. Invariants: no
// panic; a pattern of literal text compiles exactly when it starts with
// '/', and then matches itself, itself with a trailing slash (but for the
// root), and neither
// more text nor (when it differs) its upper-case form; a pattern of
// literal segments and /:name[?+*] parameters matches the path made by
// giving each parameter values (none for ? and *, one or more for + and *).
func FuzzPatternRegexp(f *testing.F) {
	for _, p := range []string{
		"/about", "/a.b", "/a+b", "/a*b", "/a?b", "/[x]", "/$^", "/a|b", "/\\d", "/caf\u00e9", "/✓/:id", "/\xff",
		"/users/:id", "/about/:path*", "/files/:rest+", "/:lang?/docs", "/api/:v(\\d+)/x",
		"/(api|static)/(.*)", "/((?!api).*)", "/x/:", "/x/(a", "/x/a)", "about", "", "/:a:b", "/:a.json",
		"/:a/:b?/:c*", "/:p(", "/:p((a)", "/(\\)", "/:a?b", "/file.:ext", "/:a-:b", "/test{s}?",
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
		if !strings.ContainsAny(pattern, ":(){}*+?\\") && utf8.ValidString(pattern) {
			if valid := strings.HasPrefix(pattern, "/"); valid != (err == nil) {
				t.Fatalf("patternRegexp(%q): error %v; want one: %v", pattern, err, !valid)
			}
			if err != nil {
				return
			}
			for _, s := range []string{pattern, pattern + "/"} {
				if s == "//" {
					continue // the root's slash is the prefix of its optional /index
				}
				if !fzMatch(t, re, s) {
					t.Fatalf("patternRegexp(%q) = %s does not match %q", pattern, re, s)
				}
			}
			for _, s := range []string{pattern + "x", strings.ToUpper(pattern)} {
				if s != pattern && fzMatch(t, re, s) {
					t.Fatalf("patternRegexp(%q) = %s matches %q", pattern, re, s)
				}
			}
			return
		}
		if err != nil || !fzSegmentsOnly(pattern) {
			return
		}
		var pool []string
		for _, v := range strings.Split(values, fzSep) {
			if v != "" && !strings.ContainsAny(v, "/#?") && utf8.ValidString(v) {
				pool = append(pool, v)
			}
		}
		if len(pool) == 0 {
			pool = []string{"v"}
		}
		n := 0
		take := func() string { n++; return pool[(n-1)%len(pool)] }
		var b strings.Builder
		for _, seg := range strings.Split(pattern, "/")[1:] {
			if !strings.HasPrefix(seg, ":") {
				b.WriteString("/" + seg)
				continue
			}
			count := 1
			switch seg[len(seg)-1] {
			case '?':
				count = int(reps % 2)
			case '+':
				count = 1 + int(reps%3)
			case '*':
				count = int(reps % 3)
			}
			for range count {
				b.WriteString("/" + take())
			}
		}
		p := b.String()
		if p == "" {
			p = "/"
		}
		if !fzMatch(t, re, p) {
			t.Fatalf("patternRegexp(%q) = %s does not match %q", pattern, re, p)
		}
	})
}

// fzSegmentsOnly reports whether pattern is "/"-separated segments, each
// [A-Za-z0-9_]+ or :name with an optional modifier.
func fzSegmentsOnly(pattern string) bool {
	segs := strings.Split(pattern, "/")
	if segs[0] != "" || len(segs) < 2 {
		return false
	}
	for _, seg := range segs[1:] {
		name := strings.TrimPrefix(seg, ":")
		if name != seg {
			name = strings.TrimRight(name, "?+*")
			if len(seg)-len(name) > 2 {
				return false
			}
		}
		if name == "" {
			return false
		}
		for i := 0; i < len(name); i++ {
			if !fzWord(name[i]) {
				return false
			}
		}
	}
	return true
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
		{"/q", "host", "", "example\\.com", "/q", ""},
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
			Host:   data,
			URL:    &url.URL{Path: path, RawQuery: data},
			Header: http.Header{"Cookie": {data}},
		}
		if key != "" {
			req.Header.Add(key, data)
		}
		b := bare.match(req)
		if herr != nil {
			return
		}
		h, m := has.match(req), missing.match(req)
		if h && m || (h || m) != b {
			t.Fatalf("source %q, condition %+v, path %q: Has %v, Missing %v, bare %v", source, cond, path, h, m, b)
		}
	})
}
