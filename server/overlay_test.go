package server

import (
	"context"
	"errors"
	"go/scanner"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/devserver/devserver/approuter"
)

// The overlay of a page shows the errors of the route serving it, and of
// the proxy, as its own; every other error is counted as another's.
func TestOverlayView(t *testing.T) {
	dir := t.TempDir()
	appDir := filepath.Join(dir, "app")
	for _, f := range []string{"app/ok/route.go", "app/broken/route.go", "app/users/[id]/route.go", "app/typed/route.go"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte("package route\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := map[string]bool{"broken/route.go": true, "users/[id]/route.go": true}
	s := &Server{
		App: App{Dir: dir, AppDir: appDir},
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i, f := range files {
				out[i] = approuter.Loaded{File: f, Handlers: map[string]any{"GET": func(http.ResponseWriter, *http.Request) {}}}
				if rel, _ := filepath.Rel(appDir, f); broken[filepath.ToSlash(rel)] {
					out[i] = approuter.Loaded{File: f, Err: errors.New(rel + ": broken")}
				}
			}
			return out
		}),
		LiveReload: true,
	}
	g := s.Reload(context.Background(), nil)
	typed := filepath.Join(appDir, "typed", "route.go")
	st := s.newOverlayState(g, map[string]scanner.ErrorList{typed: {{Pos: token.Position{Filename: typed, Line: 1, Column: 1}, Msg: "declared and not used: x"}}}, nil)

	for _, tt := range []struct {
		page         string
		errors       []string // files of the page's errors
		others       int
		reloadOnSave bool
	}{
		{"/ok", nil, 3, true},
		{"/broken", []string{"app/broken/route.go"}, 2, false},
		{"/users/7", []string{"app/users/[id]/route.go"}, 2, false},
		{"/typed", []string{"app/typed/route.go"}, 2, false},
		{"/nowhere", nil, 3, true},
		{"", []string{"app/broken/route.go", "app/users/[id]/route.go", "app/typed/route.go"}, 0, false},
	} {
		v := st.view(tt.page)
		var files []string
		for _, e := range v.Errors {
			files = append(files, e.File)
		}
		if !slices.Equal(files, tt.errors) || len(v.Others) != tt.others {
			t.Errorf("page %q: errors %v and %d others, want %v and %d", tt.page, files, len(v.Others), tt.errors, tt.others)
		}
		reloading := *st
		reloading.reload = true
		if e, _ := reloading.event(tt.page, ""); (e.name == "reload") != tt.reloadOnSave {
			t.Errorf("page %q: a new generation sends %q, want a reload: %v", tt.page, e.name, tt.reloadOnSave)
		}
	}
	// A state that shows a page what it already shows sends nothing.
	if _, changed := st.event("/ok", st.view("/ok").json()); changed {
		t.Errorf("an unchanged view was sent again")
	}
}

// An error both the interpreter and the type check found is listed once;
// a type error elsewhere in the same file still shows.
func TestOverlayListsAnErrorOnce(t *testing.T) {
	dir := t.TempDir()
	appDir := filepath.Join(dir, "app")
	file := filepath.Join(appDir, "broken", "route.go")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("package route\n\nvar a = x\nvar b = y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &Server{
		App: App{Dir: dir, AppDir: appDir},
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i, f := range files {
				out[i] = approuter.Loaded{File: f, Err: scanner.ErrorList{{Pos: token.Position{Filename: f, Line: 3, Column: 9}, Msg: "undefined: x"}}}
			}
			return out
		}),
		LiveReload: true,
	}
	g := s.Reload(context.Background(), nil)
	st := s.newOverlayState(g, map[string]scanner.ErrorList{file: {
		{Pos: token.Position{Filename: file, Line: 3, Column: 9}, Msg: "undefined: x"},
	}}, nil)
	if v := st.view("/broken"); len(v.Errors) != 1 {
		t.Errorf("the same error from the interpreter and the type check: the page lists %d errors, want 1: %+v", len(v.Errors), v.Errors)
	}
	st = s.newOverlayState(g, map[string]scanner.ErrorList{file: {
		{Pos: token.Position{Filename: file, Line: 4, Column: 9}, Msg: "undefined: y"},
	}}, nil)
	if v := st.view("/broken"); len(v.Errors) != 2 {
		t.Errorf("a type error at another line: the page lists %d errors, want 2: %+v", len(v.Errors), v.Errors)
	}
}
