package dev_test

import (
	"net/http"
	"testing"
)

// TestProxyMatcherAsNext runs the proxy matcher cases that mattered most
// end to end (their full table is replayed against Next.js's answers in
// server's TestMatcherConformance): an encoded slash does not slip past a
// one-segment source, Next's lookahead matcher from its docs works, the
// root source also covers /index, and a source with an escaped parenthesis
// loads instead of failing every request.
func TestProxyMatcherAsNext(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"proxy.go": `package app

import "github.com/devserver/devserver/next"

var Matcher = []string{"/files/:name", "/((?!api|static).*)", "/", "/\\(x\\)"}

func Proxy(req *next.Request) *next.Response {
	return next.NewResponse("proxy:" + req.NextURL.Pathname)
}
`,
		"app/files/[...rest]/route.go": textRoute("route"),
		"app/api/x/route.go":           textRoute("api"),
		"app/index/route.go":           textRoute("index route"),
	})
	expect(t, "GET /files/a%2Fb", a.get(t, "/files/a%2Fb"), 200, "proxy:")
	expect(t, "GET /files/a/b", a.get(t, "/files/a/b"), 200, "proxy:")
	expect(t, "GET /api/x", a.get(t, "/api/x"), 200, "api")
	expect(t, "GET /index", a.get(t, "/index"), 200, "proxy:")
	expect(t, "GET /(x)", a.get(t, "/(x)"), 200, "proxy:")
}

// TestPathNormalisedAsNext: a raw backslash and percent-encoded dot
// segments are answered with 308 to the clean path, as Next.js resolves
// them before routing.
func TestPathNormalisedAsNext(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{"app/about/route.go": textRoute("about")})
	for _, c := range []struct{ target, loc string }{
		{"/x/%2e%2e/about", "/about"},
		{"/x/%2E%2e/about?q=1", "/about?q=1"},
		{"/about/%2e", "/about"},
		{`/x\..\about`, "/about"},
	} {
		r := a.raw(t, "GET", c.target)
		if r.Status != http.StatusPermanentRedirect || r.Header.Get("Location") != c.loc {
			t.Errorf("GET %s: %s Location %q, want 308 to %q", c.target, r, r.Header.Get("Location"), c.loc)
		}
	}
}
