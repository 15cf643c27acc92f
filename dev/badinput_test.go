package dev_test

// A response body far larger than memory is streamed. It stays in Go: it
// measures this process's heap. (The other bad-input cases are scripts:
// testdata/script/handler_timeout, header_injection, route_goroutines,
// headers_too_large, smuggling, guard, reader_body.)

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"testing"
)

// TestHugeStreamedResponse checks that a 1 GB response body is streamed,
// not buffered: the heap stays far below its size.
func TestHugeStreamedResponse(t *testing.T) {
	if testing.Short() {
		t.Skip("1 GB over loopback")
	}
	t.Parallel()
	const size = 1 << 30
	a := startApp(t, map[string]string{
		"app/big/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.Stream(func(w *next.StreamWriter) error {
		chunk := make([]byte, 1<<20)
		for i := 0; i < `+fmt.Sprint(size>>20)+`; i++ {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		return nil
	}, next.Init{Headers: http.Header{"Content-Type": {"application/octet-stream"}}})
}`, "net/http"),
	})
	res, err := http.Get(a.URL + "/big")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("GET /big: %d %s", res.StatusCode, b)
	}
	var peak uint64
	buf := make([]byte, 1<<20)
	var n int64
	for i := 0; ; i++ {
		k, err := res.Body.Read(buf)
		n += int64(k)
		if i%256 == 0 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v", n, err)
		}
	}
	if n != size {
		t.Errorf("read %d bytes, want %d", n, size)
	}
	if peak > 256<<20 {
		t.Errorf("heap reached %d MB while streaming 1 GB: the body was buffered", peak>>20)
	}
}
