package dev_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/devserver/devserver/dev"
)

// TestLiveReload checks the browser loop over HTTP: HTML pages (and error
// pages) load the live-reload script, JSON does not; the event stream says
// "reload" after a successful reload and "error", with the position and
// message, while the app is broken.
func TestLiveReload(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/page.html":      "<html><body><h1>home</h1></body></html>",
		"app/api/route.go":   goRoute(`func GET(req *next.Request) *next.Response { return next.JSON(1) }`),
		"app/hello/route.go": textRoute("v1"),
	}, func(o *dev.Options) { o.LiveReload = true })

	expect(t, "GET /", a.get(t, "/"), 200, `<h1>home</h1><script src="/_devserver/client.js" async></script></body>`)
	if r := a.get(t, "/api"); strings.Contains(r.Body, "script") {
		t.Errorf("GET /api (JSON) got the script: %s", r.Body)
	}
	expect(t, "GET /_devserver/client.js", a.get(t, "/_devserver/client.js"), 200, "EventSource(\"/_devserver/events\")")

	res, err := http.Get(a.URL + "/_devserver/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	ev := events{bufio.NewScanner(res.Body)}
	if name, _ := ev.next(t); name != "hello" {
		t.Fatalf("first event %q, want hello", name)
	}

	a.write(t, "app/hello/route.go", textRoute("v2"))
	if name, _ := ev.next(t); name != "reload" {
		t.Fatalf("after an edit: event %q, want reload", name)
	}

	a.write(t, "app/hello/route.go", "package route\n\nfunc GET( {\n")
	name, data := ev.next(t)
	if name != "error" {
		t.Fatalf("after breaking a file: event %q, want error", name)
	}
	var d struct {
		File    string
		Line    int
		Message string
		Frame   []string
	}
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		t.Fatalf("error event data %q: %v", data, err)
	}
	if d.File != "app/hello/route.go" || d.Line != 3 || !strings.Contains(d.Message, "app/hello/route.go:3:") || len(d.Frame) == 0 {
		t.Errorf("error event: %+v", d)
	}
	// The error page a browser gets reloads itself once fixed.
	expect(t, "GET /hello (broken, as a browser)", a.get(t, "/hello", "Accept", "text/html"), 500, "/_devserver/client.js")

	a.write(t, "app/hello/route.go", textRoute("v3"))
	if name, _ := ev.next(t); name != "reload" {
		t.Fatalf("after the fix: event %q, want reload", name)
	}
}
