package nexttest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/nexttest"
)

func getUser(req *next.Request, ctx next.RouteContext) *next.Response {
	res := next.JSON(map[string]string{"id": ctx.Params.Get("id"), "q": req.NextURL.SearchParams.Get("q")})
	res.Cookies.Set(&http.Cookie{Name: "seen", Value: "1"})
	return res
}

func postUser(req *next.Request) (*next.Response, error) {
	var body struct{ Name string }
	if err := req.JSON(&body); err != nil {
		return nil, err
	}
	return next.JSON(map[string]string{"name": body.Name}, next.Init{Status: 201}), nil
}

func TestRoute(t *testing.T) {
	route := nexttest.New(t, "/api/users/[id]", map[string]any{"GET": getUser, "POST": postUser})
	for _, tt := range []struct {
		name, method, target, body string
		status                     int
		want                       string
	}{
		{"params and query", http.MethodGet, "/api/users/42?q=x", "", 200, `{"id":"42","q":"x"}`},
		{"post", http.MethodPost, "/api/users/1", `{"Name":"ann"}`, 201, `{"name":"ann"}`},
		{"no such method", http.MethodDelete, "/api/users/1", "", 405, ""},
		{"no such route", http.MethodGet, "/api/other", "", 404, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var res *http.Response
			if tt.method == http.MethodPost {
				res = route.Post(tt.target, "application/json", strings.NewReader(tt.body))
			} else {
				req, _ := http.NewRequest(tt.method, "http://localhost"+tt.target, nil)
				res = route.Do(req)
			}
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if body := nexttest.Body(t, res); tt.want != "" && body != tt.want {
				t.Errorf("body %q, want %q", body, tt.want)
			}
		})
	}
	if c := route.Get("/api/users/7").Cookies(); len(c) != 1 || c[0].Name != "seen" {
		t.Errorf("cookies %v, want seen=1", c)
	}
}

func TestRootRoute(t *testing.T) {
	route := nexttest.New(t, "/", map[string]any{"GET": func(*next.Request) *next.Response { return next.NewResponse("home") }})
	if body := nexttest.Body(t, route.Get("/")); body != "home" {
		t.Errorf("GET / = %q, want home", body)
	}
}

// A route served behind the app's proxy: the proxy answers the requests
// its Matcher selects, and passes the others to the route with a header.
func TestRouteBehindProxy(t *testing.T) {
	proxy := func(req *next.Request) *next.Response {
		if req.Headers.Get("Authorization") == "" {
			return next.JSON(map[string]string{"error": "unauthorized"}, next.Init{Status: 401})
		}
		headers := req.Headers.Clone()
		headers.Set("X-User", "ann")
		return next.Next(next.ProxyInit{RequestHeaders: headers})
	}
	get := func(req *next.Request) *next.Response { return next.NewResponse("user " + req.Headers.Get("X-User")) }
	route := nexttest.New(t, "/api/me", map[string]any{"GET": get, "Proxy": proxy, "Matcher": "/api/:path*"})

	if res := route.Get("/api/me"); res.StatusCode != 401 {
		t.Errorf("GET /api/me without Authorization: status %d, want 401 from the proxy", res.StatusCode)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/me", nil)
	req.Header.Set("Authorization", "Bearer x")
	if body := nexttest.Body(t, route.Do(req)); body != "user ann" {
		t.Errorf("GET /api/me through the proxy = %q, want %q", body, "user ann")
	}
}

// Handler reports a route that cannot serve instead of failing a test.
func TestHandlerError(t *testing.T) {
	_, err := nexttest.Handler("/x", map[string]any{"GET": func() {}})
	if err == nil || !strings.Contains(err.Error(), "route /x cannot serve") {
		t.Errorf("Handler with a GET of the wrong shape: %v, want an error naming the route", err)
	}
	_, err = nexttest.Handler("/x", map[string]any{"GET": func(*next.Request) *next.Response { return nil }, "Proxy": 1})
	if err == nil || !strings.Contains(err.Error(), "Proxy has type int") {
		t.Errorf("Handler with a Proxy of the wrong shape: %v, want an error naming it", err)
	}
}
