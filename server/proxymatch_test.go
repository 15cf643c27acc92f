package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/devserver/devserver/next"
)

func TestPatternRegexp(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		match   []string
		nomatch []string
	}{
		{"/about", []string{"/about"}, []string{"/about/x", "/", "/aboutx"}},
		{"/users/:id", []string{"/users/1", "/users/abc"}, []string{"/users", "/users/1/2"}},
		{"/about/:path*", []string{"/about", "/about/a", "/about/a/b"}, []string{"/aboutx", "/x/about"}},
		{"/files/:rest+", []string{"/files/a", "/files/a/b"}, []string{"/files", "/files/"}},
		{"/:lang?/docs", []string{"/docs", "/en/docs"}, []string{"/en/fr/docs"}},
		{"/api/:v(\\d+)/x", []string{"/api/2/x"}, []string{"/api/v2/x"}},
		{"/(api|static)/(.*)", []string{"/api/x", "/static/a/b"}, []string{"/other/x"}},
		{"/a.b", []string{"/a.b"}, []string{"/aXb"}},
	} {
		re, err := patternRegexp(tc.pattern)
		if err != nil {
			t.Errorf("%s: %v", tc.pattern, err)
			continue
		}
		for _, p := range tc.match {
			if ok, _ := re.MatchString(p); !ok {
				t.Errorf("%s does not match %s (%s)", tc.pattern, p, re)
			}
		}
		for _, p := range tc.nomatch {
			if ok, _ := re.MatchString(p); ok {
				t.Errorf("%s matches %s (%s)", tc.pattern, p, re)
			}
		}
	}
}

func TestPatternErrors(t *testing.T) {
	for _, tc := range []struct{ pattern, want string }{
		{"about", "must start with /"},
		{"/x/:", "missing parameter name"},
		{"/x/(a", "unbalanced pattern"},
		{"/:a:b", "must have text between two parameters"},
	} {
		if _, err := patternRegexp(tc.pattern); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.pattern, err, tc.want)
		}
	}
}

func TestMatcherConditions(t *testing.T) {
	m, err := compileMatcher([]next.Match{{
		Source:  "/api/:path*",
		Has:     []next.Condition{{Type: "header", Key: "X-Mode", Value: "(beta|alpha)"}},
		Missing: []next.Condition{{Type: "cookie", Key: "skip"}, {Type: "query", Key: "raw"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	req := func(path string, set func(*http.Request)) *http.Request {
		r := httptest.NewRequest("GET", path, nil)
		if set != nil {
			set(r)
		}
		return r
	}
	beta := func(r *http.Request) { r.Header.Set("X-Mode", "beta") }
	for _, tc := range []struct {
		name string
		r    *http.Request
		want bool
	}{
		{"header matches", req("/api/x", beta), true},
		{"no header", req("/api/x", nil), false},
		{"header value does not match in full", req("/api/x", func(r *http.Request) { r.Header.Set("X-Mode", "betamax") }), false},
		{"missing cookie present", req("/api/x", func(r *http.Request) { beta(r); r.AddCookie(&http.Cookie{Name: "skip", Value: "1"}) }), false},
		{"missing query present", req("/api/x?raw=1", beta), false},
		{"missing query empty counts as absent", req("/api/x?raw", beta), true},
		{"other path", req("/web", beta), false},
	} {
		if got := m.match(tc.r); got != tc.want {
			t.Errorf("%s: match = %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := compileMatcher(next.Match{Source: "/x", Has: []next.Condition{{Type: "body", Key: "k"}}}); err == nil {
		t.Error("a condition of an unknown type compiled")
	}
	if m, err := compileMatcher(nil); err != nil || !m.match(req("/anything", nil)) {
		t.Error("no matcher must run the proxy everywhere")
	}
}
