package dev_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devserver/devserver/server"
)

const counterPkg = `package counter

import "sync"

var (
	mu sync.Mutex
	n  = map[string]int{}
)

func Next(k string) int { mu.Lock(); defer mu.Unlock(); n[k]++; return n[k] }
`

// cachedRoute answers how many times it ran, and what it saw of the request.
func cachedRoute(config, key string) string {
	return goRoute(config+`

func GET(req *next.Request) *next.Response {
	time.Sleep(20 * time.Millisecond)
	return next.JSON(map[string]any{
		"n":  counter.Next("`+key+`"),
		"q":  req.NextURL.SearchParams.Get("q"),
		"ua": req.Headers.Get("X-Test"),
	})
}

func POST(req *next.Request) *next.Response { return next.JSON(counter.Next("post `+key+`")) }`, "time", "example.com/app/internal/counter")
}

func getWith(t *testing.T, a *app, path string) resp {
	t.Helper()
	return a.get(t, path, "X-Test", "agent")
}

func TestSegmentConfigCache(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"internal/counter/counter.go": counterPkg,
		"app/static/route.go":         cachedRoute(`const Dynamic = "force-static"`, "static"),
		"app/isr/route.go":            cachedRoute(`var Revalidate = 1`, "isr"),
		"app/never/route.go":          cachedRoute(`const Revalidate = 0`, "never"),
		"app/plain/route.go":          cachedRoute(``, "plain"),
	})

	// force-static: computed once, the handler sees no query or headers.
	r := getWith(t, a, "/static?q=1")
	expect(t, "first GET /static", r, 200, `"n":1`, `"q":""`, `"ua":""`)
	if got := r.Header.Get(server.CacheHeader); got != "MISS" {
		t.Errorf("first GET: %s %q, want MISS", server.CacheHeader, got)
	}
	r = getWith(t, a, "/static?q=2")
	expect(t, "second GET /static", r, 200, `"n":1`)
	if got := r.Header.Get(server.CacheHeader); got != "HIT" {
		t.Errorf("second GET: %s %q, want HIT", server.CacheHeader, got)
	}
	// Other methods are never cached.
	expect(t, "POST /static", a.do(t, http.MethodPost, "/static", nil), 200, "1")
	expect(t, "POST /static again", a.do(t, http.MethodPost, "/static", nil), 200, "2")

	// Not cached: no config, or Revalidate = 0; the request is seen whole.
	for _, p := range []string{"/plain", "/never"} {
		getWith(t, a, p+"?q=x")
		r = getWith(t, a, p+"?q=x")
		expect(t, "GET "+p, r, 200, `"n":2`, `"q":"x"`, `"ua":"agent"`)
		if got := r.Header.Get(server.CacheHeader); got != "" {
			t.Errorf("GET %s: %s %q, want none", p, server.CacheHeader, got)
		}
	}

	// Revalidate: a stale copy is served while one refresh runs.
	expect(t, "GET /isr", getWith(t, a, "/isr"), 200, `"n":1`)
	time.Sleep(1100 * time.Millisecond)
	r = getWith(t, a, "/isr")
	expect(t, "GET /isr after Revalidate", r, 200, `"n":1`)
	if got := r.Header.Get(server.CacheHeader); got != "STALE" {
		t.Errorf("after Revalidate: %s %q, want STALE", server.CacheHeader, got)
	}
	waitFor(t, a.URL+"/isr", func(r resp) bool {
		return strings.Contains(r.Body, `"n":2`) && r.Header.Get(server.CacheHeader) == "HIT"
	})

	// A reload empties the cache.
	a.write(t, "app/static/route.go", cachedRoute(`const Dynamic = "force-static"

var _ = "edited"`, "static"))
	waitFor(t, a.URL+"/static", func(r resp) bool { return r.Header.Get(server.CacheHeader) == "MISS" })
}

// TestSegmentConfigSingleFlight checks that concurrent misses run the
// handler once.
func TestSegmentConfigSingleFlight(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"internal/counter/counter.go": counterPkg,
		"app/static/[id]/route.go":    cachedRoute(`const Dynamic = "force-static"`, "static"),
	})
	var wg sync.WaitGroup
	bodies := make([]string, 16)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bodies[i] = a.get(t, "/static/same").Body
		}()
	}
	wg.Wait()
	for i, b := range bodies {
		if !strings.Contains(b, `"n":1`) {
			t.Errorf("request %d: %s; want every answer from the one run", i, b)
		}
	}
}

// TestSegmentConfigErrors checks config values of the wrong type or out of
// range, and DynamicParams with GenerateStaticParams.
func TestSegmentConfigErrors(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"internal/counter/counter.go": counterPkg,
		"app/bad-dynamic/route.go":    cachedRoute(`const Dynamic = "sometimes"`, "a"),
		"app/bad-revalidate/route.go": cachedRoute(`var Revalidate = "60"`, "b"),
		"app/strict/route.go": goRoute(`const Dynamic = "error"

func GET(r *next.Request) *next.Response {
	return next.JSON([]string{r.Headers.Get("A"), r.NextURL.SearchParams.Get("q"), r.NextURL.Pathname})
}`),
		"app/strict-ok/route.go": goRoute(`const Dynamic = "error"

func GET(r *next.Request) *next.Response { return next.NewResponse(r.NextURL.Pathname) }`),
		"app/posts/[slug]/route.go": goRoute(`const DynamicParams = false

func GenerateStaticParams() []next.Params {
	return []next.Params{{"slug": {"hello"}}, {"slug": {"world"}}}
}

func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.NewResponse(ctx.Params.Get("slug"))
}`),
	})
	expect(t, "GET /bad-dynamic", a.get(t, "/bad-dynamic"), 500, "Dynamic is \"sometimes\"", `["auto" "force-dynamic" "force-static" "error"]`)
	expect(t, "GET /bad-revalidate", a.get(t, "/bad-revalidate"), 500, `Revalidate is "60"`, "whole number of seconds")
	expect(t, "GET /strict", a.get(t, "/strict"), 500, `Dynamic = "error"`, "route.go:11:28: headers (r.Headers)", "route.go:11:48: the query (r.NextURL.SearchParams)")
	r := a.get(t, "/strict-ok")
	expect(t, "GET /strict-ok", r, 200, "/strict-ok")
	if got := r.Header.Get(server.CacheHeader); got != "MISS" {
		t.Errorf("GET /strict-ok: %s %q, want MISS (cached as force-static)", server.CacheHeader, got)
	}
	expect(t, "GET /posts/hello", a.get(t, "/posts/hello"), 200, "hello")
	expect(t, "GET /posts/other", a.get(t, "/posts/other"), 404)
}
