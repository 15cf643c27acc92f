package dev_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// keepRoute counts its requests in a value kept with next.Keep, and says
// which version of the file answers.
func keepRoute(version string) string {
	return goRoute(`func GET(req *next.Request) *next.Response {
	v, err := next.Keep("test.hits", func() (any, error) { return new(atomic.Int64), nil })
	if err != nil {
		return next.NewResponse(err.Error(), next.Init{Status: 500})
	}
	return next.NewResponse(fmt.Sprintf("`+version+` %d", v.(*atomic.Int64).Add(1)))
}`, "fmt", "sync/atomic")
}

// TestKeepSurvivesReloads checks next.Keep's promise in dev: the value is
// made once and outlives reloads of the route that made it, where a
// package-level variable starts afresh.
func TestKeepSurvivesReloads(t *testing.T) {
	a := startApp(t, map[string]string{"app/hits/route.go": keepRoute("v1")})
	if r := a.get(t, "/hits"); r.Body != "v1 1" {
		t.Fatalf("first request: %q", r.Body)
	}
	a.write(t, "app/hits/route.go", keepRoute("v2"))
	// Until the reload, v1 counts on; the first v2 answer continues the count.
	n := 1
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := a.get(t, "/hits")
		n++
		if strings.HasPrefix(r.Body, "v2 ") {
			if want := fmt.Sprintf("v2 %d", n); r.Body != want {
				t.Errorf("after the reload: %q, want the count kept (%s)", r.Body, want)
			}
			return
		}
		if r.Body != fmt.Sprintf("v1 %d", n) || time.Now().After(deadline) {
			t.Fatalf("before the reload: %q (request %d)", r.Body, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// closingRoute keeps a counter under key with a close hook that writes
// "closed <count>" to the file marker, and answers version and the count.
func closingRoute(version, key, marker string) string {
	return goRoute(`func GET(req *next.Request) *next.Response {
	v, err := next.KeepWithClose(`+strconv.Quote(key)+`, func() (any, error) { return new(atomic.Int64), nil }, func(v any) {
		os.WriteFile(`+strconv.Quote(marker)+`, []byte(fmt.Sprintf("closed %d", v.(*atomic.Int64).Load())), 0o644)
	})
	if err != nil {
		return next.NewResponse(err.Error(), next.Init{Status: 500})
	}
	return next.NewResponse(fmt.Sprintf("`+version+` %d", v.(*atomic.Int64).Add(1)))
}`, "fmt", "os", "sync/atomic")
}

// TestKeepCloseHookWhenOwnerRemoved checks the rule of next.KeepWithClose
// in dev: a value belongs to the routes whose code asked for it; editing
// them keeps it, and once none of them is served (the route folder
// deleted) the reload drops it and runs its close hook. Another route's
// value is left alone, and the last route going runs the last hook.
func TestKeepCloseHookWhenOwnerRemoved(t *testing.T) {
	marks := t.TempDir()
	dbMark, cacheMark := filepath.Join(marks, "db"), filepath.Join(marks, "cache")
	a := startApp(t, map[string]string{
		"app/db/route.go":    closingRoute("v1", "test.owned-db", dbMark),
		"app/cache/route.go": closingRoute("c1", "test.owned-cache", cacheMark),
	})
	a.waitBody(t, "/db", "v1 1")
	a.waitBody(t, "/cache", "c1 1")

	a.write(t, "app/db/route.go", closingRoute("v2", "test.owned-db", dbMark))
	r := waitFor(t, a.URL+"/db", func(r resp) bool { return strings.HasPrefix(r.Body, "v2 ") })
	if _, err := os.Stat(dbMark); err == nil {
		t.Fatal("the close hook ran when its route was edited")
	}
	var count int
	if _, err := fmt.Sscanf(r.Body, "v2 %d", &count); err != nil || count < 2 {
		t.Fatalf("after the edit: %q, want the count kept", r.Body)
	}

	if err := os.RemoveAll(filepath.Join(a.Dir, "app", "db")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, a.URL+"/db", func(r resp) bool {
		// Until the reload, the route counts on.
		if r.Status == 200 {
			fmt.Sscanf(r.Body, "v2 %d", &count)
		}
		return r.Status == 404
	})
	// The hook runs once the old generation's requests have finished.
	waitFile(t, "after its route was removed, the close hook", dbMark, fmt.Sprintf("closed %d", count))
	if _, err := os.Stat(cacheMark); err == nil {
		t.Fatal("another route's value was closed")
	}
	a.waitBody(t, "/cache", "c1 2")

	if err := os.RemoveAll(filepath.Join(a.Dir, "app", "cache")); err != nil {
		t.Fatal(err)
	}
	count = 2
	waitFor(t, a.URL+"/cache", func(r resp) bool {
		if r.Status == 200 {
			fmt.Sscanf(r.Body, "c1 %d", &count)
		}
		return r.Status == 404
	})
	waitFile(t, "after the last route was removed, the close hook", cacheMark, fmt.Sprintf("closed %d", count))
}

// waitFile waits until the file at path holds want, and fails the test,
// naming what, with what it holds after 10 s.
func waitFile(t *testing.T, what, path, want string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		b, err := os.ReadFile(path)
		if err == nil && string(b) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s wrote %q (%v), want %q", what, b, err, want)
		}
		time.Sleep(pollEvery)
	}
}

// gatedRoute is closingRoute whose requests with ?wait write the file
// entered and then wait for the file gate to exist before they use the
// kept value.
func gatedRoute(key, marker, entered, gate string) string {
	return goRoute(`func GET(req *next.Request) *next.Response {
	if req.NextURL.SearchParams.Has("wait") {
		os.WriteFile(`+strconv.Quote(entered)+`, nil, 0o644)
		for {
			if _, err := os.Stat(`+strconv.Quote(gate)+`); err == nil {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	v, err := next.KeepWithClose(`+strconv.Quote(key)+`, func() (any, error) { return new(atomic.Int64), nil }, func(v any) {
		os.WriteFile(`+strconv.Quote(marker)+`, []byte(fmt.Sprintf("closed %d", v.(*atomic.Int64).Load())), 0o644)
	})
	if err != nil {
		return next.NewResponse(err.Error(), next.Init{Status: 500})
	}
	return next.NewResponse(fmt.Sprintf("v1 %d", v.(*atomic.Int64).Add(1)))
}`, "fmt", "os", "sync/atomic", "time")
}

// TestKeepCloseHookWaitsForRequests checks that a kept value whose route
// is removed is closed only once the requests still running on the
// route's last generation have returned: one of them may be using it (a
// query on a pool), or make it again.
func TestKeepCloseHookWaitsForRequests(t *testing.T) {
	dir := t.TempDir()
	marker, entered, gate := filepath.Join(dir, "closed"), filepath.Join(dir, "entered"), filepath.Join(dir, "gate")
	a := startApp(t, map[string]string{
		"app/db/route.go":    gatedRoute("test.gated-db", marker, entered, gate),
		"app/other/route.go": textRoute("other"),
	})
	a.waitBody(t, "/db", "v1 1")

	// A failing test still lets the held request go, or the server's
	// shutdown would wait for it.
	t.Cleanup(func() { os.WriteFile(gate, nil, 0o644) })
	blocked := make(chan resp, 1)
	go func() {
		r, err := fetch("GET", a.URL+"/db?wait", nil)
		if err != nil {
			r.Body = "error: " + err.Error()
		}
		blocked <- r
	}()
	waitFile(t, "the request held at the gate", entered, "")
	if err := os.RemoveAll(filepath.Join(a.Dir, "app", "db")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, a.URL+"/db", func(r resp) bool { return r.Status == 404 })
	if b, err := os.ReadFile(marker); err == nil {
		t.Fatalf("the close hook ran (%q) while a request of the removed route was running", b)
	}
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// Requests of the poll above counted too until the reload; the held
	// one counts last.
	r := <-blocked
	var count int
	if _, err := fmt.Sscanf(r.Body, "v1 %d", &count); err != nil || count < 2 {
		t.Fatalf("the held request answered %q, want the count kept", r.Body)
	}
	waitFile(t, "once the held request returned, the close hook", marker, fmt.Sprintf("closed %d", count))
}
