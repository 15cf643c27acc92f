package serve_test

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/devserver/devserver/serve"
	"github.com/devserver/devserver/server"
)

// publicText is a compressible file of public/ well above the 1 KiB
// threshold; public/big.png holds the same bytes as an image, a type
// next start's middleware does not compress.
var publicText = strings.Repeat("hello public file, line of text\n", 200)

// testPublicCompression checks that files of public/ are compressed as
// next start's compression middleware compresses what its send serves,
// each body decoded: by type, size and Accept-Encoding; a HEAD, a 304 and
// a range under 1 KiB not; a larger range compressed, its Content-Range
// kept (the range of the file, as next start sends it); several ranges
// read as next start's send reads them; the ETag the same whatever the
// coding (weak already).
func testPublicCompression(t *testing.T, url string) {
	t.Helper()
	raw := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	var etag string
	for _, c := range []struct {
		method, path string
		header       http.Header
		status       int
		coding       string // Content-Encoding wanted
		vary         bool
		body         string
		length       string // Content-Length wanted ("" none)
		contentRange string
	}{
		{"GET", "/big.txt", http.Header{"Accept-Encoding": {"gzip, deflate, br"}}, 200, "gzip", true, publicText, "", ""},
		{"GET", "/big.txt", http.Header{"Accept-Encoding": {"deflate"}}, 200, "deflate", true, publicText, "", ""},
		{"GET", "/big.txt", http.Header{"Accept-Encoding": {"deflate, gzip;q=0.5, identity"}}, 200, "", true, publicText, "6400", ""},
		{"GET", "/big.txt", nil, 200, "", true, publicText, "6400", ""},
		{"HEAD", "/big.txt", http.Header{"Accept-Encoding": {"gzip"}}, 200, "", true, "", "6400", ""},
		{"GET", "/big.txt", http.Header{"Accept-Encoding": {"gzip"}, "Range": {"bytes=0-1999"}}, 206, "gzip", true, publicText[:2000], "", "bytes 0-1999/6400"},
		{"GET", "/big.txt", http.Header{"Accept-Encoding": {"gzip"}, "Range": {"bytes=100-199"}}, 206, "", true, publicText[100:200], "100", "bytes 100-199/6400"},
		{"GET", "/big.txt", http.Header{"Accept-Encoding": {"gzip"}, "If-None-Match": {"ETAG"}}, 304, "", false, "", "", ""},
		// Several ranges as next start's send reads them: combined where
		// they overlap or touch, a bad one skipped, several left the whole
		// file.
		{"GET", "/big.txt", http.Header{"Range": {"bytes=0-99,50-199"}}, 206, "", true, publicText[:200], "200", "bytes 0-199/6400"},
		{"GET", "/big.txt", http.Header{"Range": {"bytes=0-99,100-199"}}, 206, "", true, publicText[:200], "200", "bytes 0-199/6400"},
		{"GET", "/big.txt", http.Header{"Range": {"bytes=0-99,x-y"}}, 206, "", true, publicText[:100], "100", "bytes 0-99/6400"},
		{"GET", "/big.txt", http.Header{"Accept-Encoding": {"gzip"}, "Range": {"bytes=0-1499,3000-4499"}}, 200, "gzip", true, publicText, "", ""},
		{"GET", "/big.txt", http.Header{"Range": {" bytes=5-9, 2-3"}}, 200, "", true, publicText, "6400", ""},
		{"GET", "/big.png", http.Header{"Accept-Encoding": {"gzip"}}, 200, "", false, publicText, "6400", ""},
		{"GET", "/hello.txt", http.Header{"Accept-Encoding": {"gzip"}}, 200, "", true, "hello\n", "6", ""},
	} {
		name := c.method + " " + c.path + " " + fmtHeader(c.header)
		req, _ := http.NewRequest(c.method, url+c.path, nil)
		for k, vs := range c.header {
			for _, v := range vs {
				req.Header.Add(k, strings.ReplaceAll(v, "ETAG", etag))
			}
		}
		res, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, sent, err := decodedBody(res)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		h := res.Header
		if c.coding != "" && c.length == "" && h.Get("Content-Length") != "" {
			// net/http may buffer a short compressed body whole and say its
			// length, where next start sends it chunked: either is right.
			c.length = strconv.Itoa(sent)
		}
		if c.path == "/big.txt" {
			if etag == "" {
				etag = h.Get("ETag")
			}
			if h.Get("ETag") != etag || !strings.HasPrefix(etag, `W/"`) {
				t.Errorf("%s: ETag %q, want the weak %q whatever the coding", name, h.Get("ETag"), etag)
			}
			if h.Get("Cache-Control") != "public, max-age=0" || h.Get("Last-Modified") == "" {
				t.Errorf("%s: Cache-Control %q, Last-Modified %q", name, h.Get("Cache-Control"), h.Get("Last-Modified"))
			}
		}
		vary := strings.Contains(h.Get("Vary"), "Accept-Encoding")
		if res.StatusCode != c.status || h.Get("Content-Encoding") != c.coding || vary != c.vary {
			t.Errorf("%s: %d, Content-Encoding %q, Vary %v; want %d, %q, %v",
				name, res.StatusCode, h.Get("Content-Encoding"), vary, c.status, c.coding, c.vary)
		}
		if h.Get("Content-Length") != c.length || h.Get("Content-Range") != c.contentRange {
			t.Errorf("%s: Content-Length %q, Content-Range %q; want %q, %q",
				name, h.Get("Content-Length"), h.Get("Content-Range"), c.length, c.contentRange)
		}
		if got != c.body {
			t.Errorf("%s: body %d bytes %.40q, want %d bytes %.40q", name, len(got), got, len(c.body), c.body)
		}
	}
	testPublicUnsatisfiable(t, url)
}

// testPublicUnsatisfiable checks that a suffix range longer than the
// file answers 416 as next start's send does (ServeContent alone would
// send the whole file as a 206).
func testPublicUnsatisfiable(t *testing.T, url string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/big.txt", nil)
	req.Header.Set("Range", "bytes=-7000")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestedRangeNotSatisfiable || res.Header.Get("Content-Range") != "bytes */6400" {
		t.Errorf("Range bytes=-7000: %d, Content-Range %q; want 416, bytes */6400", res.StatusCode, res.Header.Get("Content-Range"))
	}
}

// decodedBody reads a response's body, decoded from its Content-Encoding,
// and the number of bytes sent for it.
func decodedBody(res *http.Response) (string, int, error) {
	defer res.Body.Close()
	sent, err := io.ReadAll(res.Body)
	if err != nil {
		return "", 0, err
	}
	var decoder io.Reader
	switch res.Header.Get("Content-Encoding") {
	case "gzip":
		decoder, err = gzip.NewReader(bytes.NewReader(sent))
	case "deflate":
		decoder, err = zlib.NewReader(bytes.NewReader(sent))
	default:
		return string(sent), len(sent), nil
	}
	if err != nil {
		return "", 0, err
	}
	b, err := io.ReadAll(decoder)
	return string(b), len(sent), err
}

// fmtHeader shows a request's headers in a test's message.
func fmtHeader(h http.Header) string {
	var parts []string
	for k, vs := range h {
		parts = append(parts, k+": "+strconv.Quote(strings.Join(vs, ", ")))
	}
	return strings.Join(parts, ", ")
}

// TestPublicCompressionFromDisk is testPublicCompression for public/ on
// disk, as the dev server serves it.
func TestPublicCompressionFromDisk(t *testing.T) {
	dir := t.TempDir()
	public := filepath.Join(dir, "public")
	if err := os.MkdirAll(public, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"hello.txt": "hello\n", "big.txt": publicText, "big.png": publicText} {
		if err := os.WriteFile(filepath.Join(public, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := serve.Compiled(server.App{Dir: dir, AppDir: filepath.Join(dir, "app"), PublicDir: public, Routes: []string{}}, nil)
	srv.Reload(context.Background(), nil)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	testPublicCompression(t, hs.URL)
}
