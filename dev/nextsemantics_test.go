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

// TestProxyToRouteAsNext checks what a route sees after a proxy, and what
// the client gets, as next start answers them: fresh RequestHeaders replace
// the client's; a header both set is the proxy's alone (and the route sees
// the proxy's response headers among its request headers); cookies the
// proxy sets on next.Next() are sent to the client only, those it sets on
// req.Cookies and passes on with req.Headers reach the route; a redirect to
// this origin is sent relative, one elsewhere as a URL.
func TestProxyToRouteAsNext(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"proxy.go": `package app

import (
	"net/http"

	"github.com/devserver/devserver/next"
)

func Proxy(req *next.Request) *next.Response {
	switch req.NextURL.Pathname {
	case "/echo/fresh":
		return next.Next(next.ProxyInit{RequestHeaders: http.Header{"X-Only": {"1"}}})
	case "/echo/both":
		res := next.Next()
		res.Headers.Set("X-Same", "proxy")
		return res
	case "/echo/cookie":
		res := next.Next()
		res.Cookies.Set(&http.Cookie{Name: "pc", Value: "v 1"})
		return res
	case "/echo/reqcookie":
		req.Cookies.Set(&http.Cookie{Name: "pc", Value: "r 1"})
		return next.Next(next.ProxyInit{RequestHeaders: req.Headers})
	case "/echo/here":
		return next.Redirect(req.NextURL.Origin + "/target?x=1")
	case "/echo/away":
		return next.Redirect("https://example.com/a b")
	}
	return nil
}
`,
		"app/echo/[...p]/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	pc, _ := req.Cookies.Get("pc")
	v := ""
	if pc != nil {
		v = pc.Value
	}
	res := next.JSON(map[string]any{"orig": req.Headers.Get("X-Orig"), "only": req.Headers.Get("X-Only"), "same": req.Headers.Get("X-Same"), "pc": v, "c1": req.Cookies.Has("c1")})
	res.Headers.Set("X-Same", "route")
	return res
}`),
	})
	expect(t, "GET /echo/fresh", a.get(t, "/echo/fresh", "X-Orig", "o"), 200, `"only":"1"`, `"orig":""`)
	r := a.get(t, "/echo/both", "X-Orig", "o")
	expect(t, "GET /echo/both", r, 200, `"orig":"o"`, `"same":"proxy"`)
	if got := r.Header.Values("X-Same"); len(got) != 1 || got[0] != "proxy" {
		t.Errorf("GET /echo/both: X-Same %q, want the proxy's value alone", got)
	}
	// A cookie set on the proxy's response goes to the client only; one set
	// on req.Cookies and passed on with req.Headers reaches the route.
	r = a.get(t, "/echo/cookie", "Cookie", "c1=1")
	expect(t, "GET /echo/cookie", r, 200, `"pc":""`, `"c1":true`)
	if got := r.Header.Get("Set-Cookie"); got != "pc=v%201; Path=/" {
		t.Errorf("GET /echo/cookie: Set-Cookie %q", got)
	}
	expect(t, "GET /echo/reqcookie", a.get(t, "/echo/reqcookie", "Cookie", "c1=1"), 200, `"pc":"r 1"`, `"c1":true`)
	r = a.get(t, "/echo/here")
	if r.Status != http.StatusTemporaryRedirect || r.Header.Get("Location") != "/target?x=1" {
		t.Errorf("GET /echo/here: %s Location %q, want 307 to /target?x=1", r, r.Header.Get("Location"))
	}
	r = a.get(t, "/echo/away")
	if r.Status != http.StatusTemporaryRedirect || r.Header.Get("Location") != "https://example.com/a%20b" {
		t.Errorf("GET /echo/away: %s Location %q", r, r.Header.Get("Location"))
	}
}

// TestResponseStatusAsNext: a status Next.js's Response refuses answers 500
// naming it, never goes out.
func TestResponseStatusAsNext(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/s/[code]/route.go": goRoute(`func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	code, _ := strconv.Atoi(ctx.Params.Get("code"))
	res := next.NewResponse("body")
	res.Status = code
	return res
}`, "strconv"),
		"app/r/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.Redirect("not a url") }`),
	})
	for _, c := range []struct {
		code   string
		status int
	}{{"199", 500}, {"600", 500}, {"204", 500}, {"304", 500}, {"200", 200}, {"599", 599}} {
		expect(t, "GET /s/"+c.code, a.get(t, "/s/"+c.code), c.status)
	}
	expect(t, "GET /r", a.get(t, "/r"), 500, "not an absolute URL")
}
