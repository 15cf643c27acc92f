package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/server"
)

// TestCachedRoutesTellSharedCaches checks the Cache-Control of cached GETs,
// as next start sends it: s-maxage from Revalidate, then
// stale-while-revalidate; a year for force-static; the handler's own
// Cache-Control kept; none for a route that is not cached.
func TestCachedRoutesTellSharedCaches(t *testing.T) {
	ok := func(*next.Request) *next.Response { return next.NewResponse("ok") }
	own := func(*next.Request) *next.Response {
		return next.NewResponse("ok", next.Init{Headers: http.Header{"Cache-Control": {"public, max-age=5"}}})
	}
	loaded := []approuter.Loaded{
		{File: "app/static/route.go", Handlers: map[string]any{"GET": ok}, Config: map[string]any{"Dynamic": "force-static"}},
		{File: "app/isr/route.go", Handlers: map[string]any{"GET": ok}, Config: map[string]any{"Revalidate": 60}},
		{File: "app/own/route.go", Handlers: map[string]any{"GET": own}, Config: map[string]any{"Revalidate": 60}},
		{File: "app/dynamic/route.go", Handlers: map[string]any{"GET": ok}},
	}
	srv := Compiled(server.App{Dir: ".", AppDir: "app", Routes: []string{"static/route.go", "isr/route.go", "own/route.go", "dynamic/route.go"}}, loaded)
	srv.Reload(context.Background(), nil)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	for _, c := range []struct{ path, want string }{
		{"/static", "s-maxage=31536000"},
		{"/isr", "s-maxage=60, stale-while-revalidate=31535940"},
		{"/own", "public, max-age=5"},
		{"/dynamic", ""},
	} {
		for range 2 { // MISS, then HIT
			res, err := http.Get(hs.URL + c.path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Header.Get("Cache-Control"); got != c.want {
				t.Errorf("%s (%s): Cache-Control %q, want %q", c.path, res.Header.Get(server.CacheHeader), got, c.want)
			}
		}
	}
}
