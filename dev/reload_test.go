package dev_test

// Reloads through the real watcher: every test edits files on disk and polls
// until the server answers with the new code.

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/devserver/devserver/dev"
)

func TestReloadEditHandler(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/hello/route.go": textRoute("v1"),
		"app/other/route.go": textRoute("other"),
	})
	r1 := a.get(t, "/hello")
	if r1.Status != 200 || r1.Body != "v1" || r1.gen() == 0 {
		t.Fatalf("GET /hello: %s (generation %q)", r1, r1.Header.Get("X-Devserver-Generation"))
	}
	gen := r1.gen()
	step := func(want string) {
		t.Helper()
		r := a.waitBody(t, "/hello", want)
		if r.gen() <= gen {
			t.Errorf("after the edit to %q: generation %d, want more than %d", want, r.gen(), gen)
		}
		gen = r.gen()
		expect(t, "GET /other", a.get(t, "/other"), 200, "other")
	}

	// A plain save: truncate and write.
	a.write(t, "app/hello/route.go", textRoute("v2"))
	step("v2")

	// Atomic save: write a temporary file, rename it over route.go.
	a.write(t, "app/hello/route.go.tmp", textRoute("v3"))
	if err := os.Rename(a.path("app/hello/route.go.tmp"), a.path("app/hello/route.go")); err != nil {
		t.Fatal(err)
	}
	step("v3")

	// Vim with backupcopy=no: move the original aside, write, delete.
	if err := os.Rename(a.path("app/hello/route.go"), a.path("app/hello/route.go~")); err != nil {
		t.Fatal(err)
	}
	a.write(t, "app/hello/route.go", textRoute("v4"))
	if err := os.Remove(a.path("app/hello/route.go~")); err != nil {
		t.Fatal(err)
	}
	step("v4")

	// JetBrains safe write.
	a.write(t, "app/hello/route.go___jb_tmp___", textRoute("v5"))
	if err := os.Rename(a.path("app/hello/route.go"), a.path("app/hello/route.go___jb_old___")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(a.path("app/hello/route.go___jb_tmp___"), a.path("app/hello/route.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(a.path("app/hello/route.go___jb_old___")); err != nil {
		t.Fatal(err)
	}
	step("v5")
}

func TestReloadAddRoute(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{"app/one/route.go": textRoute("one")})
	expect(t, "GET /two before", a.get(t, "/two"), 404)
	a.write(t, "app/two/route.go", textRoute("two"))
	a.waitBody(t, "/two", "two")
	expect(t, "GET /one", a.get(t, "/one"), 200, "one")

	// A second method in an existing file.
	a.write(t, "app/one/route.go", textRoute("one")+"\nfunc POST(req *next.Request) *next.Response { return next.NewResponse(\"posted\") }\n")
	waitForRequest(t, "POST", a.URL+"/one", func(r resp) bool { return r.Status == 200 && r.Body == "posted" })
	expect(t, "GET /one", a.get(t, "/one"), 200, "one")
}

func TestReloadDeleteRoute(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/keep/route.go":           textRoute("keep"),
		"app/file/route.go":           textRoute("file"),
		"app/dir/sub/route.go":        textRoute("dir sub"),
		"app/dir/route.go":            textRoute("dir"),
		"app/dyn/[id]/route.go":       echoRoute("dyn"),
		"app/dyn/static/route.go":     textRoute("dyn static"),
		"app/docs/[...slug]/route.go": echoRoute("docs"),
	})
	expect(t, "GET /file", a.get(t, "/file"), 200, "file")
	if err := os.Remove(a.path("app/file/route.go")); err != nil {
		t.Fatal(err)
	}
	a.waitStatus(t, "/file", 404)

	expect(t, "GET /dir/sub", a.get(t, "/dir/sub"), 200, "dir sub")
	if err := os.RemoveAll(a.path("app/dir")); err != nil {
		t.Fatal(err)
	}
	a.waitStatus(t, "/dir/sub", 404)
	a.waitStatus(t, "/dir", 404)

	// Removing the static route lets the dynamic one answer its URL.
	expect(t, "GET /dyn/static", a.get(t, "/dyn/static"), 200, "dyn static")
	if err := os.RemoveAll(a.path("app/dyn/static")); err != nil {
		t.Fatal(err)
	}
	a.waitBody(t, "/dyn/static", echoJSON("dyn", map[string][]string{"id": {"static"}}))
	expect(t, "GET /keep", a.get(t, "/keep"), 200, "keep")
}

func TestReloadRenameFolder(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/old/route.go":       textRoute("moved"),
		"app/old/inner/route.go": textRoute("inner"),
		"app/keep/route.go":      textRoute("keep"),
	})
	expect(t, "GET /old", a.get(t, "/old"), 200, "moved")
	if err := os.Rename(a.path("app/old"), a.path("app/new")); err != nil {
		t.Fatal(err)
	}
	a.waitBody(t, "/new", "moved")
	a.waitBody(t, "/new/inner", "inner")
	expect(t, "GET /old", a.get(t, "/old"), 404)
	expect(t, "GET /old/inner", a.get(t, "/old/inner"), 404)

	// Into a group: the URL loses the segment.
	if err := os.Rename(a.path("app/new"), a.path("app/(grp)")); err != nil {
		t.Fatal(err)
	}
	a.waitBody(t, "/inner", "inner")
	expect(t, "GET /new/inner", a.get(t, "/new/inner"), 404)

	// Into a private folder: gone.
	if err := os.Rename(a.path("app/(grp)"), a.path("app/_hidden")); err != nil {
		t.Fatal(err)
	}
	a.waitStatus(t, "/inner", 404)
	expect(t, "GET /keep", a.get(t, "/keep"), 200, "keep")
}

// poller keeps requesting paths until stopped and counts what went wrong.
type poller struct {
	stop     chan struct{}
	wg       sync.WaitGroup
	requests atomic.Int64
	mu       sync.Mutex
	failures []string
}

// startPollers starts n goroutines, each requesting want's paths in turn
// and expecting 200 with the given body.
func startPollers(t *testing.T, a *app, n int, want map[string]string) *poller {
	p := &poller{stop: make(chan struct{})}
	var paths []string
	for path := range want {
		paths = append(paths, path)
	}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func(i int) {
			defer p.wg.Done()
			for k := i; ; k++ {
				select {
				case <-p.stop:
					return
				default:
				}
				path := paths[k%len(paths)]
				r, err := fetch(http.MethodGet, a.URL+path, nil)
				p.requests.Add(1)
				var bad string
				switch {
				case err != nil:
					bad = fmt.Sprintf("GET %s: transport error: %v", path, err)
				case r.Status != 200 || r.Body != want[path]:
					bad = fmt.Sprintf("GET %s: %s (generation %s)", path, r, r.Header.Get("X-Devserver-Generation"))
				}
				if bad != "" {
					p.mu.Lock()
					p.failures = append(p.failures, bad)
					p.mu.Unlock()
				}
			}
		}(i)
	}
	t.Cleanup(p.finish)
	return p
}

// finish stops the goroutines; it may be called more than once.
func (p *poller) finish() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	p.wg.Wait()
}

// check stops the goroutines and fails the test if any request failed.
func (p *poller) check(t *testing.T) {
	t.Helper()
	p.finish()
	if p.requests.Load() == 0 {
		t.Fatal("the pollers made no request")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.failures) > 0 {
		show := p.failures
		if len(show) > 10 {
			show = show[:10]
		}
		t.Errorf("%d of %d requests to the stable routes failed, e.g.:\n%s", len(p.failures), p.requests.Load(), strings.Join(show, "\n"))
	}
}

func TestReloadBreakAndFix(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/edit/route.go":        textRoute("good"),
		"app/stable/route.go":      textRoute("stable"),
		"app/stable/[id]/route.go": echoRoute("stable/[id]"),
	})
	p := startPollers(t, a, 2, map[string]string{
		"/stable":   "stable",
		"/stable/1": echoJSON("stable/[id]", map[string][]string{"id": {"1"}}),
	})

	// Line 6 is missing its closing parenthesis.
	a.write(t, "app/edit/route.go", `package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response {
	return next.NewResponse("broken"
}
`)
	// (A save is a truncate then a write: a reload may see the empty file
	// first, so wait for the error of the complete file.)
	pos := regexp.MustCompile(`\Aapp/edit/route\.go:6:34: `)
	waitFor(t, a.URL+"/edit", func(r resp) bool { return r.Status == 500 && pos.MatchString(r.Body) })
	// A type error next.
	a.write(t, "app/edit/route.go", `package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response {
	var n int = "two"
	return next.JSON(n)
}
`)
	waitFor(t, a.URL+"/edit", func(r resp) bool {
		return r.Status == 500 && strings.HasPrefix(r.Body, "app/edit/route.go:6:")
	})
	a.write(t, "app/edit/route.go", textRoute("fixed"))
	a.waitBody(t, "/edit", "fixed")
	p.check(t)
}

func TestReloadSharedPackage(t *testing.T) {
	t.Parallel()
	greet := func(word string) string {
		return "package greet\n\nfunc Greeting() string { return " + fmt.Sprintf("%q", word) + " }\n"
	}
	a := startApp(t, map[string]string{
		"internal/greet/greet.go": greet("hello"),
		"app/a/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse(greet.Greeting() + " a") }`,
			"example.com/app/internal/greet"),
		"app/b/[id]/route.go": goRoute(`func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.NewResponse(greet.Greeting() + " " + ctx.Params.Get("id"))
}`, "example.com/app/internal/greet"),
		"app/c/route.go": textRoute("c"),
	})
	expect(t, "GET /a", a.get(t, "/a"), 200, "hello a")
	a.write(t, "internal/greet/greet.go", greet("hola"))
	a.waitBody(t, "/a", "hola a")
	a.waitBody(t, "/b/x", "hola x")

	// Break the package: both importers answer 500 naming it, c serves.
	a.write(t, "internal/greet/greet.go", "package greet\n\nfunc Greeting() string { return 42 }\n")
	for _, p := range []string{"/a", "/b/x"} {
		waitFor(t, a.URL+p, func(r resp) bool {
			return r.Status == 500 && strings.HasPrefix(r.Body, "internal/greet/greet.go:3:")
		})
	}
	expect(t, "GET /c", a.get(t, "/c"), 200, "c")
	a.write(t, "internal/greet/greet.go", greet("salut"))
	a.waitBody(t, "/a", "salut a")
	a.waitBody(t, "/b/y", "salut y")
}

// TestReloadKeepsUnrelatedState checks what a reload does to package state:
// routes sharing a stateful package share one instance of it; an edit
// elsewhere keeps it (only what changed is interpreted again); an edit of
// a route of that group, or of the package, starts it afresh.
func TestReloadKeepsUnrelatedState(t *testing.T) {
	t.Parallel()
	files := storeApp()
	files["app/other/route.go"] = textRoute("other v1")
	a := startApp(t, files)
	add := func(name string) {
		t.Helper()
		if r := a.post(t, "/api/users", "application/json", `{"name":"`+name+`"}`); r.Status != 201 {
			t.Fatalf("POST /api/users: %s", r)
		}
	}
	add("ann")
	r := a.get(t, "/api/users/1")
	if r.Status != 200 || r.Body != `{"id":1,"name":"ann"}` {
		t.Fatalf("GET /api/users/1: %s", r)
	}
	a.write(t, "app/other/route.go", textRoute("other v2"))
	a.waitBody(t, "/other", "other v2")
	if r2 := a.get(t, "/api/users/1"); r2.Status != 200 || r2.gen() <= r.gen() {
		t.Errorf("GET /api/users/1 after an edit of another route: %s (generation %d, before %d), want ann, from the new generation", r2, r2.gen(), r.gen())
	}
	// The POST route shares the store with GET /api/users/[id]: editing it
	// reloads both, with a fresh store.
	a.write(t, "app/api/users/route.go", files["app/api/users/route.go"]+"\n// edited\n")
	waitFor(t, a.URL+"/api/users/1", func(r resp) bool { return r.Status == 404 })
	add("bob")
	expect(t, "GET /api/users/1 after the edit", a.get(t, "/api/users/1"), 200, `"name":"bob"`)
}

func TestReloadNewNestedFolder(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{"app/route.go": textRoute("root")})
	// mkdir -p and write at once: the watcher must see the file in folders
	// it did not know about.
	dir := a.path("app/a/b/(g)/c/[id]")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	a.write(t, "app/a/b/(g)/c/[id]/route.go", echoRoute("deep"))
	a.waitBody(t, "/a/b/c/x", echoJSON("deep", map[string][]string{"id": {"x"}}))

	// A new package and a route importing it, in new folders, in one go.
	a.write(t, "internal/fresh/deeper/fresh.go", "package deeper\n\nconst Word = \"fresh\"\n")
	a.write(t, "app/new/route.go", goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse(deeper.Word) }`,
		"example.com/app/internal/fresh/deeper"))
	a.waitBody(t, "/new", "fresh")
	expect(t, "GET /", a.get(t, "/"), 200, "root")
}

func TestReloadConflictAppearsAndGoes(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/u/[id]/route.go": echoRoute("u/[id]"),
		"app/ok/route.go":     textRoute("ok"),
	})
	expect(t, "GET /u/1", a.get(t, "/u/1"), 200)
	a.write(t, "app/u/[userId]/route.go", echoRoute("u/[userId]"))
	r := waitFor(t, a.URL+"/u/1", func(r resp) bool { return r.Status == 500 })
	expect(t, "GET /u/1 with a conflict", r, 500, "app/u/[id]/route.go", "app/u/[userId]/route.go")
	expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")
	if err := os.RemoveAll(a.path("app/u/[id]")); err != nil {
		t.Fatal(err)
	}
	a.waitBody(t, "/u/1", echoJSON("u/[userId]", map[string][]string{"userId": {"1"}}))
}

func TestReloadPublicFiles(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{"app/ok/route.go": textRoute("ok"), "public/keep.txt": "keep"})
	a.write(t, "public/new/file.txt", "new file")
	a.waitBody(t, "/new/file.txt", "new file")
	a.write(t, "public/new/file.txt", "changed")
	a.waitBody(t, "/new/file.txt", "changed")
	if err := os.Remove(a.path("public/new/file.txt")); err != nil {
		t.Fatal(err)
	}
	a.waitStatus(t, "/new/file.txt", 404)
}

// TestConcurrentEdits hammers two stable routes from 8 goroutines while a
// third route is edited 100 times: no request to the stable routes may fail.
func TestConcurrentEdits(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"internal/lib/lib.go": "package lib\n\nfunc Upper(s string) string { return s + \"!\" }\n",
		"app/stable/route.go": textRoute("stable"),
		"app/items/[id]/route.go": goRoute(`func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.JSON(map[string]string{"id": lib.Upper(ctx.Params.Get("id"))})
}`, "example.com/app/internal/lib"),
		"app/edited/route.go": textRoute("v0"),
	})
	p := startPollers(t, a, 8, map[string]string{
		"/stable":   "stable",
		"/items/42": `{"id":"42!"}`,
	})
	const edits = 100
	for i := 1; i <= edits; i++ {
		want := fmt.Sprintf("v%d", i)
		a.write(t, "app/edited/route.go", textRoute(want))
		a.waitBody(t, "/edited", want)
	}
	p.check(t)
	t.Logf("%d requests to the stable routes during %d edits", p.requests.Load(), edits)
}

// TestReloadPolling is TestReloadEditHandler for the polling watcher used on
// Docker bind mounts and network file systems.
func TestReloadPolling(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/hello/route.go": textRoute("v1"),
	}, func(o *dev.Options) { o.Poll = true })
	if m := a.Dev.WatchMode(); m != "poll" {
		t.Errorf("WatchMode() = %q, want poll", m)
	}
	expect(t, "GET /hello", a.get(t, "/hello"), 200, "v1")
	a.write(t, "app/hello/route.go", textRoute("v2"))
	a.waitBody(t, "/hello", "v2")
	a.write(t, "app/added/route.go", textRoute("added"))
	a.waitBody(t, "/added", "added")
	if err := os.RemoveAll(a.path("app/hello")); err != nil {
		t.Fatal(err)
	}
	a.waitStatus(t, "/hello", 404)
}
