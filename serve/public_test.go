package serve_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/serve"
	"github.com/devserver/devserver/server"
)

// testPublicCaching checks that /hello.txt of public/ carries what Next.js
// sends with a public file (ETag, Last-Modified, Cache-Control) and that a
// revalidation with either answers 304.
func testPublicCaching(t *testing.T, url string) {
	t.Helper()
	res, err := http.Get(url + "/hello.txt")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	etag, modified := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	if res.StatusCode != 200 || etag == "" || modified == "" || res.Header.Get("Cache-Control") != "public, max-age=0" {
		t.Fatalf("/hello.txt: %d ETag %q Last-Modified %q Cache-Control %q", res.StatusCode, etag, modified, res.Header.Get("Cache-Control"))
	}
	for _, h := range [][2]string{{"If-None-Match", etag}, {"If-Modified-Since", modified}} {
		req, _ := http.NewRequest("GET", url+"/hello.txt", nil)
		req.Header.Set(h[0], h[1])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("%s: %d, want 304", h[0], res.StatusCode)
		}
	}
}

// TestPublicCachingFromDisk is testPublicCaching for public/ on disk, as
// the dev server serves it.
func TestPublicCachingFromDisk(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "public", "hello.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := serve.Compiled(server.App{Dir: dir, AppDir: filepath.Join(dir, "app"), PublicDir: filepath.Join(dir, "public"), Routes: []string{}}, nil)
	srv.Reload(context.Background(), nil)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	testPublicCaching(t, hs.URL)
}
