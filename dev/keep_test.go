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
	if b, err := os.ReadFile(dbMark); err != nil || string(b) != fmt.Sprintf("closed %d", count) {
		t.Fatalf("after its route was removed, the close hook wrote %q (%v), want \"closed %d\"", b, err, count)
	}
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
	if b, err := os.ReadFile(cacheMark); err != nil || string(b) != fmt.Sprintf("closed %d", count) {
		t.Fatalf("after the last route was removed, the close hook wrote %q (%v), want \"closed %d\"", b, err, count)
	}
}
