package dev_test

// Helpers for the end-to-end tests: a real project written into a temporary
// directory, served by dev.Start (real interpreter, real watcher) behind a
// real HTTP server on loopback.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
	"github.com/devserver/devserver/server"
)

const (
	goMod = "module example.com/app\n\ngo 1.22\n"

	// pollEvery and waitTimeout bound waitFor: a reload is expected within
	// a few tens of milliseconds; the timeout only stops a hung test.
	pollEvery   = 5 * time.Millisecond
	waitTimeout = 10 * time.Second
)

// client never follows redirects, so tests see the 307/308 themselves, and
// keeps enough idle connections for the concurrency test not to churn ports.
var client = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport: &http.Transport{
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     30 * time.Second,
	},
	Timeout: 30 * time.Second,
}

// writeTree writes files (slash paths relative to dir) into dir, creating
// folders as needed.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		writeFile(t, dir, name, body)
	}
}

// writeFile writes one file (slash path relative to dir).
func writeFile(t testing.TB, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// app is a running dev server over a project in a temporary directory.
type app struct {
	Dir  string // project directory (holds go.mod, app/, public/)
	URL  string // http://127.0.0.1:port
	Addr string // 127.0.0.1:port, for raw requests
	Dev  *dev.Dev
}

// startApp writes files (plus a go.mod for example.com/app unless given) into
// a new temporary directory and serves it through dev.Start and a loopback
// HTTP server. Both are stopped when the test ends.
func startApp(t *testing.T, files map[string]string, configure ...func(*dev.Options)) *app {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{"go.mod": goMod}
	for k, v := range files {
		all[k] = v
	}
	writeTree(t, dir, all)
	opts := dev.Options{Dir: dir, Stdout: io.Discard, Stderr: io.Discard}
	for _, c := range configure {
		c(&opts)
	}
	d, err := dev.Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("dev.Start: %v", err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("dev.Close: %v", err)
		}
	})
	ts := httptest.NewServer(d.Server)
	t.Cleanup(ts.Close)
	return &app{Dir: dir, URL: ts.URL, Addr: ts.Listener.Addr().String(), Dev: d}
}

// write writes one file of the project, as an editor saving it would.
func (a *app) write(t testing.TB, name, body string) {
	t.Helper()
	writeFile(t, a.Dir, name, body)
}

// remove deletes one file of the project.
func (a *app) remove(t testing.TB, name string) {
	t.Helper()
	if err := os.Remove(a.path(name)); err != nil {
		t.Fatal(err)
	}
}

// path returns the absolute path of a slash path relative to the project.
func (a *app) path(name string) string {
	return filepath.Join(a.Dir, filepath.FromSlash(name))
}

// resp is a response as the tests look at it.
type resp struct {
	Status int
	Header http.Header
	Body   string
}

func (r resp) String() string {
	body := r.Body
	if len(body) > 600 {
		body = body[:600] + "…"
	}
	return fmt.Sprintf("%d %q", r.Status, body)
}

// gen returns the X-Devserver-Generation of the response, or 0.
func (r resp) gen() uint64 {
	n, _ := strconv.ParseUint(r.Header.Get(server.GenerationHeader), 10, 64)
	return n
}

// fetch sends one request and returns the response, or the transport error.
// hdr is a list of header name, value pairs.
func fetch(method, url string, body io.Reader, hdr ...string) (resp, error) {
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return resp{}, err
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if strings.EqualFold(hdr[i], "Host") {
			req.Host = hdr[i+1]
			continue
		}
		req.Header.Add(hdr[i], hdr[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return resp{}, err
	}
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(b)}, nil
}

// do sends a request to path on the app; a transport error fails the test.
func (a *app) do(t testing.TB, method, path string, body io.Reader, hdr ...string) resp {
	t.Helper()
	r, err := fetch(method, a.URL+path, body, hdr...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// get sends GET path.
func (a *app) get(t testing.TB, path string, hdr ...string) resp {
	t.Helper()
	return a.do(t, http.MethodGet, path, nil, hdr...)
}

// startModuleApp is startApp for an app that requires devserver through
// this checkout (apptest.GoMod, with its go.sum), as a route of the
// compiled tier or a proxy importing next/go must.
func startModuleApp(t *testing.T, files map[string]string, configure ...func(*dev.Options)) *app {
	t.Helper()
	sum, err := os.ReadFile(filepath.Join(apptest.Root(), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]string{"go.mod": apptest.GoMod(), "go.sum": string(sum)}
	for k, v := range files {
		all[k] = v
	}
	return startApp(t, all, configure...)
}

// compileWait bounds the wait for a first answer of the compiled tier: its
// first build compiles devserver's server too.
const compileWait = 3 * time.Minute

// waitFor polls GET url every 5 ms until ok accepts the response, and returns
// that response. After 10 s it fails the test with the last response seen.
func waitFor(t testing.TB, url string, ok func(resp) bool) resp {
	t.Helper()
	return waitForRequest(t, http.MethodGet, url, ok)
}

// waitForRequest is waitFor for any method (without a body).
func waitForRequest(t testing.TB, method, url string, ok func(resp) bool) resp {
	t.Helper()
	return waitForRequestWithin(t, waitTimeout, method, url, ok)
}

// waitForRequestWithin is waitForRequest giving up after timeout.
func waitForRequestWithin(t testing.TB, timeout time.Duration, method, url string, ok func(resp) bool) resp {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last string
	for {
		r, err := fetch(method, url, nil)
		if err == nil && ok(r) {
			return r
		}
		if err != nil {
			last = "error: " + err.Error()
		} else {
			last = r.String()
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s %s: condition not met within %v; last response: %s", method, url, timeout, last)
		}
		time.Sleep(pollEvery)
	}
}

// waitBody waits until GET path answers 200 with exactly body.
func (a *app) waitBody(t testing.TB, path, body string) resp {
	t.Helper()
	return waitFor(t, a.URL+path, func(r resp) bool { return r.Status == 200 && r.Body == body })
}

// textRoute is a route file whose GET answers body as plain text.
func textRoute(body string) string {
	return fmt.Sprintf(`package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response {
	return next.NewResponse(%q)
}
`, body)
}

// goRoute is a route file importing next and the given packages, with code.
func goRoute(code string, imports ...string) string {
	var b strings.Builder
	b.WriteString("package route\n\nimport (\n")
	for _, imp := range imports {
		fmt.Fprintf(&b, "\t%q\n", imp)
	}
	b.WriteString("\n\t\"github.com/devserver/devserver/next\"\n)\n\n")
	b.WriteString(code)
	b.WriteString("\n")
	return b.String()
}

// expect checks status and, when body is not "", that the body contains it.
func expect(t testing.TB, what string, r resp, status int, contains ...string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: status %d, want %d; body: %s", what, r.Status, status, r)
		return
	}
	for _, c := range contains {
		if !strings.Contains(r.Body, c) {
			t.Errorf("%s: body does not contain %q: %s", what, c, r)
		}
	}
}

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
