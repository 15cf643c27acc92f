package dev_test

import (
	"net/http"
	"strings"
	"testing"
)

const proxyFile = `package app

import (
	"net/http"

	"github.com/devserver/devserver/next"
)

var Matcher = []next.Match{
	{Source: "/api/:path*"},
	{Source: "/old/:rest+"},
	{Source: "/beta", Has: []next.Condition{{Type: "cookie", Key: "beta"}}},
}

func Proxy(req *next.Request) *next.Response {
	switch {
	case req.NextURL.Pathname == "/api/secret" && req.Headers.Get("Authorization") == "":
		return next.JSON(map[string]string{"error": "unauthorized"}, next.Init{Status: 401})
	case req.NextURL.Pathname == "/old/page":
		return next.Redirect("/new/page", 308)
	case req.NextURL.Pathname == "/api/legacy":
		return next.Rewrite("/api/echo?from=legacy")
	case req.NextURL.Pathname == "/beta":
		return next.Rewrite("/beta-home")
	}
	res := next.Next(next.ProxyInit{RequestHeaders: http.Header{"X-From-Proxy": {"yes"}}})
	res.Headers.Set("X-Proxy", "seen")
	return res
}
`

// TestProxy checks a proxy beside app/: answering directly, redirecting,
// rewriting (the client's URL unchanged), passing request headers on and
// adding response headers, its matcher with conditions, hot reload, and
// the error for a route returning next.Next().
func TestProxy(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"proxy.go": proxyFile,
		"app/api/echo/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]string{"from": req.NextURL.SearchParams.Get("from"), "proxied": req.Headers.Get("X-From-Proxy"), "path": req.NextURL.Pathname})
}`),
		"app/api/secret/route.go": textRoute("secret"),
		"app/beta/route.go":       textRoute("stable"),
		"app/beta-home/route.go":  textRoute("beta"),
		"app/web/route.go":        textRoute("web"),
		"app/bad/route.go":        goRoute(`func GET(req *next.Request) *next.Response { return next.Next() }`),
	})
	r := a.get(t, "/api/echo?from=client")
	expect(t, "GET /api/echo", r, 200, `"from":"client"`, `"proxied":"yes"`)
	if r.Header.Get("X-Proxy") != "seen" {
		t.Errorf("GET /api/echo: X-Proxy %q, want seen", r.Header.Get("X-Proxy"))
	}
	expect(t, "GET /api/secret", a.get(t, "/api/secret"), 401, "unauthorized")
	expect(t, "GET /api/secret with auth", a.get(t, "/api/secret", "Authorization", "x"), 200, "secret")
	r = a.get(t, "/old/page")
	if r.Status != http.StatusPermanentRedirect || r.Header.Get("Location") != "/new/page" {
		t.Errorf("GET /old/page: %d %q", r.Status, r.Header.Get("Location"))
	}
	// The rewritten route's NextURL is the client's URL, as in Next.js
	// (checked with next start: a route reached through a rewrite to
	// /target?from=rw sees the client's pathname and query).
	expect(t, "GET /api/legacy (rewritten)", a.get(t, "/api/legacy"), 200, `"from":""`, `"path":"/api/legacy"`)
	// Outside the matcher the proxy does not run.
	r = a.get(t, "/web")
	expect(t, "GET /web", r, 200, "web")
	if r.Header.Get("X-Proxy") != "" {
		t.Error("the proxy ran outside its matcher")
	}
	// A condition: only with the beta cookie.
	expect(t, "GET /beta", a.get(t, "/beta"), 200, "stable")
	expect(t, "GET /beta with cookie", a.get(t, "/beta", "Cookie", "beta=1"), 200, "beta")
	expect(t, "GET /bad", a.get(t, "/bad"), 500, "only a proxy (proxy.go) may return")

	// Hot reload, and the old name middleware.go.
	a.remove(t, "proxy.go")
	a.write(t, "middleware.go", `package app

import "github.com/devserver/devserver/next"

func Middleware(req *next.Request) *next.Response {
	res := next.Next()
	res.Headers.Set("X-Proxy", "middleware")
	return res
}
`)
	waitFor(t, a.URL+"/web", func(r resp) bool { return r.Header.Get("X-Proxy") == "middleware" })
	// A broken proxy answers 500 naming it.
	a.write(t, "middleware.go", "package app\n\nvar Matcher = 3\n\nfunc Middleware() {}\n")
	waitFor(t, a.URL+"/web", func(r resp) bool { return r.Status == 500 })
	expect(t, "GET /web with a broken proxy", a.get(t, "/web"), 500, "middleware.go")
}

// TestProxyReadsBody checks that a body the proxy read reaches the route
// whole, that the body limit holds for the proxy's reads too, and that a
// panicking proxy answers 500 naming it while other URLs go on.
func TestProxyReadsBody(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"proxy.go": `package app

import "github.com/devserver/devserver/next"

func Proxy(req *next.Request) *next.Response {
	if req.NextURL.Pathname == "/boom" {
		panic("proxy exploded")
	}
	if req.Method != "POST" {
		return nil
	}
	var v struct{ Name string }
	if err := req.JSON(&v); err != nil {
		return next.NewResponse("proxy: "+err.Error(), next.Init{Status: 400})
	}
	if req.NextURL.Pathname == "/legacy" {
		return next.Rewrite("/echo")
	}
	res := next.Next()
	res.Headers.Set("X-Proxy-Saw", v.Name)
	return res
}
`,
		"app/echo/route.go": goRoute(`func POST(req *next.Request) *next.Response {
	b, err := req.Text()
	if err != nil {
		return next.NewResponse(err.Error(), next.Init{Status: 500})
	}
	return next.NewResponse("route saw " + b)
}`),
		"app/web/route.go": textRoute("web"),
	})
	r := a.post(t, "/echo", "application/json", `{"Name":"ada"}`)
	expect(t, "POST /echo", r, 200, `route saw {"Name":"ada"}`)
	if got := r.Header.Get("X-Proxy-Saw"); got != "ada" {
		t.Errorf("POST /echo: X-Proxy-Saw %q, want ada", got)
	}
	expect(t, "POST /legacy (read by the proxy, rewritten)", a.post(t, "/legacy", "application/json", `{"Name":"bob"}`), 200, `route saw {"Name":"bob"}`)
	big := `{"Name":"` + strings.Repeat("x", 11<<20) + `"}`
	expect(t, "POST /echo over the body limit", a.post(t, "/echo", "application/json", big), 400, "request body too large")
	expect(t, "GET /boom", a.get(t, "/boom"), 500, "proxy.go", "proxy exploded")
	expect(t, "GET /web", a.get(t, "/web"), 200, "web")
}
