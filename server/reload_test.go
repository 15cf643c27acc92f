package server

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSameRouteFiles(t *testing.T) {
	dir := t.TempDir()
	app := filepath.Join(dir, "app")
	for _, f := range []string{"app/a/route.go", "app/a/helper.go", "app/b/page.html", "app/new/route.go", "internal/x/x.go"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g := &Generation{app: App{Dir: dir, AppDir: app}, files: []string{"a/route.go", "b/page.html"}}
	p := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	for _, c := range []struct {
		name    string
		changed []string
		want    bool
	}{
		{"a route edited", []string{p("app/a/route.go")}, true},
		{"a page edited", []string{p("app/b/page.html")}, true},
		{"a helper and a shared package edited", []string{p("app/a/helper.go"), p("internal/x/x.go")}, true},
		{"a new route", []string{p("app/a/route.go"), p("app/new/route.go")}, false},
		{"a removed file", []string{p("app/gone/route.go")}, false},
		{"a folder", []string{p("app/a")}, false},
		{"nothing known", nil, false},
	} {
		if got := g.sameRouteFiles(c.changed); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
