package interp

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// counterRoute is a route with state of its own: GET answers how many
// times it was called since its package was initialised.
func counterRoute(imports string, body string) string {
	return "package route\n\nimport (\n" + imports + "\t\"strconv\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nvar calls int\n\nfunc GET(req *next.Request) *next.Response {\n\tcalls++\n\treturn next.NewResponse(strconv.Itoa(calls) + \" \" + " + body + ")\n}\n"
}

func TestPartition(t *testing.T) {
	files := map[string]string{
		"internal/pure/pure.go":   "package pure\n\nconst Word = \"w\"\n\nfunc Up(s string) string { return s + \"!\" }\n",
		"internal/store/store.go": "package store\n\nvar N int\n",
		"internal/wrap/wrap.go":   "package wrap\n\nimport \"example.com/app/internal/store\"\n\nfunc Get() int { return store.N }\n",
		"internal/boot/boot.go":   "package boot\n\nfunc init() {}\n",
	}
	route := func(imps ...string) string {
		var b strings.Builder
		for _, i := range imps {
			b.WriteString("\t_ \"example.com/app/internal/" + i + "\"\n")
		}
		return "package route\n\nimport (\n" + b.String() + ")\n"
	}
	files["app/a/route.go"] = route("pure")
	files["app/b/route.go"] = route("pure")
	files["app/c/route.go"] = route("store")
	files["app/d/route.go"] = route("wrap") // store, through wrap
	files["app/e/route.go"] = route("boot")
	files["app/f/route.go"] = route("boot", "pure")
	files["app/g/route.go"] = route()
	p := newProject(t, files)
	var paths []string
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		paths = append(paths, filepath.Join(p.AppDir, n, "route.go"))
	}
	snap := newSnapshot(p, nil, &sourceCache{})
	units := snap.partition(paths, "")
	var got []string
	for _, u := range units {
		var names []string
		for _, i := range u.files {
			names = append(names, filepath.Base(filepath.Dir(paths[i])))
		}
		got = append(got, strings.Join(names, ""))
	}
	sort.Strings(got)
	want := []string{"a", "b", "cd", "ef", "g"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("units %v, want %v", got, want)
	}
}

// TestLoadReusesUnchangedUnits checks that a Load interprets again only
// the units whose sources changed: the others keep their handlers, and so
// their state.
func TestLoadReusesUnchangedUnits(t *testing.T) {
	pure := "\t\"example.com/app/internal/pure\"\n"
	p := newProject(t, map[string]string{
		"internal/pure/pure.go": "package pure\n\nconst Word = \"v1\"\n",
		"app/a/route.go":        counterRoute(pure, "pure.Word"),
		"app/b/route.go":        counterRoute(pure, "pure.Word"),
		"app/c/route.go":        counterRoute("", `"c"`),
	})
	files := []string{
		filepath.Join(p.AppDir, "a", "route.go"),
		filepath.Join(p.AppDir, "b", "route.go"),
		filepath.Join(p.AppDir, "c", "route.go"),
	}
	l := &Loader{Project: p}
	call := func(routes []approuter.Loaded) string {
		t.Helper()
		var out []string
		for _, r := range routes {
			if r.Err != nil {
				t.Fatalf("%s: %v", r.File, r.Err)
			}
			get := r.Handlers["GET"].(func(*next.Request) *next.Response)
			out = append(out, readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/", nil)))))
		}
		return strings.Join(out, ", ")
	}
	check := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %q, want %q", what, got, want)
		}
	}
	check("first load", call(l.Load(context.Background(), files)), "1 v1, 1 v1, 1 c")
	check("nothing changed", call(l.Load(context.Background(), files)), "2 v1, 2 v1, 2 c")
	writeTree(t, p.ModuleDir, map[string]string{"app/c/route.go": counterRoute("", `"c2"`)})
	check("c changed", call(l.Load(context.Background(), files)), "3 v1, 3 v1, 1 c2")
	writeTree(t, p.ModuleDir, map[string]string{"internal/pure/pure.go": "package pure\n\nconst Word = \"v2\"\n"})
	check("pure changed", call(l.Load(context.Background(), files)), "1 v2, 1 v2, 2 c2")
	l.Env = []string{"A=1"}
	check("environment changed", call(l.Load(context.Background(), files)), "1 v2, 1 v2, 1 c2")
	// A file that disappears and comes back with the same content is the
	// same source.
	if err := os.Remove(files[2]); err != nil {
		t.Fatal(err)
	}
	writeTree(t, p.ModuleDir, map[string]string{"app/c/route.go": counterRoute("", `"c2"`)})
	check("c rewritten as it was", call(l.Load(context.Background(), files)), "2 v2, 2 v2, 2 c2")
}

// TestLoadGenericStdlib checks that the generic standard library (compiled
// only into interpreters that import it) works where it is imported, and
// that a route beside it without it loads too.
func TestLoadGenericStdlib(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/a/route.go": "package route\n\nimport (\n\t\"slices\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\ts := []int{3, 1, 2}\n\tif slices.Index(s, 1) != 1 {\n\t\tpanic(\"index\")\n\t}\n\treturn next.JSON(map[string]any{\"s\": s, \"has\": slices.Contains(s, 2)})\n}\n",
		"app/b/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(\"b\") }\n",
	})
	l := &Loader{Project: p}
	routes := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "a", "route.go"), filepath.Join(p.AppDir, "b", "route.go")})
	for i, want := range []string{`{"has":true,"s":[3,1,2]}`, "b"} {
		if routes[i].Err != nil {
			t.Fatalf("%s: %v", routes[i].File, routes[i].Err)
		}
		get := routes[i].Handlers["GET"].(func(*next.Request) *next.Response)
		if got := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/", nil)))); got != want {
			t.Errorf("%s: %s, want %s", routes[i].File, got, want)
		}
	}
}

// TestLoadChanged checks that after Changed a Load reads again what was
// reported, and only that: an unreported edit stays unseen until a Load
// without hints, which reads everything.
func TestLoadChanged(t *testing.T) {
	p := newProject(t, map[string]string{
		"internal/a/a.go": "package a\n\nconst Word = \"a1\"\n",
		"internal/b/b.go": "package b\n\nconst Word = \"b1\"\n",
		"app/r/route.go":  "package route\n\nimport (\n\t\"example.com/app/internal/a\"\n\t\"example.com/app/internal/b\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(a.Word + b.Word) }\n",
	})
	files := []string{filepath.Join(p.AppDir, "r", "route.go")}
	l := &Loader{Project: p}
	body := func() string {
		t.Helper()
		r := l.Load(context.Background(), files)[0]
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		return readBody(t, r.Handlers["GET"].(func(*next.Request) *next.Response)(nextserver.NewRequest(httptest.NewRequest("GET", "/", nil))))
	}
	edit := func(rel, content string) string {
		writeTree(t, p.ModuleDir, map[string]string{rel: content})
		return filepath.Join(p.ModuleDir, filepath.FromSlash(rel))
	}
	if got := body(); got != "a1b1" {
		t.Fatalf("first load: %q", got)
	}
	pa := edit("internal/a/a.go", "package a\n\nconst Word = \"a2\"\n")
	l.Changed(p.ModuleDir, []string{pa})
	if got := body(); got != "a2b1" {
		t.Errorf("after a reported edit of a: %q, want a2b1", got)
	}
	edit("internal/b/b.go", "package b\n\nconst Word = \"b2\"\n")
	l.Changed(p.ModuleDir, []string{filepath.Join(p.ModuleDir, "README.md")})
	if got := body(); got != "a2b1" {
		t.Errorf("after an unreported edit of b: %q, want a2b1 (b is not read again)", got)
	}
	l.Changed(p.ModuleDir, []string{filepath.Join(p.ModuleDir, "internal")}) // a folder: all under it
	if got := body(); got != "a2b2" {
		t.Errorf("after a reported folder: %q, want a2b2", got)
	}
	edit("internal/b/b.go", "package b\n\nconst Word = \"b3\"\n")
	if got := body(); got != "a2b3" {
		t.Errorf("a load without hints: %q, want a2b3", got)
	}
}

// A Go file read half-written is read again until the rest arrives; one
// with a real syntax error is taken as it is after one more read.
func TestSettle(t *testing.T) {
	full := "package p\n\nfunc F() int { return 1 }\n"
	tests := []struct {
		name  string
		first string // on disk when read
		later string // written 5 ms after the read ("" for none)
		want  string
	}{
		{"complete", full, "", full},
		{"half-written", full[:len(full)/2], full, full},
		{"syntax error", "package p\n\nfunc F( {\n", "", "package p\n\nfunc F( {\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.go")
			if err := os.WriteFile(path, []byte(tt.first), 0o644); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				if tt.later != "" {
					time.Sleep(5 * time.Millisecond)
					if err := os.WriteFile(path, []byte(tt.later), 0o644); err != nil {
						t.Error(err)
					}
				}
			}()
			got := settle(path, []byte(tt.first))
			<-done
			if string(got) != tt.want {
				t.Errorf("settle = %q, want %q", got, tt.want)
			}
		})
	}
}

// A Go file that does not parse, with the content the caller already
// waited on (Loader.Awaited), is taken as it is, although it changes a
// moment after the read; another content of it is waited on as before.
func TestAwaitedFileIsNotSettledAgain(t *testing.T) {
	full := "package p\n\nfunc F() int { return 1 }\n"
	half := full[:len(full)/2]
	tests := []struct {
		name    string
		awaited string // the content the caller waited on
		want    string
	}{
		{"the content waited on", half, half},
		{"another content", "package p\n\nfunc", full},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.go")
			if err := os.WriteFile(path, []byte(half), 0o644); err != nil {
				t.Fatal(err)
			}
			var c sourceCache
			c.await(map[string][]byte{path: []byte(tt.awaited)})
			done := make(chan struct{})
			go func() {
				defer close(done)
				time.Sleep(5 * time.Millisecond)
				if err := os.WriteFile(path, []byte(full), 0o644); err != nil {
					t.Error(err)
				}
			}()
			f, err := c.facts(path)
			<-done
			if err != nil {
				t.Fatal(err)
			}
			if string(f.src) != tt.want {
				t.Errorf("facts read %q, want %q", f.src, tt.want)
			}
		})
	}
}

// One load reads each file once: what the interpreter runs is the content
// the load hashed, even when the file changes during the load.
func TestLoadReadsEachFileOnce(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":         "module example.com/app\n\ngo 1.22\n",
		"app/a/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(\"v1\") }\n",
	})
	proj, err := FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	route := filepath.Join(dir, "app", "a", "route.go")
	snap := newSnapshot(proj, nil, &sourceCache{})
	snap.sources(filepath.Dir(route))
	// The file changes after the snapshot read it: the rewrite must not
	// see the change.
	if err := os.WriteFile(route, []byte("package route\n\nfunc GET( {\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rw := &rewriter{sources: snap.sources, hashOf: snap.hashOf}
	got, err := rw.file(route, "src/example.com/app/app/a/route.go", true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), `"v1"`) {
		t.Errorf("rewritten from disk, not from the snapshot:\n%s", got)
	}
}
