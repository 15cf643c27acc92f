package dev_test

// End-to-end tests of the behaviour contract in
// shared/spec/nextjs-route-handlers.md: Files and URLs, Methods, Request,
// Response, static files. Each test writes a real project, serves it with
// dev.Start and talks HTTP to it over loopback.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
)

// echoRoute answers its name and params as JSON, plus whether the param
// "slug" is present and its values (to tell an absent optional catch-all
// from an empty one).
func echoRoute(name string) string {
	return goRoute(`func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.JSON(map[string]any{
		"route":  "` + name + `",
		"params": ctx.Params,
		"has":    ctx.Params.Has("slug"),
		"values": ctx.Params.Values("slug"),
	})
}`)
}

// echoJSON is what echoRoute answers.
func echoJSON(name string, params map[string][]string) string {
	var slug []string
	has := false
	if v, ok := params["slug"]; ok {
		slug, has = v, true
	}
	var p any
	if params != nil {
		p = params
	}
	b, err := json.Marshal(map[string]any{"route": name, "params": p, "has": has, "values": slug})
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestFilesAndURLs(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/route.go":                     textRoute("root"),
		"app/about/route.go":               textRoute("about"),
		"app/users/[id]/route.go":          echoRoute("users/[id]"),
		"app/docs/[...slug]/route.go":      echoRoute("docs/[...slug]"),
		"app/opt/[[...slug]]/route.go":     echoRoute("opt/[[...slug]]"),
		"app/(marketing)/pricing/route.go": textRoute("pricing"),
		"app/_private/route.go":            textRoute("private"),
		"app/_private/secret/route.go":     textRoute("secret"),
		"app/@modal/photo/route.go":        textRoute("photo"),
		"app/prec/new/route.go":            textRoute("prec static"),
		"app/prec/[id]/route.go":           echoRoute("prec/[id]"),
		"app/prec/[...slug]/route.go":      echoRoute("prec/[...slug]"),
		"app/p2/[id]/route.go":             echoRoute("p2/[id]"),
		"app/p2/[[...slug]]/route.go":      echoRoute("p2/[[...slug]]"),
		"app/p3/route.go":                  textRoute("p3 level"),
		"app/p3/[...slug]/route.go":        echoRoute("p3/[...slug]"),
		"app/(shop)/cart/(inner)/route.go": textRoute("cart"),
		"app/users/[id]/posts/[pid]/route.go": goRoute(`func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.JSON(ctx.Params)
}`),
	})
	p := func(kv ...string) map[string][]string {
		m := map[string][]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = append(m[kv[i]], kv[i+1])
		}
		return m
	}
	cases := []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "root"},
		{"/about", 200, "about"},
		{"/users/42", 200, echoJSON("users/[id]", p("id", "42"))},
		{"/users/a%2Fb", 200, echoJSON("users/[id]", p("id", "a/b"))},
		{"/users/hello%20world", 200, echoJSON("users/[id]", p("id", "hello world"))},
		{"/users/caf%C3%A9", 200, echoJSON("users/[id]", p("id", "café"))},
		{"/users/42/posts/7", 200, `{"id":["42"],"pid":["7"]}`},
		{"/users/42/x", 404, ""},
		{"/users", 404, ""},
		{"/docs/a", 200, echoJSON("docs/[...slug]", p("slug", "a"))},
		{"/docs/a/b/c", 200, echoJSON("docs/[...slug]", p("slug", "a", "slug", "b", "slug", "c"))},
		{"/docs/a%2Fb/c%20d", 200, echoJSON("docs/[...slug]", p("slug", "a/b", "slug", "c d"))},
		{"/docs", 404, ""},
		{"/opt", 200, echoJSON("opt/[[...slug]]", nil)},
		{"/opt/a", 200, echoJSON("opt/[[...slug]]", p("slug", "a"))},
		{"/opt/a/b", 200, echoJSON("opt/[[...slug]]", p("slug", "a", "slug", "b"))},
		{"/pricing", 200, "pricing"},
		{"/(marketing)/pricing", 404, ""},
		{"/marketing/pricing", 404, ""},
		{"/cart", 200, "cart"},
		{"/_private", 404, ""},
		{"/_private/secret", 404, ""},
		{"/secret", 404, ""},
		{"/photo", 200, "photo"},
		{"/@modal/photo", 404, ""},
		{"/modal/photo", 404, ""},
		// Precedence: static, then [param], then [...rest], then [[...opt]].
		{"/prec/new", 200, "prec static"},
		{"/prec/other", 200, echoJSON("prec/[id]", p("id", "other"))},
		{"/prec/a/b", 200, echoJSON("prec/[...slug]", p("slug", "a", "slug", "b"))},
		{"/prec/new/x", 200, echoJSON("prec/[...slug]", p("slug", "new", "slug", "x"))},
		{"/p2/x", 200, echoJSON("p2/[id]", p("id", "x"))},
		{"/p2", 200, echoJSON("p2/[[...slug]]", nil)},
		{"/p2/x/y", 200, echoJSON("p2/[[...slug]]", p("slug", "x", "slug", "y"))},
		{"/p3", 200, "p3 level"},
		{"/p3/a", 200, echoJSON("p3/[...slug]", p("slug", "a"))},
		{"/nope", 404, ""},
		{"/nope/deeper", 404, ""},
	}
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.path, "/"), func(t *testing.T) {
			t.Parallel()
			r := a.get(t, c.path)
			if r.Status != c.status {
				t.Fatalf("GET %s: %s, want status %d", c.path, r, c.status)
			}
			if c.body != "" && r.Body != c.body {
				t.Fatalf("GET %s: body\n%s\nwant\n%s", c.path, r.Body, c.body)
			}
		})
	}

	t.Run("bad escapes", func(t *testing.T) {
		t.Parallel()
		// Sent raw: Go's client would refuse or re-escape these.
		for _, target := range []string{"/users/%ff", "/docs/a/%C3%28", "/opt/%80", "/about%ff"} {
			r := a.raw(t, "GET", target)
			expect(t, "GET "+target, r, 400)
			if r.gen() == 0 {
				t.Errorf("GET %s: answered by net/http, not devserver (no generation header)", target)
			}
		}
		// net/http itself rejects a malformed escape before any handler.
		expect(t, "GET /users/%zz", a.raw(t, "GET", "/users/%zz"), 400)
	})

	t.Run("trailing slash", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct{ target, loc string }{
			{"/about/", "/about"},
			{"/about/?q=1&r=a%20b", "/about?q=1&r=a%20b"},
			{"/users/a%2Fb/", "/users/a%2Fb"},
			{"/docs/a/b/", "/docs/a/b"},
		} {
			r := a.get(t, c.target)
			if r.Status != http.StatusPermanentRedirect || r.Header.Get("Location") != c.loc {
				t.Errorf("GET %s: %s Location %q, want 308 to %q", c.target, r, r.Header.Get("Location"), c.loc)
			}
		}
		// Paths a browser would have cleaned first go to their clean form.
		for _, c := range []struct{ target, loc string }{
			{"//about", "/about"},
			{"/about/.", "/about"},
			{"/users/../about?x=1", "/about?x=1"},
		} {
			r := a.raw(t, "GET", c.target)
			if r.Status != http.StatusPermanentRedirect || r.Header.Get("Location") != c.loc {
				t.Errorf("GET %s: %s Location %q, want 308 to %q", c.target, r, r.Header.Get("Location"), c.loc)
			}
		}
	})
}

func TestMethods(t *testing.T) {
	t.Parallel()
	methodFn := func(m string) string {
		return "func " + m + "(req *next.Request) *next.Response {\n\treturn next.NewResponse(\"" + strings.ToLower(m) + ":\" + req.Method, next.Init{Headers: http.Header{\"X-Handler\": {\"" + m + "\"}}})\n}\n"
	}
	var all strings.Builder
	for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		all.WriteString(methodFn(m))
	}
	a := startApp(t, map[string]string{
		"app/only-get/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.NewResponse("hello, get", next.Init{Headers: http.Header{"X-Route": {"yes"}}})
}`, "net/http"),
		"app/form/route.go":      goRoute(methodFn("GET")+methodFn("POST"), "net/http"),
		"app/all/route.go":       goRoute(all.String(), "net/http"),
		"app/post-only/route.go": goRoute(methodFn("POST"), "net/http"),
	})

	t.Run("each exported method runs its handler", func(t *testing.T) {
		t.Parallel()
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
			r := a.do(t, m, "/all", nil)
			want := strings.ToLower(m) + ":" + m
			if r.Status != 200 || r.Body != want || r.Header.Get("X-Handler") != m {
				t.Errorf("%s /all: %s X-Handler %q, want 200 %q", m, r, r.Header.Get("X-Handler"), want)
			}
		}
		r := a.do(t, "HEAD", "/all", nil)
		if r.Status != 200 || r.Body != "" || r.Header.Get("X-Handler") != "HEAD" {
			t.Errorf("HEAD /all: %s X-Handler %q, want the HEAD handler", r, r.Header.Get("X-Handler"))
		}
	})
	t.Run("405 with Allow", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct{ method, path, allow string }{
			{"POST", "/only-get", "GET, HEAD, OPTIONS"},
			{"DELETE", "/only-get", "GET, HEAD, OPTIONS"},
			{"PUT", "/form", "GET, HEAD, OPTIONS, POST"},
			{"GET", "/post-only", "OPTIONS, POST"},
			{"HEAD", "/post-only", "OPTIONS, POST"},
			{"FOO", "/only-get", "GET, HEAD, OPTIONS"},
		} {
			r := a.do(t, c.method, c.path, nil)
			if r.Status != 405 || r.Header.Get("Allow") != c.allow {
				t.Errorf("%s %s: %s Allow %q, want 405 with Allow %q", c.method, c.path, r, r.Header.Get("Allow"), c.allow)
			}
			if c.method != "HEAD" && r.Body == "" {
				t.Errorf("%s %s: 405 without a body", c.method, c.path)
			}
		}
	})
	t.Run("automatic OPTIONS", func(t *testing.T) {
		t.Parallel()
		for path, allow := range map[string]string{
			"/form":      "GET, HEAD, OPTIONS, POST",
			"/only-get":  "GET, HEAD, OPTIONS",
			"/post-only": "OPTIONS, POST",
		} {
			r := a.do(t, "OPTIONS", path, nil)
			if r.Status != 204 || r.Header.Get("Allow") != allow || r.Body != "" {
				t.Errorf("OPTIONS %s: %s Allow %q, want 204 with Allow %q", path, r, r.Header.Get("Allow"), allow)
			}
		}
	})
	t.Run("HEAD from GET", func(t *testing.T) {
		t.Parallel()
		g := a.get(t, "/only-get")
		h := a.do(t, "HEAD", "/only-get", nil)
		if g.Status != 200 || g.Body != "hello, get" {
			t.Fatalf("GET /only-get: %s", g)
		}
		if h.Status != 200 || h.Body != "" {
			t.Fatalf("HEAD /only-get: %s, want 200 without a body", h)
		}
		for _, k := range []string{"Content-Length", "Content-Type", "X-Route"} {
			if h.Header.Get(k) == "" || h.Header.Get(k) != g.Header.Get(k) {
				t.Errorf("HEAD %s = %q, GET %s = %q", k, h.Header.Get(k), k, g.Header.Get(k))
			}
		}
		if h.Header.Get("Content-Length") != strconv.Itoa(len("hello, get")) {
			t.Errorf("HEAD Content-Length = %q", h.Header.Get("Content-Length"))
		}
	})
}

func TestWarningsAreLogged(t *testing.T) {
	t.Parallel()
	var logs apptest.LockedBuffer
	a := startApp(t, map[string]string{
		"app/lower/route.go": goRoute(`func get(req *next.Request) *next.Response { return next.NewResponse("x") }`),
		"app/ok/route.go":    textRoute("ok"),
	}, func(o *dev.Options) { o.Logger = newLogger(&logs) })
	expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")
	// No handler exported: nothing but OPTIONS answers.
	r := a.get(t, "/lower")
	if r.Status != 405 || r.Header.Get("Allow") != "OPTIONS" {
		t.Errorf("GET /lower: %s Allow %q, want 405 with Allow OPTIONS", r, r.Header.Get("Allow"))
	}
	out := logs.String()
	for _, want := range []string{"lower/route.go", "func get is not a handler", "exports no route handler"} {
		if !strings.Contains(out, want) {
			t.Errorf("log does not contain %q:\n%s", want, out)
		}
	}
}

func TestRequest(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/req/headers/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]any{
		"method": req.Method,
		"x":      req.Headers.Get("X-Test"),
		"multi":  req.Headers.Values("X-Multi"),
		"absent": req.Headers.Get("X-Absent"),
	})
}`),
		"app/req/cookies/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	out := map[string]any{
		"len":  req.Cookies.Len(),
		"hasB": req.Cookies.Has("b"),
		"hasZ": req.Cookies.Has("z"),
		"all":  len(req.Cookies.GetAll()),
	}
	if c, ok := req.Cookies.Get("a"); ok {
		out["a"] = c.Value
	}
	allA := []string{}
	for _, c := range req.Cookies.GetAll("a") {
		allA = append(allA, c.Value)
	}
	out["allA"] = allA
	return next.JSON(out)
}`),
		"app/req/url/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	u := req.NextURL
	return next.JSON(map[string]any{
		"pathname": u.Pathname,
		"search":   u.SearchParams,
		"origin":   u.Origin,
		"href":     u.Href,
		"string":   u.String(),
	})
}`),
		"app/req/[id]/url/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.NewResponse(req.NextURL.Pathname)
}`),
		"app/req/json/route.go": goRoute(`func POST(req *next.Request) (*next.Response, error) {
	var v map[string]any
	if err := req.JSON(&v); err != nil {
		return nil, err
	}
	text, err := req.Text()
	if err != nil {
		return nil, err
	}
	b, err := req.Bytes()
	if err != nil {
		return nil, err
	}
	var again map[string]any
	if err := req.JSON(&again); err != nil {
		return nil, err
	}
	return next.JSON(map[string]any{"parsed": v, "text": text, "len": len(b), "again": again["n"]}), nil
}`),
		"app/req/bytes/route.go": goRoute(`func PUT(req *next.Request) (*next.Response, error) {
	b, err := req.Bytes()
	if err != nil {
		return nil, err
	}
	return next.NewResponse(append([]byte("got "), b...)), nil
}`),
		"app/req/form/route.go": goRoute(`func POST(req *next.Request) (*next.Response, error) {
	f, err := req.FormData()
	if err != nil {
		return nil, err
	}
	out := map[string]any{"a": f.GetAll("a"), "b": f.Get("b"), "hasFile": f.Has("upload"), "hasNope": f.Has("nope")}
	if fh, ok := f.File("upload"); ok {
		file, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer file.Close()
		data, err := io.ReadAll(file)
		if err != nil {
			return nil, err
		}
		out["filename"] = fh.Filename
		out["size"] = fh.Size
		out["content"] = string(data)
	}
	text, err := req.Text()
	if err != nil {
		return nil, err
	}
	out["textLen"] = len(text)
	return next.JSON(out), nil
}`, "io"),
		"app/req/setcookie/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	req.Cookies.Set(&http.Cookie{Name: "sess", Value: "abc"})
	req.Cookies.Delete("old")
	c, _ := req.Cookies.Get("sess")
	res := next.JSON(map[string]any{"sess": c.Value, "hasOld": req.Cookies.Has("old")})
	res.Cookies.Set(&http.Cookie{Name: "own", Value: "1"})
	return res
}`, "net/http"),
		// /req/wait blocks until the client goes away; /req/waited reports
		// what it saw, through a package shared by both routes.
		"internal/waits/waits.go": `package waits

import "sync"

var (
	mu    sync.Mutex
	state = "idle"
)

func Set(s string) { mu.Lock(); state = s; mu.Unlock() }
func Get() string  { mu.Lock(); defer mu.Unlock(); return state }
`,
		"app/req/wait/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	waits.Set("started")
	select {
	case <-req.Context().Done():
		waits.Set("cancelled")
	case <-time.After(30 * time.Second):
		waits.Set("timed out")
	}
	return next.NewResponse("done")
}`, "time", "example.com/app/internal/waits"),
		"app/req/waited/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse(waits.Get()) }`, "example.com/app/internal/waits"),
	})

	t.Run("headers", func(t *testing.T) {
		t.Parallel()
		r := a.get(t, "/req/headers", "X-Test", "hello", "X-Multi", "1", "X-Multi", "2")
		want := `{"absent":"","method":"GET","multi":["1","2"],"x":"hello"}`
		if r.Status != 200 || r.Body != want {
			t.Fatalf("got %s, want %s", r, want)
		}
	})
	t.Run("cookies", func(t *testing.T) {
		t.Parallel()
		r := a.get(t, "/req/cookies", "Cookie", "a=1; b=2; a=3")
		want := `{"a":"1","all":3,"allA":["1","3"],"hasB":true,"hasZ":false,"len":3}`
		if r.Status != 200 || r.Body != want {
			t.Fatalf("got %s, want %s", r, want)
		}
		r = a.get(t, "/req/cookies")
		want = `{"all":0,"allA":[],"hasB":false,"hasZ":false,"len":0}`
		if r.Status != 200 || r.Body != want {
			t.Fatalf("no cookies: got %s, want %s", r, want)
		}
	})
	t.Run("malformed cookie header", func(t *testing.T) {
		t.Parallel()
		// Sent raw: Go's client refuses control characters in headers.
		for _, h := range []string{`a=1; =bad; b=2; "quoted; c`, `;;;===;`, `a=1;;b=2`, "a=\xff\xfe; b=2", "b=2; " + strings.Repeat("x", 5000)} {
			r := a.raw(t, "GET", "/req/cookies", "Cookie: "+h)
			if r.Status != 200 {
				t.Errorf("Cookie %q: %s", h, r)
				continue
			}
			if strings.Contains(h, "b=2") && !strings.Contains(r.Body, `"hasB":true`) {
				t.Errorf("Cookie %q: the valid cookie b was lost: %s", h, r)
			}
		}
		expect(t, "after malformed cookies", a.get(t, "/req/headers"), 200)
	})
	t.Run("nextUrl", func(t *testing.T) {
		t.Parallel()
		r := a.get(t, "/req/url?a=1&a=2&b=x%20y&c=")
		want := marshal(map[string]any{
			"pathname": "/req/url",
			"search":   map[string][]string{"a": {"1", "2"}, "b": {"x y"}, "c": {""}},
			"origin":   a.URL,
			"href":     a.URL + "/req/url?a=1&a=2&b=x%20y&c=",
			"string":   a.URL + "/req/url?a=1&a=2&b=x%20y&c=",
		})
		if r.Status != 200 || r.Body != want {
			t.Fatalf("got %s\nwant %s", r, want)
		}
		r = a.get(t, "/req/url", "Host", "example.test:8080")
		if got := r.jsonBody(t)["origin"]; got != "http://example.test:8080" {
			t.Errorf("origin with Host example.test:8080 = %v", got)
		}
		r = a.get(t, "/req/a%20b/url")
		if r.Status != 200 || r.Body != "/req/a b/url" {
			t.Errorf("pathname of /req/a%%20b/url: %s, want the decoded path", r)
		}
	})
	t.Run("JSON then Text then Bytes then JSON", func(t *testing.T) {
		t.Parallel()
		body := `{"n": 42, "s": "héllo"}`
		r := a.post(t, "/req/json", "application/json", body)
		want, _ := json.Marshal(map[string]any{"parsed": map[string]any{"n": 42, "s": "héllo"}, "text": body, "len": len(body), "again": 42})
		if r.Status != 200 || r.Body != string(want) {
			t.Fatalf("got %s, want %s", r, want)
		}
	})
	t.Run("invalid JSON body is the handler's error", func(t *testing.T) {
		t.Parallel()
		r := a.post(t, "/req/json", "application/json", `{"n":`)
		expect(t, "POST /req/json", r, 500, "app/req/json/route.go", "POST", "decode JSON body")
		r = a.post(t, "/req/json", "application/json", "")
		expect(t, "POST /req/json (empty)", r, 500, "app/req/json/route.go", "body is empty")
	})
	t.Run("bytes", func(t *testing.T) {
		t.Parallel()
		payload := string([]byte{0, 1, 2, 0xff, 'z'})
		r := a.do(t, "PUT", "/req/bytes", strings.NewReader(payload))
		if r.Status != 200 || r.Body != "got "+payload {
			t.Fatalf("got %s", r)
		}
	})
	t.Run("form urlencoded", func(t *testing.T) {
		t.Parallel()
		body := "a=1&a=2&b=x+y%21"
		r := a.post(t, "/req/form", "application/x-www-form-urlencoded", body)
		want, _ := json.Marshal(map[string]any{"a": []string{"1", "2"}, "b": "x y!", "hasFile": false, "hasNope": false, "textLen": len(body)})
		if r.Status != 200 || r.Body != string(want) {
			t.Fatalf("got %s, want %s", r, want)
		}
	})
	t.Run("form multipart with a file", func(t *testing.T) {
		t.Parallel()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("a", "first")
		_ = mw.WriteField("b", "second")
		fw, err := mw.CreateFormFile("upload", "notes.txt")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte("file contents\n"))
		if err := mw.Close(); err != nil {
			t.Fatal(err)
		}
		n := buf.Len()
		r := a.post(t, "/req/form", mw.FormDataContentType(), buf.String())
		want, _ := json.Marshal(map[string]any{"a": []string{"first"}, "b": "second", "hasFile": true, "hasNope": false,
			"filename": "notes.txt", "size": 14, "content": "file contents\n", "textLen": n})
		if r.Status != 200 || r.Body != string(want) {
			t.Fatalf("got %s, want %s", r, want)
		}
	})
	t.Run("form with a wrong content type is the handler's error", func(t *testing.T) {
		t.Parallel()
		r := a.post(t, "/req/form", "text/plain", "a=1")
		expect(t, "POST /req/form text/plain", r, 500, "app/req/form/route.go", "neither application/x-www-form-urlencoded nor multipart/form-data")
	})
	t.Run("request cookie store reaches the response", func(t *testing.T) {
		t.Parallel()
		r := a.get(t, "/req/setcookie", "Cookie", "old=1; keep=2")
		if r.Status != 200 || r.Body != `{"hasOld":false,"sess":"abc"}` {
			t.Fatalf("got %s", r)
		}
		cs := map[string]*http.Cookie{}
		for _, c := range r.raw.Cookies() {
			cs[c.Name] = c
		}
		if c := cs["sess"]; c == nil || c.Value != "abc" || c.Path != "/" {
			t.Errorf("Set-Cookie sess: %+v (headers %q)", c, r.Header.Values("Set-Cookie"))
		}
		if c := cs["old"]; c == nil || c.Value != "" || c.MaxAge >= 0 {
			t.Errorf("Set-Cookie old: %+v, want it expired (headers %q)", c, r.Header.Values("Set-Cookie"))
		}
		if c := cs["own"]; c == nil || c.Value != "1" {
			t.Errorf("Set-Cookie own: %+v (headers %q)", c, r.Header.Values("Set-Cookie"))
		}
		if _, ok := cs["keep"]; ok {
			t.Errorf("an untouched request cookie was sent back: %q", r.Header.Values("Set-Cookie"))
		}
	})
	t.Run("context is cancelled when the client goes away", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", a.URL+"/req/wait", nil)
			res, err := client.Do(req)
			if err == nil {
				res.Body.Close()
			}
			done <- err
		}()
		a.waitBody(t, "/req/waited", "started")
		cancel()
		<-done
		a.waitBody(t, "/req/waited", "cancelled")
	})
}

func TestResponse(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/res/json/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]any{"a": "<b>&", "n": 1}, next.Init{Status: 201, Headers: http.Header{"X-Custom": {"yes"}}})
}`, "net/http"),
		"app/res/json-type/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.JSON([]int{1, 2}, next.Init{Headers: http.Header{"Content-Type": {"application/vnd.api+json"}}})
}`, "net/http"),
		"app/res/json-bad/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]any{"ch": make(chan int)})
}`),
		"app/res/string/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse("hello") }`),
		"app/res/bytes/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.NewResponse([]byte{0, 1, 2}, next.Init{Status: 202, Headers: http.Header{"Content-Type": {"application/octet-stream"}}})
}`, "net/http"),
		"app/res/reader/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.NewResponse(io.MultiReader(strings.NewReader("ab"), strings.NewReader("cd")))
}`, "io", "strings"),
		"app/res/custom-reader/route.go": goRoute(`type countdown struct{ n int }

func (c *countdown) Read(p []byte) (int, error) {
	if c.n == 0 {
		return 0, io.EOF
	}
	p[0] = byte('0' + c.n)
	c.n--
	return 1, nil
}

func GET(req *next.Request) *next.Response {
	var r io.Reader = &countdown{n: 3}
	return next.NewResponse(r)
}`, "io"),
		"app/res/bad-body/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse(42) }`),
		"app/res/nil/route.go":      goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse(nil, next.Init{Status: 202}) }`),
		"app/res/nil200/route.go":   goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse(nil) }`),
		"app/res/redirect/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.Redirect("/about?x=1") }`),
		"app/res/redirect308/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.Redirect("https://example.com/elsewhere", 308)
}`),
		"app/res/redirect303/route.go": goRoute(`func POST(req *next.Request) *next.Response { return next.Redirect("/done", http.StatusSeeOther) }`, "net/http"),
		"app/res/permanent/route.go":   goRoute(`func GET(req *next.Request) *next.Response { return next.PermanentRedirect("/new") }`),
		"app/res/bad-redirect/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.Redirect("/x", 200)
}`),
		"app/res/notfound/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.NotFound() }`),
		"app/res/cookies/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	res := next.NewResponse("cookies")
	res.Cookies.Set(&http.Cookie{Name: "r", Value: "first", HttpOnly: true})
	res.Cookies.Set(&http.Cookie{Name: "a", Value: "1", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
	res.Cookies.Set(&http.Cookie{Name: "p", Value: "2", Path: "/docs", Domain: "example.com",
		Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), SameSite: http.SameSiteStrictMode})
	res.Cookies.Set(&http.Cookie{Name: "n", Value: "3", Secure: true, SameSite: http.SameSiteNoneMode, Partitioned: true})
	res.Cookies.Set(&http.Cookie{Name: "r", Value: "second"})
	res.Cookies.Delete("old")
	res.Headers.Set("X-One", "1")
	res.Headers.Add("X-Many", "a")
	res.Headers.Add("X-Many", "b")
	return res
}`, "net/http", "time"),
		// The stream sends one event, then waits for /res/release before the
		// second: the first can only arrive if it was flushed.
		"internal/gate/gate.go": `package gate

var Open = make(chan struct{})
`,
		"app/res/stream/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte("data: first\n\n"))
		select {
		case <-gate.Open:
			pw.Write([]byte("data: second\n\n"))
		case <-req.Context().Done():
		}
		pw.Close()
	}()
	return next.NewResponse(pr, next.Init{Headers: http.Header{"Content-Type": {"text/event-stream"}}})
}`, "io", "net/http", "example.com/app/internal/gate"),
		"app/res/release/route.go": goRoute(`func POST(req *next.Request) *next.Response {
	close(gate.Open)
	return next.NewResponse("released")
}`, "example.com/app/internal/gate"),
	})

	t.Run("JSON with Init", func(t *testing.T) {
		t.Parallel()
		r := a.get(t, "/res/json")
		if r.Status != 201 || r.Body != `{"a":"<b>&","n":1}` {
			t.Fatalf("got %s", r)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		if h := r.Header.Get("X-Custom"); h != "yes" {
			t.Errorf("X-Custom %q", h)
		}
		if cl := r.Header.Get("Content-Length"); cl != strconv.Itoa(len(r.Body)) {
			t.Errorf("Content-Length %q", cl)
		}
		r = a.get(t, "/res/json-type")
		if r.Status != 200 || r.Body != "[1,2]" || r.Header.Get("Content-Type") != "application/vnd.api+json" {
			t.Errorf("JSON with its own Content-Type: %s %q", r, r.Header.Get("Content-Type"))
		}
		expect(t, "unencodable JSON", a.get(t, "/res/json-bad"), 500, "app/res/json-bad/route.go", "next.JSON", "unsupported type")
	})
	t.Run("NewResponse bodies", func(t *testing.T) {
		t.Parallel()
		r := a.get(t, "/res/string")
		if r.Status != 200 || r.Body != "hello" || r.Header.Get("Content-Type") != "text/plain; charset=utf-8" || r.Header.Get("Content-Length") != "5" {
			t.Errorf("string: %s %v", r, r.Header)
		}
		r = a.get(t, "/res/bytes")
		if r.Status != 202 || r.Body != "\x00\x01\x02" || r.Header.Get("Content-Type") != "application/octet-stream" || r.Header.Get("Content-Length") != "3" {
			t.Errorf("[]byte: %s %v", r, r.Header)
		}
		r = a.get(t, "/res/reader")
		if r.Status != 200 || r.Body != "abcd" || r.raw.ContentLength != -1 {
			t.Errorf("io.Reader: %s ContentLength %d, want streamed abcd", r, r.raw.ContentLength)
		}
		r = a.get(t, "/res/custom-reader")
		if r.Status != 200 || r.Body != "321" {
			t.Errorf("reader type defined in the route: %s", r)
		}
		r = a.get(t, "/res/nil")
		if r.Status != 202 || r.Body != "" {
			t.Errorf("nil with status 202: %s", r)
		}
		r = a.get(t, "/res/nil200")
		if r.Status != 200 || r.Body != "" {
			t.Errorf("nil: %s", r)
		}
		expect(t, "body of type int", a.get(t, "/res/bad-body"), 500, "app/res/bad-body/route.go", "body of type int")
	})
	t.Run("redirects", func(t *testing.T) {
		t.Parallel()
		for _, c := range []struct {
			method, path string
			status       int
			loc          string
		}{
			{"GET", "/res/redirect", 307, "/about?x=1"},
			{"GET", "/res/redirect308", 308, "https://example.com/elsewhere"},
			{"POST", "/res/redirect303", 303, "/done"},
			{"GET", "/res/permanent", 308, "/new"},
		} {
			r := a.do(t, c.method, c.path, nil)
			if r.Status != c.status || r.Header.Get("Location") != c.loc {
				t.Errorf("%s: %s Location %q, want %d to %q", c.path, r, r.Header.Get("Location"), c.status, c.loc)
			}
		}
		r := a.get(t, "/res/bad-redirect")
		expect(t, "redirect with status 200", r, 500, "app/res/bad-redirect/route.go", "GET", "status must be 301, 302, 303, 307 or 308")
		if r.Header.Get("Location") != "" {
			t.Errorf("a failed redirect still sent Location %q", r.Header.Get("Location"))
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		t.Parallel()
		expect(t, "NotFound", a.get(t, "/res/notfound"), 404, "404 page not found")
	})
	t.Run("cookies and headers", func(t *testing.T) {
		t.Parallel()
		r := a.get(t, "/res/cookies")
		if r.Status != 200 || r.Body != "cookies" {
			t.Fatalf("got %s", r)
		}
		set := r.Header.Values("Set-Cookie")
		want := []string{
			"a=1; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax",
			"p=2; Path=/docs; Domain=example.com; Expires=Wed, 02 Jan 2030 03:04:05 GMT; SameSite=Strict",
			"n=3; Path=/; Secure; SameSite=None; Partitioned",
			"r=second; Path=/",
			"old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0",
		}
		if strings.Join(set, "\n") != strings.Join(want, "\n") {
			t.Errorf("Set-Cookie:\n%s\nwant:\n%s", strings.Join(set, "\n"), strings.Join(want, "\n"))
		}
		if r.Header.Get("X-One") != "1" || strings.Join(r.Header.Values("X-Many"), ",") != "a,b" {
			t.Errorf("headers: %v", r.Header)
		}
		// As a client parses them.
		cs := map[string]*http.Cookie{}
		for _, c := range r.raw.Cookies() {
			cs[c.Name] = c
		}
		if c := cs["a"]; c == nil || c.Value != "1" || c.Path != "/" || c.MaxAge != 60 || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("cookie a: %+v", c)
		}
		if c := cs["old"]; c == nil || c.Value != "" || c.MaxAge >= 0 || !c.Expires.Before(time.Unix(1, 0)) {
			t.Errorf("cookie old is not expired: %+v", c)
		}
	})
	t.Run("streaming body is flushed as written", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", a.URL+"/res/stream", nil)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.Header.Get("Content-Type") != "text/event-stream" {
			t.Errorf("Content-Type %q", res.Header.Get("Content-Type"))
		}
		br := bufio.NewReader(res.Body)
		readEvent := func() string {
			var ev strings.Builder
			for {
				line, err := br.ReadString('\n')
				if err != nil {
					t.Fatalf("reading the stream: %v (so far %q)", err, ev.String())
				}
				if line == "\n" {
					return ev.String()
				}
				ev.WriteString(line)
			}
		}
		// The handler has not finished: it waits for /res/release.
		if ev := readEvent(); ev != "data: first\n" {
			t.Fatalf("first event %q", ev)
		}
		expect(t, "POST /res/release", a.do(t, "POST", "/res/release", nil), 200, "released")
		if ev := readEvent(); ev != "data: second\n" {
			t.Fatalf("second event %q", ev)
		}
	})
}

func TestHandlerShapes(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/s1/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse("s1 " + req.Method) }`),
		"app/s2/route.go": goRoute(`func GET(req *next.Request) (*next.Response, error) { return next.NewResponse("s2"), nil }`),
		"app/s3/[id]/route.go": goRoute(`func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.NewResponse("s3 " + ctx.Params.Get("id"))
}`),
		"app/s4/[id]/route.go": goRoute(`func GET(req *next.Request, ctx next.RouteContext) (*next.Response, error) {
	return next.NewResponse("s4 " + ctx.Params.Get("id")), nil
}`),
		"app/s5/[...slug]/route.go": goRoute(`func GET(w http.ResponseWriter, r *http.Request) {
	p := next.ParamsFrom(r)
	w.Header().Set("X-Plain", "yes")
	w.WriteHeader(203)
	fmt.Fprintf(w, "s5 %s %d", p.Get("slug"), len(p.Values("slug")))
}`, "fmt", "net/http"),
		"app/s5-static/route.go": goRoute(`func GET(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "params=%v", next.ParamsFrom(r) == nil)
}`, "fmt", "net/http"),
		"app/wrong/route.go": goRoute(`func GET() string { return "nope" }`),
		"app/wrong-post/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse("fine") }

func POST(req *next.Request) int { return 1 }`),
		"app/err/route.go": goRoute(`func GET(req *next.Request) (*next.Response, error) {
	return nil, errors.New("database is down")
}`, "errors"),
		"app/nilres/route.go": goRoute(`func GET(req *next.Request) *next.Response { return nil }

func DELETE(req *next.Request, ctx next.RouteContext) (*next.Response, error) { return nil, nil }`),
		"app/ok/route.go": textRoute("ok"),
	})
	for path, want := range map[string]string{
		"/s1":        "s1 GET",
		"/s2":        "s2",
		"/s3/x":      "s3 x",
		"/s4/y":      "s4 y",
		"/s5-static": "params=true",
	} {
		if r := a.get(t, path); r.Status != 200 || r.Body != want {
			t.Errorf("GET %s: %s, want %q", path, r, want)
		}
	}
	r := a.get(t, "/s5/a%2Fb/c")
	if r.Status != 203 || r.Body != "s5 a/b/c 2" || r.Header.Get("X-Plain") != "yes" {
		t.Errorf("plain net/http handler: %s %v", r, r.Header)
	}
	shapes := []string{
		"func(*next.Request) *next.Response",
		"func(*next.Request) (*next.Response, error)",
		"func(*next.Request, next.RouteContext) *next.Response",
		"func(*next.Request, next.RouteContext) (*next.Response, error)",
		"func(http.ResponseWriter, *http.Request)",
	}
	for _, accept := range []string{"", "text/html"} {
		r = a.get(t, "/wrong", "Accept", accept)
		r.Body = html.UnescapeString(r.Body)
		expect(t, "wrong shape (Accept "+accept+")", r, 500, append([]string{"app/wrong/route.go", "GET", "func() string"}, shapes...)...)
	}
	// One bad handler poisons its route file, and only it.
	expect(t, "GET with a bad POST beside it", a.get(t, "/wrong-post"), 500, "app/wrong-post/route.go", "POST", "func(*next.Request) int")
	expect(t, "returned error", a.get(t, "/err"), 500, "app/err/route.go", "GET", "database is down")
	expect(t, "nil response", a.get(t, "/nilres"), 500, "app/nilres/route.go", "GET", "no response")
	expect(t, "nil response and nil error", a.do(t, "DELETE", "/nilres", nil), 500, "app/nilres/route.go", "DELETE", "no response")
	expect(t, "unrelated route", a.get(t, "/ok"), 200, "ok")
}

func TestStaticFiles(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"secret.txt":               "TOP SECRET",
		"app/secret.txt":           "TOP SECRET",
		"public/hello.txt":         "hello static",
		"public/css/site.css":      "body{}",
		"public/about":             "the public about",
		"public/users/special.txt": "special file",
		"public/a b.txt":           "spaced",
		"app/about/route.go":       textRoute("route about"),
		"app/users/[id]/route.go":  echoRoute("users/[id]"),
	})
	if err := os.Symlink(filepath.Join(a.Dir, "secret.txt"), a.path("public/link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(a.Dir, a.path("public/up")); err != nil {
		t.Fatal(err)
	}

	r := a.get(t, "/hello.txt")
	if r.Status != 200 || r.Body != "hello static" || r.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("/hello.txt: %s %q", r, r.Header.Get("Content-Type"))
	}
	r = a.get(t, "/css/site.css")
	if r.Status != 200 || r.Body != "body{}" || r.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("/css/site.css: %s %q", r, r.Header.Get("Content-Type"))
	}
	r = a.get(t, "/a%20b.txt")
	if r.Status != 200 || r.Body != "spaced" {
		t.Errorf("/a%%20b.txt: %s", r)
	}
	r = a.do(t, "HEAD", "/hello.txt", nil)
	if r.Status != 200 || r.Body != "" || r.Header.Get("Content-Length") != "12" {
		t.Errorf("HEAD /hello.txt: %s %v", r, r.Header)
	}
	if r := a.get(t, "/about"); r.Status != 200 || r.Body != "route about" {
		t.Errorf("a static route must win over public/about: %s", r)
	}
	if r := a.get(t, "/users/special.txt"); r.Status != 200 || r.Body != "special file" {
		t.Errorf("public/ is checked before dynamic routes: %s", r)
	}
	if r := a.get(t, "/users/42"); r.Status != 200 || r.Body != echoJSON("users/[id]", map[string][]string{"id": {"42"}}) {
		t.Errorf("/users/42: %s", r)
	}
	for _, p := range []string{"/css", "/users", "/nope.txt"} {
		expect(t, "GET "+p+" (no directory listing)", a.get(t, p), 404)
	}

	leaks := func(r resp) bool {
		return strings.Contains(r.Body, "TOP SECRET") || strings.Contains(r.Body, "module example.com/app")
	}
	for _, target := range []string{
		"/../go.mod",
		"/../secret.txt",
		"/css/../../go.mod",
		"/%2e%2e/go.mod",
		"/%2E%2E/secret.txt",
		"/css/%2e%2e/%2e%2e/secret.txt",
		"/..%2fgo.mod",
		"/..%2Fsecret.txt",
		"/%2e%2e%2f%2e%2e%2fsecret.txt",
		`/..\go.mod`,
		`/..\secret.txt`,
		"/%2e%2e%5cgo.mod",
		"/..%5csecret.txt",
		"/hello.txt%00",
		"/%00/../go.mod",
		"/%00..%2fgo.mod",
		"/link.txt",
		"/up/secret.txt",
		"/up/go.mod",
		"/%252e%252e/go.mod",
	} {
		r := a.raw(t, "GET", target)
		if leaks(r) {
			t.Errorf("GET %s served a file outside public/: %s", target, r)
			continue
		}
		switch r.Status {
		case 400, 404:
		case 308:
			// A dot-segment path is sent to its clean form; that must not
			// leak either.
			loc := r.Header.Get("Location")
			if r2 := a.raw(t, "GET", loc); leaks(r2) || r2.Status == 200 {
				t.Errorf("GET %s → 308 %s → %s", target, loc, r2)
			}
		default:
			t.Errorf("GET %s: %s, want 400, 404 or a redirect", target, r)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/big/route.go": goRoute(`func POST(req *next.Request) (*next.Response, error) {
	var v any
	if err := req.JSON(&v); err != nil {
		return nil, err
	}
	return next.JSON(v), nil
}

func PUT(req *next.Request) (*next.Response, error) {
	s, err := req.Text()
	if err != nil {
		return nil, err
	}
	return next.NewResponse(fmt.Sprint(len(s))), nil
}`, "fmt"),
	}, func(o *dev.Options) { o.MaxBody = 1024 })
	small := `{"a":"` + strings.Repeat("x", 100) + `"}`
	if r := a.post(t, "/big", "application/json", small); r.Status != 200 || r.Body != small {
		t.Fatalf("small body: %s", r)
	}
	big := `{"a":"` + strings.Repeat("x", 4096) + `"}`
	expect(t, "POST 4 KB JSON with a 1 KB limit", a.post(t, "/big", "application/json", big), 413)
	expect(t, "PUT 4 KB text with a 1 KB limit", a.do(t, "PUT", "/big", strings.NewReader(big)), 413)
	exact := strings.Repeat("y", 1024)
	if r := a.do(t, "PUT", "/big", strings.NewReader(exact)); r.Status != 200 || r.Body != "1024" {
		t.Errorf("a body of exactly the limit: %s", r)
	}
}

const storeGo = `package store

import "sync"

type User struct {
	ID   int    ` + "`json:\"id\"`" + `
	Name string ` + "`json:\"name\"`" + `
}

var (
	mu    sync.Mutex
	users = map[int]User{}
	next  = 1
)

func Add(name string) User {
	mu.Lock()
	defer mu.Unlock()
	u := User{ID: next, Name: name}
	users[u.ID] = u
	next++
	return u
}

func Get(id int) (User, bool) {
	mu.Lock()
	defer mu.Unlock()
	u, ok := users[id]
	return u, ok
}
`

// storeApp is a project whose two routes share internal/store.
func storeApp() map[string]string {
	return map[string]string{
		"internal/store/store.go": storeGo,
		"app/api/users/route.go": goRoute(`func POST(req *next.Request) (*next.Response, error) {
	var in struct{ Name string }
	if err := req.JSON(&in); err != nil {
		return nil, err
	}
	return next.JSON(store.Add(in.Name), next.Init{Status: 201}), nil
}`, "example.com/app/internal/store"),
		"app/api/users/[id]/route.go": goRoute(`func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	id, err := strconv.Atoi(ctx.Params.Get("id"))
	if err != nil {
		return next.JSON(map[string]string{"error": "bad id"}, next.Init{Status: 400})
	}
	u, ok := store.Get(id)
	if !ok {
		return next.NotFound()
	}
	return next.JSON(u)
}`, "strconv", "example.com/app/internal/store"),
	}
}

func TestSharedPackage(t *testing.T) {
	t.Parallel()
	a := startApp(t, storeApp())
	expect(t, "GET before POST", a.get(t, "/api/users/1"), 404)
	if r := a.post(t, "/api/users", "application/json", `{"name":"ann"}`); r.Status != 201 || r.Body != `{"id":1,"name":"ann"}` {
		t.Fatalf("POST /api/users: %s", r)
	}
	if r := a.post(t, "/api/users", "application/json", `{"name":"bob"}`); r.Status != 201 || r.Body != `{"id":2,"name":"bob"}` {
		t.Fatalf("POST /api/users: %s", r)
	}
	if r := a.get(t, "/api/users/1"); r.Status != 200 || r.Body != `{"id":1,"name":"ann"}` {
		t.Errorf("GET /api/users/1: %s", r)
	}
	if r := a.get(t, "/api/users/2"); r.Status != 200 || r.Body != `{"id":2,"name":"bob"}` {
		t.Errorf("GET /api/users/2: %s", r)
	}
	expect(t, "GET /api/users/x", a.get(t, "/api/users/x"), 400, "bad id")
}

func TestConflicts(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/ok/route.go":             textRoute("ok"),
		"app/c1/[id]/route.go":        textRoute("c1 id"),
		"app/c1/[userId]/route.go":    textRoute("c1 userId"),
		"app/c1/static/route.go":      textRoute("c1 static"),
		"app/c2/[id]/x/[id]/route.go": textRoute("c2"),
		"app/c3/[...a]/x/route.go":    textRoute("c3"),
		"app/c4/[...a]/route.go":      textRoute("c4 required"),
		"app/c4/[[...b]]/route.go":    textRoute("c4 optional"),
		"app/shop/route.go":           textRoute("shop"),
		"app/shop/[[...s]]/route.go":  textRoute("shop optional"),
		"app/(a)/dup/route.go":        textRoute("dup a"),
		"app/(b)/dup/route.go":        textRoute("dup b"),
		"app/@slot/twice/route.go":    textRoute("twice slot"),
		"app/twice/route.go":          textRoute("twice"),
		"app/both/route.go":           textRoute("both route"),
		"app/both/page.html":          "<p>both page</p>",
		"app/(g)/mixed/page.html":     "<p>mixed page</p>",
		"app/(h)/mixed/route.go":      textRoute("mixed route"),
	})
	cases := []struct {
		paths []string
		files []string
	}{
		{[]string{"/c1/x"}, []string{"app/c1/[id]/route.go", "app/c1/[userId]/route.go"}},
		{[]string{"/c2/a/x/b"}, []string{"app/c2/[id]/x/[id]/route.go", "used twice"}},
		{[]string{"/c3/q/x", "/c3/q/r/x"}, []string{"app/c3/[...a]/x/route.go", "must be the last segment"}},
		{[]string{"/c4/z", "/c4/z/y"}, []string{"app/c4/[...a]/route.go", "app/c4/[[...b]]/route.go"}},
		{[]string{"/shop", "/shop/x"}, []string{"app/shop/route.go", "app/shop/[[...s]]/route.go"}},
		{[]string{"/dup"}, []string{"app/(a)/dup/route.go", "app/(b)/dup/route.go"}},
		{[]string{"/twice"}, []string{"app/@slot/twice/route.go", "app/twice/route.go"}},
		{[]string{"/both"}, []string{"app/both/route.go", "app/both/page.html"}},
		{[]string{"/mixed"}, []string{"app/(h)/mixed/route.go", "app/(g)/mixed/page.html"}},
	}
	for _, c := range cases {
		for _, p := range c.paths {
			for _, accept := range []string{"", "text/html"} {
				r := a.get(t, p, "Accept", accept)
				expect(t, "GET "+p+" (Accept "+accept+")", r, 500, c.files...)
			}
		}
	}
	expect(t, "unrelated route", a.get(t, "/ok"), 200, "ok")
	expect(t, "static route beside a conflict", a.get(t, "/c1/static"), 200, "c1 static")
	expect(t, "no route", a.get(t, "/c9"), 404)
}

func newLogger(w io.Writer) *log.Logger {
	return log.NewWithOptions(w, log.Options{Level: log.DebugLevel})
}
