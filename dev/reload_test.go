package dev_test

// Reloads under load, through the real watcher: requests to stable routes
// from several goroutines must all succeed while other files are edited.
// (The other reload cases are scripts: testdata/script/reload_*.txtar.)

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/log"
	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
)

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

// TestReloadRouteDefiningFlags edits, through the real watcher, a route
// defining flags at package level (as does a shared package it imports,
// edited too): each save is interpreted again, its flags defined anew. The
// flag package's command line was the process's, which outlives a reload:
// the second interpretation panicked "flag redefined" and the route went
// to the compiled tier.
func TestReloadRouteDefiningFlags(t *testing.T) {
	t.Parallel()
	route := func(n int) string {
		return goRoute(fmt.Sprintf(`var n = flag.Int("n", %d, "a number")

func init() { flag.Parse() }

func GET(req *next.Request) *next.Response {
	return next.NewResponse(fmt.Sprint(*n, " ", conf.Level(), " ", flag.Parsed()))
}`, n), "flag", "fmt", "example.com/app/internal/conf")
	}
	conf := func(level string) string {
		return fmt.Sprintf(`package conf

import "flag"

var level = flag.String("level", %q, "the log level")

// Level is the level flag's value.
func Level() string { return *level }
`, level)
	}
	logs := &apptest.LockedBuffer{}
	a := startApp(t, map[string]string{
		"app/flags/route.go":    route(1),
		"internal/conf/conf.go": conf("info"),
	}, func(o *dev.Options) { o.Logger = log.New(logs) })
	a.waitBody(t, "/flags", "1 info true")
	for i := 2; i <= 4; i++ {
		a.write(t, "app/flags/route.go", route(i))
		a.waitBody(t, "/flags", fmt.Sprintf("%d info true", i))
	}
	a.write(t, "internal/conf/conf.go", conf("debug"))
	a.waitBody(t, "/flags", "4 debug true")
	if strings.Contains(logs.String(), "runs compiled") || strings.Contains(logs.String(), "redefined") {
		t.Errorf("an edit went to the compiled tier:\n%s", logs)
	}
}
