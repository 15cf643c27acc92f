package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/apptest"
	"github.com/devserver/devserver/next"
)

// gatedLoad is a route's code loaded on demand: its Load counts itself and
// returns code once release is closed.
type gatedLoad struct {
	loaded  approuter.Loaded
	release chan struct{}
	loads   atomic.Int32
}

func (p *gatedLoad) Load() approuter.Loaded {
	p.loads.Add(1)
	<-p.release
	return p.loaded
}

// textGET is a GET handler answering body.
func textGET(body string) map[string]any {
	return map[string]any{"GET": func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, body) }}
}

// stillLoading counts the problems of g that are ErrLoading.
func stillLoading(g *Generation) int {
	n := 0
	for _, p := range g.Problems() {
		if errors.Is(p.Err, approuter.ErrLoading) {
			n++
		}
	}
	return n
}

// A generation whose routes are loaded on demand: the proxy is loaded
// before the swap; a route's code is loaded once, by the first request
// for it (the requests asking meanwhile wait for that load), while the
// warm-up is held up by another route; each counts as still loading until
// it has loaded, and Loaded is closed once all have.
func TestPendingRoutes(t *testing.T) {
	dir := t.TempDir()
	appDir := filepath.Join(dir, "app")
	for _, f := range []string{"app/a/route.go", "app/b/route.go", "proxy.go"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("package x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	proxy := func(req *next.Request) *next.Response {
		res := next.Next()
		res.Headers.Set("X-Proxy", "ran")
		return res
	}
	pending := map[string]*gatedLoad{
		"a":     {loaded: approuter.Loaded{Handlers: textGET("a")}, release: make(chan struct{})},
		"b":     {loaded: approuter.Loaded{Handlers: textGET("b")}, release: make(chan struct{})},
		"proxy": {loaded: approuter.Loaded{Handlers: map[string]any{"Proxy": proxy}}, release: make(chan struct{})},
	}
	close(pending["proxy"].release)
	s := &Server{
		App: App{Dir: dir, AppDir: appDir},
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i, f := range files {
				p := pending[filepath.Base(filepath.Dir(f))]
				if filepath.Base(f) == "proxy.go" {
					p = pending["proxy"]
				}
				p.loaded.File = f
				out[i] = approuter.Loaded{File: f, Pending: p}
			}
			return out
		}),
	}
	t.Cleanup(func() {
		for _, k := range []string{"a", "b"} {
			select {
			case <-pending[k].release:
			default:
				close(pending[k].release)
			}
		}
	})
	g := s.Reload(context.Background(), nil)
	if n := stillLoading(g); n != 2 {
		t.Fatalf("%d routes still loading after the swap, want 2: %v", n, g.Problems())
	}

	// The warm-up starts with /a, whose load does not end: /b is loaded
	// by its requests.
	var wg sync.WaitGroup
	answers := make([]*httptest.ResponseRecorder, 3)
	for i := range answers {
		wg.Go(func() {
			answers[i] = httptest.NewRecorder()
			s.ServeHTTP(answers[i], httptest.NewRequest(http.MethodGet, "http://localhost/b", nil))
		})
	}
	for pending["b"].loads.Load() == 0 {
		runtime.Gosched() // the first request starts the load; the others join it
	}
	close(pending["b"].release)
	wg.Wait()
	for _, w := range answers {
		if w.Code != 200 || w.Body.String() != "b" || w.Header().Get("X-Proxy") != "ran" {
			t.Errorf("GET /b: %d %q, X-Proxy %q; want 200 \"b\" through the proxy", w.Code, w.Body, w.Header().Get("X-Proxy"))
		}
	}
	if n := pending["b"].loads.Load(); n != 1 {
		t.Errorf("/b loaded %d times, want once", n)
	}
	if n := stillLoading(g); n != 1 {
		t.Errorf("%d routes still loading once /b answered, want 1 (/a): %v", n, g.Problems())
	}
	select {
	case <-g.Loaded():
		t.Fatal("Loaded closed while /a is still loading")
	default:
	}

	close(pending["a"].release)
	<-g.Loaded()
	if n := stillLoading(g); n != 0 || pending["a"].loads.Load() != 1 {
		t.Errorf("after the warm-up: %d still loading, /a loaded %d times; want 0 and once", n, pending["a"].loads.Load())
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://localhost/a", nil))
	if w.Code != 200 || w.Body.String() != "a" {
		t.Errorf("GET /a: %d %q", w.Code, w.Body)
	}
}

// The first route loaded on demand with an error shows it on the
// overlays at once, while the warm-up still loads the others: after an
// edit of a package every route imports, that is the package's error.
func TestPendingRouteErrorShownAtOnce(t *testing.T) {
	dir := t.TempDir()
	appDir := filepath.Join(dir, "app")
	for _, f := range []string{"app/a/route.go", "app/b/route.go"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("package route\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := errors.New("internal/shared/shared.go:3:1: broken")
	pending := map[string]*gatedLoad{
		"a": {loaded: approuter.Loaded{Err: broken}, release: make(chan struct{})},
		"b": {loaded: approuter.Loaded{Err: broken}, release: make(chan struct{})},
	}
	close(pending["a"].release)
	t.Cleanup(func() { close(pending["b"].release) })
	s := &Server{
		App: App{Dir: dir, AppDir: appDir},
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i, f := range files {
				p := pending[filepath.Base(filepath.Dir(f))]
				p.loaded.File = f
				out[i] = approuter.Loaded{File: f, Pending: p}
			}
			return out
		}),
		LiveReload: true,
	}
	g := s.Reload(context.Background(), nil)
	shown := func() []string {
		s.events.mu.Lock()
		defer s.events.mu.Unlock()
		var files []string
		for _, e := range s.events.last.entries {
			files = append(files, filepath.Base(filepath.Dir(e.file)))
		}
		return files
	}
	for deadline := time.Now().Add(10 * time.Second); !slices.Equal(shown(), []string{"a"}); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the overlays show the errors of %v while /b loads, want /a's", shown())
		}
	}
	select {
	case <-g.Loaded():
		t.Fatal("Loaded closed while /b is still loading")
	default:
	}
}

// Loads the loader cancelled (the dev server is closing) are no errors of
// the routes: the warm-up logs neither them nor a count of them.
func TestPendingRoutesCancelled(t *testing.T) {
	dir, appDir := slowApp(t)
	logs := &apptest.LockedBuffer{}
	s := &Server{
		App:    App{Dir: dir, AppDir: appDir},
		Logger: log.New(logs),
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i, f := range files {
				p := &gatedLoad{release: make(chan struct{})}
				p.loaded = approuter.Loaded{File: f, Err: fmt.Errorf("%s: load cancelled: %w", f, context.Canceled)}
				close(p.release)
				out[i] = approuter.Loaded{File: f, Pending: p}
			}
			return out
		}),
	}
	g := s.Reload(context.Background(), nil)
	<-g.Loaded()
	if strings.Contains(logs.String(), "cancelled") || strings.Contains(logs.String(), "compiled") {
		t.Errorf("the log of a cancelled warm-up:\n%s", logs)
	}
}
