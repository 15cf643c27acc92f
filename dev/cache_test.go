package dev_test

// Concurrent cache misses run a handler once. (The other segment config
// cases are scripts: testdata/script/cache.txtar, cache_config_errors.txtar.)

import (
	"strings"
	"sync"
	"testing"
)

const counterPkg = `package counter

import "sync"

var (
	mu sync.Mutex
	n  = map[string]int{}
)

func Next(k string) int { mu.Lock(); defer mu.Unlock(); n[k]++; return n[k] }
`

// cachedRoute answers how many times it ran, and what it saw of the request.
func cachedRoute(config, key string) string {
	return goRoute(config+`

func GET(req *next.Request) *next.Response {
	time.Sleep(20 * time.Millisecond)
	return next.JSON(map[string]any{
		"n":  counter.Next("`+key+`"),
		"q":  req.NextURL.SearchParams.Get("q"),
		"ua": req.Headers.Get("X-Test"),
	})
}

func POST(req *next.Request) *next.Response { return next.JSON(counter.Next("post `+key+`")) }`, "time", "example.com/app/internal/counter")
}

// TestSegmentConfigSingleFlight checks that concurrent misses run the
// handler once.
func TestSegmentConfigSingleFlight(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"internal/counter/counter.go": counterPkg,
		"app/static/[id]/route.go":    cachedRoute(`const Dynamic = "force-static"`, "static"),
	})
	var wg sync.WaitGroup
	bodies := make([]string, 16)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bodies[i] = a.get(t, "/static/same").Body
		}()
	}
	wg.Wait()
	for i, b := range bodies {
		if !strings.Contains(b, `"n":1`) {
			t.Errorf("request %d: %s; want every answer from the one run", i, b)
		}
	}
}
