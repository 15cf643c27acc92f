package next_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/nexttest"
)

// Each example declares handlers as a route file would, then serves them
// with package nexttest, as devserver does, and prints what a client gets.

// get serves handlers as the route whose folder is path and returns the
// answer to GET target.
func get(path string, handlers map[string]any, target string, header ...string) *http.Response {
	h, err := nexttest.Handler(path, handlers)
	if err != nil {
		panic(err)
	}
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// body reads all of res's body.
func body(res *http.Response) string {
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// A route answers JSON from its params and query:
// app/api/users/[id]/route.go.
func ExampleJSON() {
	GET := func(req *next.Request, ctx next.RouteContext) *next.Response {
		return next.JSON(map[string]string{
			"id": ctx.Params.Get("id"),
			"q":  req.NextURL.SearchParams.Get("q"),
		})
	}

	res := get("/api/users/[id]", map[string]any{"GET": GET}, "/api/users/42?q=go")
	fmt.Println(res.StatusCode, res.Header.Get("Content-Type"))
	fmt.Println(body(res))
	// Output:
	// 200 application/json
	// {"id":"42","q":"go"}
}

// A status and headers go in an Init; a struct is encoded as encoding/json
// encodes it.
func ExampleJSON_status() {
	type problem struct {
		Error string `json:"error"`
	}
	GET := func(req *next.Request) *next.Response {
		return next.JSON(problem{Error: "no such user"}, next.Init{
			Status:  404,
			Headers: http.Header{"Cache-Control": {"no-store"}},
		})
	}

	res := get("/api/users", map[string]any{"GET": GET}, "/api/users")
	fmt.Println(res.StatusCode, res.Header.Get("Cache-Control"))
	fmt.Println(body(res))
	// Output:
	// 404 no-store
	// {"error":"no such user"}
}

// A handler reads the request's cookies and sets the response's, which are
// sent as Next.js sends them (value percent-encoded, Path defaulting to /).
func ExampleResponseCookies_Set() {
	GET := func(req *next.Request) *next.Response {
		theme, ok := req.Cookies.Get("theme")
		if !ok {
			theme = &http.Cookie{Value: "light"}
		}
		res := next.NewResponse("theme: " + theme.Value)
		res.Cookies.Set(&http.Cookie{Name: "last-visit", Value: "2026-01-02 10:00", HttpOnly: true})
		return res
	}

	res := get("/", map[string]any{"GET": GET}, "/", "Cookie", "theme=dark")
	fmt.Println(body(res))
	fmt.Println(res.Header.Get("Set-Cookie"))
	// Output:
	// theme: dark
	// last-visit=2026-01-02%2010%3A00; Path=/; HttpOnly
}

// Redirect answers 307 by default, or the status given; PermanentRedirect
// answers 308.
func ExampleRedirect() {
	GET := func(req *next.Request) *next.Response {
		if req.NextURL.SearchParams.Get("old") != "" {
			return next.PermanentRedirect("/new")
		}
		return next.Redirect("https://example.com/login?next=" + req.NextURL.Pathname)
	}

	for _, target := range []string{"/account", "/account?old=1"} {
		res := get("/account", map[string]any{"GET": GET}, target)
		fmt.Println(res.StatusCode, res.Header.Get("Location"))
	}
	// Output:
	// 307 https://example.com/login?next=/account
	// 308 /new
}

// Stream sends each Write to the client as it is made; the function runs
// after the handler has returned, until it returns or the client goes away.
func ExampleStream() {
	GET := func(req *next.Request) *next.Response {
		return next.Stream(func(w *next.StreamWriter) error {
			for i := range 3 {
				if _, err := fmt.Fprintf(w, "chunk %d\n", i); err != nil {
					return err // the client went away
				}
			}
			return nil
		}, next.Init{Headers: http.Header{"Content-Type": {"text/plain"}}})
	}

	res := get("/api/chunks", map[string]any{"GET": GET}, "/api/chunks")
	fmt.Print(body(res))
	// Output:
	// chunk 0
	// chunk 1
	// chunk 2
}

// EventStream sends Server-Sent Events, for an EventSource in the browser.
func ExampleEventStream() {
	GET := func(req *next.Request) *next.Response {
		return next.EventStream(func(w *next.StreamWriter) error {
			for _, t := range []string{"10:00:00", "10:00:01"} {
				if err := w.Event("tick", t); err != nil {
					return err
				}
				select {
				case <-req.Context().Done(): // the client went away
					return nil
				case <-time.After(time.Millisecond):
				}
			}
			return nil
		})
	}

	res := get("/api/clock", map[string]any{"GET": GET}, "/api/clock")
	fmt.Println(res.Header.Get("Content-Type"))
	fmt.Print(body(res))
	// Output:
	// text/event-stream; charset=utf-8
	// event: tick
	// data: 10:00:00
	//
	// event: tick
	// data: 10:00:01
}

// A proxy (proxy.go beside app/) runs before the routes its Matcher
// selects: it may answer itself, or let the request through with headers
// of its own.
func ExampleNext() {
	Matcher := "/api/:path*"
	Proxy := func(req *next.Request) *next.Response {
		if req.Headers.Get("Authorization") == "" {
			return next.JSON(map[string]string{"error": "unauthorized"}, next.Init{Status: 401})
		}
		headers := req.Headers.Clone()
		headers.Set("X-User", "ann") // the route sees these request headers
		res := next.Next(next.ProxyInit{RequestHeaders: headers})
		res.Headers.Set("X-Proxy", "seen") // and the client this one
		return res
	}
	GET := func(req *next.Request) *next.Response {
		return next.JSON(map[string]string{"user": req.Headers.Get("X-User")})
	}
	route := map[string]any{"GET": GET, "Proxy": Proxy, "Matcher": Matcher}

	res := get("/api/me", route, "/api/me")
	fmt.Println(res.StatusCode, body(res))
	res = get("/api/me", route, "/api/me", "Authorization", "Bearer t")
	fmt.Println(res.StatusCode, res.Header.Get("X-Proxy"), body(res))
	// Output:
	// 401 {"error":"unauthorized"}
	// 200 seen {"user":"ann"}
}

// Rewrite serves another path of this server; the client's URL stays.
func ExampleRewrite() {
	Proxy := func(req *next.Request) *next.Response {
		if req.Cookies.Has("beta") {
			return next.Rewrite("/beta" + req.NextURL.Pathname)
		}
		return next.Next()
	}
	GET := func(req *next.Request, ctx next.RouteContext) *next.Response {
		return next.NewResponse("beta of /" + ctx.Params.Get("path"))
	}

	res := get("/beta/[...path]", map[string]any{"GET": GET, "Proxy": Proxy}, "/docs/intro", "Cookie", "beta=1")
	fmt.Println(res.StatusCode, body(res))
	// Output:
	// 200 beta of /docs/intro
}

// userParams is what devserver typegen writes into params_gen.go (as
// Params) for a folder app/users/[id]/files/[...path]: a field per param,
// tagged with its name, a []string for a catch-all.
type userParams struct {
	ID   string   `param:"id"`
	Path []string `param:"path"`
}

// A handler may take its params typed, as Next's RouteContext<'/users/[id]'>:
// the server fills the struct from the URL.
func ExampleParams_typed() {
	GET := func(req *next.Request, p userParams) *next.Response {
		return next.JSON(map[string]any{"id": p.ID, "path": p.Path})
	}

	res := get("/users/[id]/files/[...path]", map[string]any{"GET": GET}, "/users/7/files/a/b.txt")
	fmt.Println(body(res))
	// Output:
	// {"id":"7","path":["a","b.txt"]}
}

// Params holds a route's dynamic segments: Get for one value (a catch-all's
// joined by "/"), Values for each, Has for an optional catch-all.
func ExampleParams() {
	GET := func(req *next.Request, ctx next.RouteContext) *next.Response {
		return next.NewResponse(fmt.Sprintf("has=%v get=%q values=%q",
			ctx.Params.Has("slug"), ctx.Params.Get("slug"), ctx.Params.Values("slug")))
	}

	for _, target := range []string{"/shop", "/shop/a/b"} {
		fmt.Println(body(get("/shop/[[...slug]]", map[string]any{"GET": GET}, target)))
	}
	// Output:
	// has=false get="" values=[]
	// has=true get="a/b" values=["a" "b"]
}

// A func(w, r) handler, the shape of Next.js 16.5's own Go routes, reads
// its params with ParamsFrom.
func ExampleParamsFrom() {
	GET := func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "user %s", next.ParamsFrom(r).Get("id"))
	}

	fmt.Println(body(get("/users/[id]", map[string]any{"GET": GET}, "/users/9")))
	// Output:
	// user 9
}
