package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/approuter"
)

// A route whose code is still loading answers 503 with Retry-After, and the
// generation is announced to browsers as a reload, not as an error.
func TestStillLoading(t *testing.T) {
	dir := t.TempDir()
	appDir := filepath.Join(dir, "app")
	if err := os.MkdirAll(filepath.Join(appDir, "slow"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(appDir, "slow", "route.go"), []byte("package route\n"), 0o644); err != nil {
		t.Fatal(err)
	}
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
