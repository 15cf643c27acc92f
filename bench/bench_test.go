package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/bench/internal/gen"
	"github.com/devserver/devserver/bench/route"
	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/interp"
	"github.com/devserver/devserver/server"
)

// repoRoot is this checkout, which buildable apps require devserver from.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// startDev serves the app in dir with dev.Start (the real fsnotify watcher)
// behind an httptest server; both stop when b ends. configure adjusts the
// options.
func startDev(b *testing.B, dir string, configure ...func(*dev.Options)) (*dev.Dev, *httptest.Server) {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	opts := dev.Options{Dir: dir, Stdout: io.Discard, Stderr: io.Discard}
	for _, c := range configure {
		c(&opts)
	}
	d, err := dev.Start(ctx, opts)
	if err != nil {
		cancel()
		b.Fatal(err)
	}
	if d.WatchMode() != "fsnotify" {
		b.Logf("watch mode is %s, not fsnotify", d.WatchMode())
	}
	if g := d.Server.Current(); g != nil {
		for _, p := range g.Problems() {
			if p.Err != nil {
				b.Fatalf("app does not load: %s: %v", p.File, p.Err)
			}
		}
	}
	ts := httptest.NewServer(d.Server)
	b.Cleanup(func() {
		ts.Close()
		d.Close()
		cancel()
	})
	return d, ts
}

func newClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512},
		Timeout:   10 * time.Second,
	}
}

// get fetches url and returns its status and body.
func get(c *http.Client, url string) (int, string, error) {
	res, err := c.Get(url)
	if err != nil {
		return 0, "", err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	return res.StatusCode, string(body), err
}

// percentile returns the p-th percentile (nearest rank) of sorted ds, in ms.
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	i := int(float64(len(ds))*p/100+0.999999) - 1
	i = max(0, min(i, len(ds)-1))
	return float64(ds[i]) / float64(time.Millisecond)
}

// BenchmarkReload measures save → first response from the new code: each
// iteration rewrites one route file with a new token and polls that route
// every millisecond until its response carries the token.
func BenchmarkReload(b *testing.B) {
	for _, n := range []int{10, 200} {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			benchReload(b, n, false, func(dir string, i int, token string) (string, string) {
				r := i % n
				return gen.RoutePath(dir, r), gen.RouteSource(r, token)
			}, func(i int) string { return gen.RouteURL(i % n) })
		})
	}
}

// BenchmarkReloadTypeCheck is BenchmarkReload at 10 routes with the
// background type check on, as devserver runs by default: the check must
// not lengthen the reload.
func BenchmarkReloadTypeCheck(b *testing.B) {
	n := 10
	b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
		benchReload(b, n, true, func(dir string, i int, token string) (string, string) {
			r := i % n
			return gen.RoutePath(dir, r), gen.RouteSource(r, token)
		}, func(i int) string { return gen.RouteURL(i % n) })
	})
}

// BenchmarkTypeCheck times one type check (build.Check: the mirror, go
// build of every package, go vet) of a 10-route app, what the dev server
// runs in the background after each reload.
func BenchmarkTypeCheck(b *testing.B) {
	dir := b.TempDir()
	if err := gen.WriteRoutesApp(dir, 10); err != nil {
		b.Fatal(err)
	}
	if err := gen.Buildable(dir, repoRoot()); err != nil {
		b.Fatal(err)
	}
	proj, err := interp.FindProject(dir)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		rep, err := build.Check(context.Background(), proj, "")
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Diagnostics) > 0 {
			b.Fatalf("the app does not check: %v", rep.Diagnostics[0].String(proj))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/check")
}

// BenchmarkReloadShared is BenchmarkReload editing the package every route
// imports instead of a route.
func BenchmarkReloadShared(b *testing.B) {
	for _, n := range []int{10, 200} {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			benchReload(b, n, false, func(dir string, i int, token string) (string, string) {
				return gen.SharedPath(dir), gen.SharedSource(token)
			}, func(i int) string { return gen.RouteURL(i % n) })
		})
	}
}

// benchReload runs one edit per iteration: edit returns the file to write
// and its new content for iteration i, url the route that must show token.
func benchReload(b *testing.B, n int, check bool, edit func(dir string, i int, token string) (file, content string), url func(i int) string) {
	dir := b.TempDir()
	if err := gen.WriteRoutesApp(dir, n); err != nil {
		b.Fatal(err)
	}
	if check {
		if err := gen.Buildable(dir, repoRoot()); err != nil {
			b.Fatal(err)
		}
	}
	d, ts := startDev(b, dir, func(o *dev.Options) { o.TypeCheck = check })
	c := newClient()
	if code, body, err := get(c, ts.URL+url(0)); err != nil || code != http.StatusOK {
		b.Fatalf("first request: %d %v\n%s", code, err, body)
	}
	// Let the watcher settle: events from writing the app must not reload
	// during the first measured edit.
	time.Sleep(50 * time.Millisecond)
	firstGen := d.Server.Current().ID

	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		token := "tok" + strconv.FormatInt(time.Now().UnixNano(), 36) + "x" + strconv.Itoa(i)
		file, content := edit(dir, i, token)
		u := ts.URL + url(i)
		start := time.Now()
		if err := gen.WriteFile(file, content); err != nil {
			b.Fatal(err)
		}
		for {
			code, body, err := get(c, u)
			if err == nil && code == http.StatusOK && strings.Contains(body, token) {
				break
			}
			if time.Since(start) > 10*time.Second {
				b.Fatalf("edit %d of %s: new token not served after 10s; last answer %d %v\n%s", i, filepath.Base(file), code, err, body)
			}
			time.Sleep(time.Millisecond)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(percentile(lat, 50), "p50-ms")
	b.ReportMetric(percentile(lat, 95), "p95-ms")
	// Generations built per edit: more than 1 means one save caused
	// several reloads.
	b.ReportMetric(float64(d.Server.Current().ID-firstGen)/float64(b.N), "gens/op")
}

// jsonURL is the URL every JSON GET variant is asked.
const jsonURL = gen.JSONURL

// bareHandler is route.GET written directly against net/http and
// encoding/json: the ceiling.
func bareHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"id must be a number"}`)
			return
		}
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "anonymous"
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(route.Item{ID: id, Name: strings.ToUpper(name), Admin: id == 1, Tags: []string{"a", "b"}}); err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	})
	return mux
}

// compiledServer serves the JSON app in dir through server.Server, with the
// handler compiled in instead of interpreted.
func compiledServer(b *testing.B, dir string) *server.Server {
	b.Helper()
	srv := &server.Server{
		App: server.App{Dir: dir, AppDir: filepath.Join(dir, "app"), PublicDir: filepath.Join(dir, "public")},
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i := range files {
				out[i] = approuter.Loaded{Handlers: map[string]any{"GET": route.GET}}
			}
			return out
		}),
	}
	srv.Reload(context.Background(), nil)
	return srv
}

// throughput GETs u from 16 goroutines per core (32 connections on 2
// cores, as wrk -c32) for b.N requests in all, each answer a 200, and
// reports requests per second.
func throughput(b *testing.B, c *http.Client, u string) {
	b.Helper()
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := c.Get(u)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkJSONGet serves the same JSON GET handler three ways and reports
// requests per second under b.RunParallel over keep-alive connections:
// interpreted by devserver (dev.Start), compiled into the same server.Server,
// and bare net/http with encoding/json.
func BenchmarkJSONGet(b *testing.B) {
	variants := []struct {
		name  string
		serve func(b *testing.B, dir string) http.Handler
	}{
		{"interpreted", func(b *testing.B, dir string) http.Handler {
			d, _ := startDev(b, dir)
			return d.Server
		}},
		{"compiled", func(b *testing.B, dir string) http.Handler { return compiledServer(b, dir) }},
		{"nethttp", func(b *testing.B, dir string) http.Handler { return bareHandler() }},
	}
	want := ""
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.WriteJSONApp(dir); err != nil {
				b.Fatal(err)
			}
			ts := httptest.NewServer(v.serve(b, dir))
			defer ts.Close()
			c := newClient()
			defer c.CloseIdleConnections()
			u := ts.URL + jsonURL
			code, body, err := get(c, u)
			if err != nil || code != http.StatusOK {
				b.Fatalf("GET %s: %d %v\n%s", jsonURL, code, err, body)
			}
			if want == "" {
				want = body
			} else if body != want {
				b.Fatalf("body differs from the first variant's:\n got %s\nwant %s", body, want)
			}
			throughput(b, c, u)
		})
	}
}

// BenchmarkJSONGetServe is BenchmarkJSONGet without the network: ServeHTTP
// is called directly with a recorder, so ns/op is the server's CPU time per
// request, free of the client's share of the two cores. Each request's
// context is a cancellable child of a connection's, as net/http makes it,
// so that what a handler derives from it costs what it costs there.
func BenchmarkJSONGetServe(b *testing.B) {
	variants := []struct {
		name  string
		serve func(b *testing.B, dir string) http.Handler
	}{
		{"interpreted", func(b *testing.B, dir string) http.Handler {
			d, _ := startDev(b, dir)
			return d.Server
		}},
		{"compiled", func(b *testing.B, dir string) http.Handler { return compiledServer(b, dir) }},
		{"built", func(b *testing.B, dir string) http.Handler { srv, _, _ := builtHandler(); return srv }},
		{"nethttp", func(b *testing.B, dir string) http.Handler { return bareHandler() }},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.WriteJSONApp(dir); err != nil {
				b.Fatal(err)
			}
			h := v.serve(b, dir)
			req := httptest.NewRequest(http.MethodGet, jsonURL, nil)
			req.Host = "127.0.0.1:3000" // as over loopback: the Host check passes
			conn, closeConn := context.WithCancel(context.Background())
			defer closeConn()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w := httptest.NewRecorder()
				ctx, cancel := context.WithCancel(conn)
				h.ServeHTTP(w, req.WithContext(ctx))
				cancel()
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}

// BenchmarkIdleHeap loads an app of 200 routes with dev.Start, answers one
// request, and reports the heap in use after a GC: a proxy for the idle
// memory of the process (bench/run measures the real RSS).
func BenchmarkIdleHeap(b *testing.B) {
	for _, n := range []int{200} {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.WriteRoutesApp(dir, n); err != nil {
				b.Fatal(err)
			}
			base := heapInuse()
			_, ts := startDev(b, dir)
			c := newClient()
			if code, body, err := get(c, ts.URL+gen.RouteURL(0)); err != nil || code != http.StatusOK {
				b.Fatalf("first request: %d %v\n%s", code, err, body)
			}
			c.CloseIdleConnections()
			samples := make([]float64, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				samples = append(samples, heapInuse())
			}
			b.StopTimer()
			sort.Float64s(samples)
			mid := samples[len(samples)/2]
			b.ReportMetric(mid, "heap-inuse-MB")
			b.ReportMetric(mid-base, "heap-delta-MB")
		})
	}
}

// heapInuse collects garbage and returns the bytes of heap spans in use, in MB.
func heapInuse() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse) / (1 << 20)
}

// BenchmarkCachedGet serves the JSON GET route interpreted, as is and with
// Dynamic = "force-static" (every request after the first a cache HIT), and
// reports requests per second over keep-alive connections.
func BenchmarkCachedGet(b *testing.B) {
	for _, v := range []struct{ name, config string }{
		{"uncached", ""},
		{"cached", "\nconst Dynamic = \"force-static\"\n"},
	} {
		b.Run(v.name, func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.WriteJSONApp(dir); err != nil {
				b.Fatal(err)
			}
			file := filepath.Join(dir, "app", "items", "[id]", "route.go")
			src, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(file, append(src, v.config...), 0o644); err != nil {
				b.Fatal(err)
			}
			_, ts := startDev(b, dir)
			c := newClient()
			defer c.CloseIdleConnections()
			u := ts.URL + "/items/42"
			if code, body, err := get(c, u); err != nil || code != http.StatusOK {
				b.Fatalf("GET: %d %v\n%s", code, err, body)
			}
			throughput(b, c, u)
		})
	}
}

// BenchmarkProxy serves the JSON GET route interpreted without a proxy and
// with a proxy that lets every request through (next.Next() with a
// response header), and reports requests per second: the proxy's cost.
func BenchmarkProxy(b *testing.B) {
	for _, v := range []struct{ name, proxy string }{
		{"none", ""},
		{"next", "package app\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc Proxy(req *next.Request) *next.Response {\n\tres := next.Next()\n\tres.Headers.Set(\"X-Proxy\", \"1\")\n\treturn res\n}\n"},
	} {
		b.Run(v.name, func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.WriteJSONApp(dir); err != nil {
				b.Fatal(err)
			}
			if v.proxy != "" {
				if err := gen.WriteFile(filepath.Join(dir, "proxy.go"), v.proxy); err != nil {
					b.Fatal(err)
				}
			}
			_, ts := startDev(b, dir)
			c := newClient()
			defer c.CloseIdleConnections()
			u := ts.URL + jsonURL
			if code, body, err := get(c, u); err != nil || code != http.StatusOK {
				b.Fatalf("GET: %d %v\n%s", code, err, body)
			}
			throughput(b, c, u)
		})
	}
}
