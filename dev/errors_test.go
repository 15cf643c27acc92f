package dev_test

// An endless init does not block the other routes. (Compile errors and
// panics are scripts: testdata/script/compile_errors.txtar, panics.txtar.)
// It stays in Go: the init timeout is an option of dev.Start, not a flag.

import (
	"testing"
	"time"

	"github.com/devserver/devserver/dev"
)

func TestEndlessInit(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/ok/route.go": textRoute("ok"),
		"app/stuck/route.go": goRoute(`func init() {
	for {
	}
}

func GET(req *next.Request) *next.Response { return next.NewResponse("never") }`),
		"app/stuck-var/route.go": goRoute(`var n = forever()

func forever() int {
	i := 0
	for {
		i++
	}
	return i
}

func GET(req *next.Request) *next.Response { return next.JSON(n) }`),
		"app/z/route.go": textRoute("z"),
	}, func(o *dev.Options) { o.InitTimeout = 300 * time.Millisecond })
	expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")
	expect(t, "GET /z", a.get(t, "/z"), 200, "z")
	expect(t, "GET /stuck", a.get(t, "/stuck"), 500, "app/stuck/route.go", "did not finish")
	expect(t, "GET /stuck-var", a.get(t, "/stuck-var"), 500, "app/stuck-var/route.go", "did not finish")
}

// blockingRoute is a route whose package init sleeps for an hour, then
// answers body.
func blockingRoute(body string) string {
	return goRoute(`func init() { time.Sleep(time.Hour) }

func GET(req *next.Request) *next.Response { return next.NewResponse("`+body+`") }`, "time")
}

// A route whose init blocks holds back only its own route: the edits of the
// others show at normal speed, it keeps serving its last code (a new route
// answers 503 "still loading") until its init times out, and then a
// generation with its timeout error is published without another edit.
func TestBlockingInitHoldsOnlyItsRoute(t *testing.T) {
	t.Parallel()
	// Far above every bound below: a reload that waited for the blocking
	// init would take this long.
	const initTimeout = 12 * time.Second
	// Generous for a loaded 2-core machine; a reload takes milliseconds, plus
	// interp.DefaultReloadWait when it waits for a unit that blocks.
	const bound = 5 * time.Second
	a := startApp(t, map[string]string{
		"app/a/route.go": textRoute("a1"),
		"app/b/route.go": textRoute("b1"),
	}, func(o *dev.Options) { o.InitTimeout = initTimeout })
	a.waitBody(t, "/a", "a1")
	a.waitBody(t, "/b", "b1")

	start := time.Now()
	a.write(t, "app/a/route.go", blockingRoute("a2"))
	a.write(t, "app/b/route.go", textRoute("b2"))
	a.waitBody(t, "/b", "b2")
	if took := time.Since(start); took > bound {
		t.Errorf("edit of /b beside a blocking init showed after %v, want under %v", took, bound)
	}
	expect(t, "GET /a while its init blocks", a.get(t, "/a"), 200, "a1")

	start = time.Now()
	a.write(t, "app/b/route.go", textRoute("b3"))
	a.waitBody(t, "/b", "b3")
	if took := time.Since(start); took > bound {
		t.Errorf("second edit of /b while /a's init blocks showed after %v, want under %v", took, bound)
	}

	a.write(t, "app/c/route.go", blockingRoute("c"))
	r := waitFor(t, a.URL+"/c", func(r resp) bool { return r.Status != 404 })
	expect(t, "GET /c, a new route whose init blocks", r, 503, "still loading")
	if r.Header.Get("Retry-After") == "" {
		t.Errorf("GET /c: 503 without Retry-After")
	}
	expect(t, "GET /a while its init blocks", a.get(t, "/a"), 200, "a1")

	// The timeout ends the wait: a generation nobody triggered by an edit
	// shows it.
	deadline := time.Now().Add(initTimeout + waitTimeout)
	for {
		r := a.get(t, "/a")
		if r.Status == 500 {
			expect(t, "GET /a after its init timed out", r, 500, "app/a/route.go", "did not finish")
			break
		}
		if r.Status != 200 || r.Body != "a1" {
			t.Fatalf("GET /a while its init blocks: %s", r)
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /a still %s after its init timeout", r)
		}
		time.Sleep(20 * time.Millisecond)
	}
	expect(t, "GET /b", a.get(t, "/b"), 200, "b3")
}

// The first load does not wait for a route whose init blocks either: the
// server starts at normal speed, the other routes answer, and the blocking
// one answers 503 naming its file until its init times out.
func TestBlockingInitAtStart(t *testing.T) {
	t.Parallel()
	// Far above the bound: a first load that waited for the init would
	// take this long.
	const initTimeout = 12 * time.Second
	const bound = 6 * time.Second
	start := time.Now()
	a := startApp(t, map[string]string{
		"app/a/route.go":     blockingRoute("a"),
		"app/b/route.go":     textRoute("b"),
		"app/c/d/route.go":   textRoute("d"),
		"app/slow/route.go":  blockingRoute("slow"),
		"app/other/route.go": textRoute("other"),
	}, func(o *dev.Options) { o.InitTimeout = initTimeout })
	if took := time.Since(start); took > bound {
		t.Errorf("the first load took %v beside blocking inits, want under %v", took, bound)
	}
	expect(t, "GET /b", a.get(t, "/b"), 200, "b")
	expect(t, "GET /c/d", a.get(t, "/c/d"), 200, "d")
	expect(t, "GET /other", a.get(t, "/other"), 200, "other")
	r := a.get(t, "/a")
	expect(t, "GET /a while its init blocks", r, 503, "app/a/route.go", "still loading")
	if r.Header.Get("Retry-After") == "" {
		t.Errorf("GET /a: 503 without Retry-After")
	}
	// An edit of another route shows at normal speed meanwhile.
	edit := time.Now()
	a.write(t, "app/b/route.go", textRoute("b2"))
	a.waitBody(t, "/b", "b2")
	if took := time.Since(edit); took > bound {
		t.Errorf("edit of /b while /a's init blocks showed after %v, want under %v", took, bound)
	}
	// The timeout ends the wait: a generation shows it without an edit.
	deadline := time.Now().Add(initTimeout + waitTimeout)
	for _, route := range []string{"a", "slow"} {
		for {
			r := a.get(t, "/"+route)
			if r.Status == 500 {
				expect(t, "GET /"+route+" after its init timed out", r, 500, "app/"+route+"/route.go", "did not finish")
				break
			}
			if r.Status != 503 {
				t.Fatalf("GET /%s while its init blocks: %s", route, r)
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET /%s still %s after its init timeout", route, r)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
