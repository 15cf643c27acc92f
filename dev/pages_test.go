package dev_test

import (
	"net/http"
	"testing"
)

// TestPages checks page.html files: html/template with the request's
// params and query, wrapped by every layout.html above them, reloaded on
// save, and a template error answered with its file and line.
func TestPages(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/layout.html":            "<html><body>{{.Children}}</body></html>",
		"app/blog/layout.html":       "<main class=blog>{{.Children}}</main>",
		"app/blog/[slug]/page.html":  `<h1>{{.Params.Get "slug"}}</h1><p>{{.Query.Get "q"}}</p>`,
		"app/(info)/about/page.html": "<p>about {{.Pathname}}</p>",
		"app/api/route.go":           textRoute("api"),
	})
	r := a.get(t, "/blog/hello-world?q=<b>")
	expect(t, "GET /blog/hello-world", r, 200, `<html><body><main class=blog><h1>hello-world</h1><p>&lt;b&gt;</p></main></body></html>`)
	if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	expect(t, "GET /about", a.get(t, "/about"), 200, "<html><body><p>about /about</p></body></html>")
	expect(t, "POST /about", a.do(t, http.MethodPost, "/about", nil), 405)
	expect(t, "GET /api", a.get(t, "/api"), 200, "api")

	a.write(t, "app/layout.html", "<html><body class=v2>{{.Children}}</body></html>")
	a.waitBody(t, "/about", "<html><body class=v2><p>about /about</p></body></html>")

	a.write(t, "app/(info)/about/page.html", "<p>{{.Pathname</p>\n")
	a.waitStatus(t, "/about", 500)
	expect(t, "GET /about (broken)", a.get(t, "/about"), 500, "app/(info)/about/page.html:1:")
	expect(t, "GET /blog/x while /about is broken", a.get(t, "/blog/x"), 200, "<h1>x</h1>")
}
