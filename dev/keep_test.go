package dev_test

import (
	"fmt"
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
