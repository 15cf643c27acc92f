package serve

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/server"
)

// TestGzip checks which responses are compressed: whole bodies of
// compressible types from 1 KiB, to clients accepting gzip, cached ones
// too; not small ones, not images, not streams (they must reach the client
// as they are made).
func TestGzip(t *testing.T) {
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
		path, accept string
		gzip, vary   bool
	}{
		{"/json", "gzip, deflate, br", true, true},
		{"/json", "", false, true},
		{"/json", "gzip;q=0", false, true},
		{"/small", "gzip", false, false},
		{"/png", "gzip", false, false},
		{"/stream", "gzip", false, false},
		{"/cached", "gzip", true, true}, // MISS
		{"/cached", "gzip", true, true}, // HIT
		{"/cached", "", false, true},
	} {
		req, _ := http.NewRequest("GET", hs.URL+c.path, nil)
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		res, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body []byte
		if res.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(zr)
		} else {
			body, _ = io.ReadAll(res.Body)
		}
		res.Body.Close()
		gz := res.Header.Get("Content-Encoding") == "gzip"
		vary := strings.Contains(res.Header.Get("Vary"), "Accept-Encoding")
		if gz != c.gzip || vary != c.vary {
			t.Errorf("%s (Accept-Encoding %q): gzip %v, Vary %v; want %v, %v", c.path, c.accept, gz, vary, c.gzip, c.vary)
		}
		if c.path != "/small" && string(body) != big {
			t.Errorf("%s (Accept-Encoding %q): the body changed", c.path, c.accept)
		}
	}
}
