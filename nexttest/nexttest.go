// Package nexttest calls a route's handlers from a Go test as devserver
// serves them: a request goes through the same server (routing, params,
// method dispatch, handler shapes, cookies, errors) and comes back as an
// *http.Response. Tests live beside route.go, in the route's package, and
// run with devserver test, which the go command's own go test cannot do
// for folders such as [id].
//
//	func TestGET(t *testing.T) {
//		route := nexttest.New(t, "/api/users/[id]", map[string]any{"GET": GET})
//		res := route.Get("/api/users/42")
//		if res.StatusCode != 200 || nexttest.Body(t, res) != `{"id":"42"}` {
//			t.Errorf(...)
//		}
//	}
package nexttest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/server"
)

// Route is one route served as devserver serves it, for a test.
type Route struct {
	t      testing.TB
	server http.Handler
}

// New serves the handlers of the route whose folder is path under app/
// ("/" for app/route.go, "/api/users/[id]" with its params in brackets, as
// the folders are named). handlers maps an HTTP method to the route's
// function of that name: map[string]any{"GET": GET, "POST": POST}; segment
// config values, such as "Dynamic", may be given the same way, and so may
// the app's proxy, as "Proxy" (or "Middleware") with its "Matcher", to serve
// the route behind it. New fails the test when the route could not serve (a
// handler of a shape devserver does not call, say).
func New(t testing.TB, path string, handlers map[string]any) *Route {
	t.Helper()
	h, err := Handler(path, handlers)
	if err != nil {
		t.Fatalf("nexttest: %v", err)
	}
	return &Route{t: t, server: h}
}

// Handler is New for code without a testing.TB (an example, a benchmark's
// setup, a program): the route served as devserver serves it, as an
// http.Handler. It returns an error when the route could not serve.
func Handler(path string, handlers map[string]any) (http.Handler, error) {
	file := strings.TrimPrefix(strings.TrimSuffix(path, "/")+"/route.go", "/")
	route := approuter.Loaded{Handlers: map[string]any{}, Config: map[string]any{}}
	proxy := approuter.Loaded{Handlers: map[string]any{}, Config: map[string]any{}}
	for name, v := range handlers {
		switch {
		case name == "Proxy" || name == "Middleware":
			proxy.Handlers[name] = v
		case name == "Matcher":
			proxy.Config[name] = v
		case isConfig(name):
			route.Config[name] = v
		default:
			route.Handlers[name] = v
		}
	}
	app := server.App{Dir: ".", AppDir: "app", Routes: []string{file}}
	if len(proxy.Handlers) > 0 || len(proxy.Config) > 0 {
		app.ProxyFile = "proxy.go"
	}
	s := &server.Server{
		App: app,
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i, f := range files {
				out[i] = route
				if f == app.ProxyFile {
					out[i] = proxy
				}
				out[i].File = f
			}
			return out
		}),
	}
	for _, p := range s.Reload(context.Background(), nil).Problems() {
		if p.Err != nil {
			return nil, fmt.Errorf("route %s cannot serve: %w", path, p.Err)
		}
	}
	return s, nil
}

// isConfig reports whether name is a segment config identifier.
func isConfig(name string) bool {
	for _, c := range approuter.ConfigNames {
		if c == name {
			return true
		}
	}
	return false
}

// Do serves req and returns the response, its body read in full (so that
// it can be read after Do returns) and its Request set to req.
func (r *Route) Do(req *http.Request) *http.Response {
	r.t.Helper()
	rec := httptest.NewRecorder()
	r.server.ServeHTTP(rec, req)
	res := rec.Result()
	res.Request = req
	return res
}

// Get serves a GET request for target ("/api/users/42?q=x").
func (r *Route) Get(target string) *http.Response {
	r.t.Helper()
	return r.Do(httptest.NewRequest(http.MethodGet, target, nil))
}

// Post serves a POST request for target with body, of the given content
// type.
func (r *Route) Post(target, contentType string, body io.Reader) *http.Response {
	r.t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, body)
	req.Header.Set("Content-Type", contentType)
	return r.Do(req)
}

// Body reads the body of res and returns it as a string, failing the test
// when it cannot be read.
func Body(t testing.TB, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("nexttest: read the body: %v", err)
	}
	return string(b)
}
