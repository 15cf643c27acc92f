package serve

import (
	"compress/gzip"
	"compress/zlib"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/server"
)

// TestCompress checks which responses are compressed, over loopback, each
// body decoded: whole bodies of compressible types from 1 KiB, in gzip or
// deflate as the client prefers (next start's choice), cached ones too;
// not small ones, not images, not HEAD, not streams (they must reach the
// client as they are made). Every response of a compressible type says
// Vary: Accept-Encoding, streams too, as next start's do.
func TestCompress(t *testing.T) {
	big := strings.Repeat(`{"name":"ada","admin":true},`, 100)
	ok := func(body, ctype string) func(*next.Request) *next.Response {
		return func(*next.Request) *next.Response {
			return next.NewResponse(body, next.Init{Headers: http.Header{"Content-Type": {ctype}}})
		}
	}
	stream := func(*next.Request) *next.Response {
		pr, pw := io.Pipe()
		go func() {
			io.WriteString(pw, big)
			pw.Close()
		}()
		return next.NewResponse(pr, next.Init{Headers: http.Header{"Content-Type": {"text/plain"}}})
	}
	loaded := []approuter.Loaded{
		{File: "app/json/route.go", Handlers: map[string]any{"GET": ok(big, "application/json")}},
		{File: "app/small/route.go", Handlers: map[string]any{"GET": ok(`{"a":1}`, "application/json")}},
		{File: "app/png/route.go", Handlers: map[string]any{"GET": ok(big, "image/png")}},
		{File: "app/stream/route.go", Handlers: map[string]any{"GET": stream}},
		{File: "app/cached/route.go", Handlers: map[string]any{"GET": ok(big, "text/html; charset=utf-8")}, Config: map[string]any{"Dynamic": "force-static"}},
	}
	var files []string
	for _, l := range loaded {
		files = append(files, strings.TrimPrefix(l.File, "app/"))
	}
	srv := Compiled(server.App{Dir: ".", AppDir: "app", Routes: files}, loaded)
	srv.Reload(context.Background(), nil)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	raw := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, c := range []struct {
		method, path, accept string
		coding               string // Content-Encoding wanted
		vary                 bool
	}{
		{"GET", "/json", "gzip, deflate, br", "gzip", true},
		{"GET", "/json", "deflate", "deflate", true},
		{"GET", "/json", "deflate, gzip;q=0.5", "gzip", true},
		{"GET", "/json", "gzip;q=0, deflate;q=0.5", "deflate", true},
		{"GET", "/json", "deflate, gzip;q=0.5, identity", "", true},
		{"GET", "/json", "", "", true},
		{"GET", "/json", "gzip;q=0", "", true},
		{"GET", "/json", "br", "", true},
		{"HEAD", "/json", "gzip", "", true},
		{"GET", "/small", "gzip", "", true},
		{"GET", "/png", "gzip", "", false},
		{"GET", "/stream", "gzip", "", true},           // text/plain: next start would compress it, and says Vary
		{"GET", "/cached", "gzip", "gzip", true},       // MISS
		{"GET", "/cached", "deflate", "deflate", true}, // HIT
		{"GET", "/cached", "", "", true},
		{"HEAD", "/cached", "deflate", "", true},
	} {
		req, _ := http.NewRequest(c.method, hs.URL+c.path, nil)
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		res, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		coding := res.Header.Get("Content-Encoding")
		var body io.Reader = res.Body
		switch coding {
		case "gzip":
			if body, err = gzip.NewReader(res.Body); err != nil {
				t.Fatalf("%s %s (Accept-Encoding %q): %v", c.method, c.path, c.accept, err)
			}
		case "deflate":
			if body, err = zlib.NewReader(res.Body); err != nil {
				t.Fatalf("%s %s (Accept-Encoding %q): %v", c.method, c.path, c.accept, err)
			}
		}
		got, err := io.ReadAll(body)
		res.Body.Close()
		if err != nil {
			t.Fatalf("%s %s (Accept-Encoding %q): reading the body: %v", c.method, c.path, c.accept, err)
		}
		vary := strings.Contains(res.Header.Get("Vary"), "Accept-Encoding")
		if coding != c.coding || vary != c.vary {
			t.Errorf("%s %s (Accept-Encoding %q): Content-Encoding %q, Vary %v; want %q, %v", c.method, c.path, c.accept, coding, vary, c.coding, c.vary)
		}
		want := big
		switch {
		case c.method == "HEAD":
			want = ""
			if cl := res.Header.Get("Content-Length"); cl != strconv.Itoa(len(big)) {
				t.Errorf("%s %s: Content-Length %s, want %d (the body's, not compressed)", c.method, c.path, cl, len(big))
			}
		case c.path == "/small":
			want = `{"a":1}`
		}
		if string(got) != want {
			t.Errorf("%s %s (Accept-Encoding %q): the body changed: %.40q", c.method, c.path, c.accept, got)
		}
	}
}
