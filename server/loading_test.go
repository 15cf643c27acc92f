package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/devserver/devserver/approuter"
)

// slowApp writes a project whose one route is app/slow/route.go, and
// returns its folder and its app folder.
func slowApp(t *testing.T) (dir, appDir string) {
	dir = t.TempDir()
	appDir = filepath.Join(dir, "app")
	if err := os.MkdirAll(filepath.Join(appDir, "slow"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(appDir, "slow", "route.go"), []byte("package route\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, appDir
}

// A route whose code is still loading answers 503 with Retry-After, and the
// generation is announced to browsers as a reload, not as an error.
func TestStillLoading(t *testing.T) {
	dir, appDir := slowApp(t)
	s := &Server{
		App: App{Dir: dir, AppDir: appDir},
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i, f := range files {
				out[i] = approuter.Loaded{File: f, Err: fmt.Errorf("%s: %w", f, approuter.ErrLoading)}
			}
			return out
		}),
		LiveReload: true,
	}
	g := s.Reload(context.Background(), nil)
	if got := len(g.Problems()); got != 1 || !errors.Is(g.Problems()[0].Err, approuter.ErrLoading) {
		t.Fatalf("problems = %v, want the one ErrLoading", g.Problems())
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://localhost/slow", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("GET /slow: %d, Retry-After %q; want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	// Still loading is no error to show: pages reload to the routes that
	// have loaded.
	_, last, _ := s.events.subscribe()
	if e, _ := last.event("/slow", ""); e.name != "reload" {
		t.Errorf("announced %q (%s), want reload", e.name, e.data)
	}
}

// With LoadingWait, a request for a route still loading waits for the
// generation that has it and is answered by that generation's code; one
// that is still loading when the wait ends answers 503.
func TestLoadingWait(t *testing.T) {
	dir, appDir := slowApp(t)
	var loaded atomic.Bool
	s := &Server{
		App: App{Dir: dir, AppDir: appDir},
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i, f := range files {
				out[i] = approuter.Loaded{File: f, Err: fmt.Errorf("%s: %w", f, approuter.ErrLoading)}
				if loaded.Load() {
					out[i] = approuter.Loaded{File: f, Handlers: map[string]any{"GET": func(w http.ResponseWriter, _ *http.Request) {
						fmt.Fprint(w, "loaded")
					}}}
				}
			}
			return out
		}),
		LoadingWait: time.Minute,
	}
	first := s.Reload(context.Background(), nil)

	go func() {
		time.Sleep(100 * time.Millisecond)
		loaded.Store(true)
		s.Reload(context.Background(), nil)
	}()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://localhost/slow", nil))
	if w.Code != http.StatusOK || w.Body.String() != "loaded" {
		t.Errorf("GET /slow while it loads: %d %q, want 200 \"loaded\"", w.Code, w.Body.String())
	}
	if got, want := w.Header().Get(GenerationHeader), strconv.FormatUint(first.ID+1, 10); got != want {
		t.Errorf("answered by generation %s, want %s (the one that has the route)", got, want)
	}

	loaded.Store(false)
	s.Reload(context.Background(), nil)
	s.LoadingWait = 50 * time.Millisecond
	w = httptest.NewRecorder()
	start := time.Now()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://localhost/slow", nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("GET /slow still loading after the wait: %d, want 503", w.Code)
	}
	if took := time.Since(start); took < 50*time.Millisecond {
		t.Errorf("answered 503 after %v, before LoadingWait", took)
	}
}
