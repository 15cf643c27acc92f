package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/apptest"
	"github.com/devserver/devserver/server"
)

// gatedApp writes an app of routes that import internal/shared, a package
// holding no state (so each route is a unit of its own): /a0 to /a8, whose
// package inits block while shared.Version is "v1" and the file gate does
// not exist, and /z, which never blocks. Every route answers
// shared.Version. It returns the app's folder and the path of
// internal/shared.
func gatedApp(t *testing.T, gate string) (dir, shared string) {
	t.Helper()
	files := map[string]string{
		"go.mod":                    "module example.com/app\n\ngo 1.22\n",
		"internal/shared/shared.go": sharedVersion("v0"),
		"app/z/route.go": `package route

import (
	"example.com/app/internal/shared"
	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response { return next.NewResponse("z " + shared.Version) }
`,
	}
	for i := range 9 {
		files[fmt.Sprintf("app/a%d/route.go", i)] = fmt.Sprintf(`package route

import (
	"os"
	"time"

	"example.com/app/internal/shared"
	"github.com/devserver/devserver/next"
)

func init() {
	for shared.Version == "v1" {
		if _, err := os.Stat(%q); err == nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func GET(req *next.Request) *next.Response { return next.NewResponse("a%d " + shared.Version) }
`, gate, i)
	}
	dir = t.TempDir()
	writeTree(t, dir, files)
	return dir, filepath.Join(dir, "internal", "shared", "shared.go")
}

func sharedVersion(v string) string {
	return fmt.Sprintf("package shared\n\nconst Version = %q\n", v)
}

// deferredServer serves the app in dir with a loader that defers the units
// of a reload interpreting more than one, and waits reloadWait for a unit.
func deferredServer(t *testing.T, dir string, reloadWait time.Duration, ready func([]string)) *server.Server {
	t.Helper()
	p, err := FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	l := &Loader{Project: p, Stdout: io.Discard, Stderr: io.Discard, InitTimeout: time.Hour, ReloadWait: reloadWait, EagerUnits: 1, Ready: ready}
	return &server.Server{
		App:    server.App{Dir: p.Dir, AppDir: p.AppDir},
		Loader: l,
		// The dev server's: a unit compiling slowly on a busy machine is
		// waited for, one blocked in its init answers 503 after it.
		LoadingWait: 3 * time.Second,
	}
}

// get answers GET path from s, giving up on waiting after wait.
func get(s *server.Server, path string, wait time.Duration) *httptest.ResponseRecorder {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequestWithContext(ctx, http.MethodGet, "http://localhost"+path, nil))
	return w
}

// loading lists the files of g's routes still loading.
func loading(g *server.Generation) []string {
	var out []string
	for _, p := range g.Problems() {
		if errors.Is(p.Err, approuter.ErrLoading) {
			out = append(out, filepath.Base(filepath.Dir(p.File)))
		}
	}
	slices.Sort(out)
	return out
}

// An edit of a package every route imports does not make a request wait
// for every route's unit: the reload returns before any is interpreted,
// and a request loads its own. Here the nine units the warm-up loads first
// block in their inits (until the gate opens) once the edit is loaded, and
// the loader would wait for them forever (ReloadWait of an hour): /z
// answers the new version regardless, while they are still loading.
func TestDeferredUnitsRequestWaitsForItsOwnOnly(t *testing.T) {
	gate := filepath.Join(t.TempDir(), "gate")
	dir, shared := gatedApp(t, gate)
	s := deferredServer(t, dir, time.Hour, nil)
	t.Cleanup(func() { os.WriteFile(gate, nil, 0o644) }) // let the inits end
	s.Reload(context.Background(), nil)
	if w := get(s, "/z", time.Minute); w.Body.String() != "z v0" {
		t.Fatalf("GET /z before the edit: %d %q", w.Code, w.Body)
	}

	writeTree(t, dir, map[string]string{"internal/shared/shared.go": sharedVersion("v1")})
	reloaded := make(chan *server.Generation)
	go func() { reloaded <- s.Reload(context.Background(), []string{shared}) }()
	var g *server.Generation
	select {
	case g = <-reloaded:
	case <-time.After(time.Minute):
		t.Fatal("the reload waited for the units whose inits block")
	}
	if w := get(s, "/z", time.Minute); w.Code != 200 || w.Body.String() != "z v1" {
		t.Fatalf("GET /z after the edit: %d %q, want 200 \"z v1\"", w.Code, w.Body)
	}
	// The units blocking in init are still loading: /z did not wait for
	// them. They are not answered by their code of v0 meanwhile: no
	// route of a generation runs another version of the shared package.
	want := []string{"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"}
	if got := loading(g); !slices.Equal(got, want) {
		t.Errorf("routes still loading = %v, want %v", got, want)
	}
	if w := get(s, "/a3", 200*time.Millisecond); w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "still loading") {
		t.Errorf("GET /a3 while its init blocks: %d %q, want 503 still loading", w.Code, w.Body)
	}

	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if w := get(s, "/a3", time.Minute); w.Code != 200 || w.Body.String() != "a3 v1" {
		t.Errorf("GET /a3 once its init ends: %d %q, want 200 \"a3 v1\"", w.Code, w.Body)
	}
	// The warm-up loads the others: nothing is left loading.
	for deadline := time.Now().Add(time.Minute); len(loading(g)) > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("still loading after the warm-up: %v", loading(g))
		}
	}
	for i := range 9 {
		path := fmt.Sprintf("/a%d", i)
		if w := get(s, path, time.Minute); w.Body.String() != fmt.Sprintf("a%d v1", i) {
			t.Errorf("GET %s: %d %q", path, w.Code, w.Body)
		}
	}
}

// A deferred unit that runs for the reload wait (an init that blocks) goes
// on in the background: its routes answer 503 meanwhile, not their code
// of the old shared package, and once it finishes the loader's Ready asks
// for the reload that serves it.
func TestDeferredUnitStalls(t *testing.T) {
	gate := filepath.Join(t.TempDir(), "gate")
	dir, shared := gatedApp(t, gate)
	ready := make(chan []string, 16)
	// The dev server's reload wait: a unit that merely compiles slowly on
	// a busy machine (/z's) is not taken for a stalled one.
	s := deferredServer(t, dir, DefaultReloadWait, func(files []string) { ready <- files })
	t.Cleanup(func() { os.WriteFile(gate, nil, 0o644) })
	s.Reload(context.Background(), nil)
	writeTree(t, dir, map[string]string{"internal/shared/shared.go": sharedVersion("v1")})
	s.Reload(context.Background(), []string{shared})

	if w := get(s, "/a5", time.Minute); w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "still loading") {
		t.Errorf("GET /a5 while its init blocks: %d %q, want 503 still loading", w.Code, w.Body)
	}
	if w := get(s, "/z", time.Minute); w.Body.String() != "z v1" {
		t.Errorf("GET /z: %d %q, want \"z v1\"", w.Code, w.Body)
	}
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(time.Minute)
	for {
		select {
		case <-ready:
		case <-deadline:
			t.Fatal("no Ready for /a5's unit")
		}
		s.Reload(context.Background(), nil)
		if w := get(s, "/a5", time.Minute); w.Body.String() == "a5 v1" {
			return
		}
	}
}

// A shared package that no longer compiles, edited under routes whose
// units are deferred: a request answers its own route's error, naming the
// package's file and line; the log names it once, not once per route the
// warm-up loads, then says how many routes failed and how many of them
// that one error broke; Problems has every error once all are loaded.
func TestDeferredUnitsReportErrors(t *testing.T) {
	gate := filepath.Join(t.TempDir(), "gate")
	dir, shared := gatedApp(t, gate)
	logs := &apptest.LockedBuffer{}
	s := deferredServer(t, dir, time.Hour, nil)
	s.Logger = log.New(logs)
	s.Reload(context.Background(), nil)
	writeTree(t, dir, map[string]string{"internal/shared/shared.go": "package shared\n\nconst Version = v1\n"})
	g := s.Reload(context.Background(), []string{shared})

	w := get(s, "/z", time.Minute)
	if w.Code != 500 || !strings.Contains(w.Body.String(), "internal/shared/shared.go:3:") {
		t.Errorf("GET /z: %d %q, want 500 naming internal/shared/shared.go:3", w.Code, w.Body)
	}
	select {
	case <-g.Loaded():
	case <-time.After(time.Minute):
		t.Fatalf("the warm-up did not end; still loading: %v", loading(g))
	}
	var errs int
	for _, p := range g.Problems() {
		if p.Err != nil {
			errs++
			if !strings.Contains(p.Err.Error(), "shared.go:3:") {
				t.Errorf("%s: %v, want the shared package's error", p.File, p.Err)
			}
		}
	}
	if errs != 10 {
		t.Errorf("%d errors once loaded, want 10: %v", errs, g.Problems())
	}
	summary := regexp.MustCompile(`compiled with 10 error\(s\); internal/shared/shared\.go:3:\d+ breaks 10 routes`)
	for deadline := time.Now().Add(time.Minute); !summary.MatchString(logs.String()); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no line counting the errors and the routes the shared one breaks in the log:\n%s", logs)
		}
	}
	if got := strings.Count(logs.String(), "ERRO"); got != 1 {
		t.Errorf("the log has %d ERROR lines, want the shared package's error once, not once per route:\n%s", got, logs)
	}
}

// An edit that makes a package many units import one the interpreter
// refuses (it now uses unsafe, a construct a detector sends to the
// compiled tier, or it does not compile) is found by the first of them
// loaded on demand; the next Load then refuses every other unit importing
// that version of the package before it returns, so that all of them are
// handed to the compiled tier in that one reload instead of one reload
// each: with the first one's error when it is positioned in the package,
// else interpreted (unsafe is reported at each route's import).
func TestRefusedSharedPackageRefusesItsImportersAtOnce(t *testing.T) {
	tests := []struct {
		name    string
		greet   string // the edited internal/greet/greet.go
		differs bool   // refused by a detector (ErrDiffers)
		want    string // in each route's error
		shared  bool   // the error is positioned in greet: every importer's
	}{
		{
			name:  "unsafe",
			greet: "package greet\n\nimport (\n\t\"fmt\"\n\t\"unsafe\"\n)\n\nfunc Greeting() string { return fmt.Sprint(\"hola\", unsafe.Sizeof(0)) }\n",
			want:  "package example.com/app/internal/greet uses package unsafe",
		},
		{
			name:    "typed nil in an interface",
			greet:   "package greet\n\ntype E struct{}\n\nfunc (e *E) Error() string { return \"e\" }\n\nfunc check() error {\n\tvar p *E\n\treturn p\n}\n\nfunc Greeting() string {\n\tif check() == nil {\n\t\treturn \"nil\"\n\t}\n\treturn \"hola\"\n}\n",
			differs: true,
			want:    filepath.FromSlash("internal/greet/greet.go:9:9: an interface holding a pointer that may be nil"),
			shared:  true,
		},
		{
			name:   "type error",
			greet:  "package greet\n\nfunc Greeting() string { return 42 }\n",
			want:   filepath.FromSlash("internal/greet/greet.go:3:"),
			shared: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, paths := greetApp(t, 12) // more than EagerUnits
			p, err := FindProject(dir)
			if err != nil {
				t.Fatal(err)
			}
			l := &Loader{Project: p, Stdout: io.Discard, Stderr: io.Discard, ReloadWait: time.Minute, EagerUnits: 8, CompileDiffering: true}
			ctx := context.Background()
			for _, r := range l.Load(ctx, paths) {
				if r.Err != nil || r.Pending != nil {
					t.Fatalf("first load: %s: err %v, pending %v", r.File, r.Err, r.Pending != nil)
				}
			}

			writeTree(t, dir, map[string]string{"internal/greet/greet.go": tt.greet})
			loaded := l.Load(ctx, paths)
			for _, r := range loaded {
				if r.Pending == nil {
					t.Fatalf("after the edit, %s was loaded before the swap (err %v): want it deferred", r.File, r.Err)
				}
			}
			r3 := loaded[3].Pending.Load()
			if !errors.Is(r3.Err, ErrNotInterpreted) {
				t.Fatalf("r3 loaded on demand: err %v, want ErrNotInterpreted", r3.Err)
			}
			for _, r := range l.Load(ctx, paths) {
				if r.Pending != nil {
					t.Errorf("the reload after r3 was refused deferred %s: want it refused before the swap", r.File)
					continue
				}
				if !errors.Is(r.Err, ErrNotInterpreted) || errors.Is(r.Err, ErrDiffers) != tt.differs || r.Err == nil || !strings.Contains(r.Err.Error(), tt.want) {
					t.Errorf("%s: err %v, want the interpreter's refusal (differs: %v) saying %q", r.File, r.Err, tt.differs, tt.want)
				}
				// An error positioned in greet is every importer's:
				// refused with r3's, not interpreted again (the same
				// error, not an equal one). One positioned at the
				// route's import of greet is the route's own.
				if tt.shared && r.Err != nil && errorIdentity(r.Err) != errorIdentity(r3.Err) {
					t.Errorf("%s was interpreted again (an error of its own, %v): want r3's refusal", r.File, r.Err)
				}
			}

			// Back to code the interpreter runs: what refused the units
			// was greet, which changed, so the edit is loaded on demand
			// as any edit of a package they all import, and all load.
			writeTree(t, dir, map[string]string{"internal/greet/greet.go": "package greet\n\nfunc Greeting() string { return \"salut\" }\n"})
			for _, r := range l.Load(ctx, paths) {
				if r.Pending == nil {
					t.Errorf("after greet runs again, %s was interpreted before the swap (err %v): want it deferred", r.File, r.Err)
				} else {
					r = r.Pending.Load()
				}
				if r.Err != nil || r.Handlers["GET"] == nil {
					t.Errorf("after greet runs again, %s: err %v, handlers %v", r.File, r.Err, r.Handlers)
				}
			}
		})
	}
}

// A route the interpreter refuses for its own code is interpreted before
// the swap again when a package it imports changes, so that the compiled
// tier takes it in that reload; the other routes of the edit are loaded on
// demand.
func TestRouteRefusedForItsOwnCodeIsNotDeferred(t *testing.T) {
	dir, paths := greetApp(t, 12) // more than EagerUnits
	writeTree(t, dir, map[string]string{"app/r0/route.go": `package route

import (
	"unsafe"

	"example.com/app/internal/greet"
	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	return next.NewResponse(greet.Greeting() + string(rune('0'+unsafe.Sizeof(byte(0)))))
}
`})
	p, err := FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	l := &Loader{Project: p, Stdout: io.Discard, Stderr: io.Discard, ReloadWait: time.Minute, EagerUnits: 8, CompileDiffering: true}
	ctx := context.Background()
	if r := l.Load(ctx, paths)[0]; !errors.Is(r.Err, ErrNotInterpreted) {
		t.Fatalf("first load of r0: err %v, want ErrNotInterpreted", r.Err)
	}
	writeTree(t, dir, map[string]string{"internal/greet/greet.go": "package greet\n\nfunc Greeting() string { return \"hola\" }\n"})
	for i, r := range l.Load(ctx, paths) {
		switch {
		case i == 0 && (r.Pending != nil || !errors.Is(r.Err, ErrNotInterpreted)):
			t.Errorf("r0 after the edit: pending %v, err %v; want it refused before the swap", r.Pending != nil, r.Err)
		case i > 0 && r.Pending == nil:
			t.Errorf("%s after the edit was loaded before the swap (err %v): want it deferred", r.File, r.Err)
		}
	}
}

// errorIdentity is the address of the innermost error err wraps (of its
// first entry, for a scanner.ErrorList): two errors made apart differ in
// it even when their texts are equal.
func errorIdentity(err error) uintptr {
	for errors.Unwrap(err) != nil {
		err = errors.Unwrap(err)
	}
	v := reflect.ValueOf(err)
	switch v.Kind() {
	case reflect.Pointer:
		return v.Pointer()
	case reflect.Slice:
		if v.Len() > 0 && v.Index(0).Kind() == reflect.Pointer {
			return v.Index(0).Pointer()
		}
	}
	return 0
}

// greetApp writes an app of n routes, /r0 to /r(n-1), that import
// internal/greet, a package holding no state (so each route is a unit of
// its own), and returns its folder and the routes' files.
func greetApp(t *testing.T, n int) (dir string, routes []string) {
	t.Helper()
	dir = t.TempDir()
	files := map[string]string{
		"go.mod":                  "module example.com/app\n\ngo 1.22\n",
		"internal/greet/greet.go": "package greet\n\nfunc Greeting() string { return \"hello\" }\n",
	}
	for i := range n {
		name := fmt.Sprintf("app/r%d/route.go", i)
		files[name] = fmt.Sprintf(`package route

import (
	"example.com/app/internal/greet"
	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response { return next.NewResponse(greet.Greeting() + " r%d") }
`, i)
		routes = append(routes, filepath.Join(dir, filepath.FromSlash(name)))
	}
	writeTree(t, dir, files)
	return dir, routes
}
