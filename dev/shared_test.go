package dev_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
	"github.com/devserver/devserver/interp"
)

// sharedVersioned is internal/shared at version v: a constant, compiled
// into the route's code, and a function, run at each request, both saying
// v. A route answering two different versions would be running code of
// two versions of the package at once.
func sharedVersioned(v string) string {
	return fmt.Sprintf("package shared\n\nconst Version = %q\n\nfunc Stamp() string { return %q }\n", v, v)
}

// slowRoute is route name answering "name Version Stamp()". Its package
// init sleeps at every version but v0, so that its unit takes a moment to
// load and requests arrive while it does.
func slowRoute(name string) string {
	return goRoute(fmt.Sprintf(`func init() {
	if shared.Version != "v0" {
		time.Sleep(40 * time.Millisecond)
	}
}

func GET(req *next.Request) *next.Response {
	return next.NewResponse(%q + " " + shared.Version + " " + shared.Stamp())
}`, name), "time", "example.com/app/internal/shared")
}

// TestSharedEditLoadsOnDemand edits the package more routes import than a
// reload interprets before the swap, through the real watcher: the
// requested route answers the new version, every other route answers it
// from the same generation once the background load is done, and a
// request arriving while its unit loads waits for it and never sees a
// route run code of two versions. A syntax error in the package is the
// compiler's too: every route answers it at its file:line:col, without a
// detour through the compiled tier; the save fixing it is loaded on
// demand again, as is the one fixing a type error, which the compiled tier
// had to judge.
func TestSharedEditLoadsOnDemand(t *testing.T) {
	n := interp.DefaultEagerUnits + 4
	files := map[string]string{"internal/shared/shared.go": sharedVersioned("v0")}
	routes := make([]string, n)
	for i := range routes {
		routes[i] = "r" + strconv.Itoa(i)
		files["app/"+routes[i]+"/route.go"] = slowRoute(routes[i])
	}
	logs := &apptest.LockedBuffer{}
	a := startApp(t, files, func(o *dev.Options) { o.Logger = log.New(logs) })
	for _, r := range routes {
		a.waitBody(t, "/"+r, r+" v0 v0")
	}

	a.write(t, "internal/shared/shared.go", sharedVersioned("v1"))
	first := a.waitBody(t, "/r5", "r5 v1 v1")
	g := a.Dev.Server.Current()
	if first.gen() != g.ID {
		t.Fatalf("/r5 answered v1 from generation %d, the server is at %d: one save, one reload", first.gen(), g.ID)
	}
	select {
	case <-g.Loaded():
	case <-time.After(waitTimeout):
		t.Fatalf("the routes of generation %d were not all loaded in the background within %v", g.ID, waitTimeout)
	}
	for _, r := range routes {
		if got := a.get(t, "/"+r); got.Status != 200 || got.Body != r+" v1 v1" || got.gen() != g.ID {
			t.Errorf("GET /%s once loaded: %s from generation %d, want %q from %d", r, got, got.gen(), r+" v1 v1", g.ID)
		}
	}

	// Every route at once, as soon as the save is served: most requests
	// arrive while their unit loads (by the warm-up or by another
	// request) and must wait for it.
	a.write(t, "internal/shared/shared.go", sharedVersioned("v2"))
	a.waitBody(t, "/r0", "r0 v2 v2")
	var wg sync.WaitGroup
	answers := make([]resp, 3*n)
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = a.get(t, "/"+routes[i%n])
		}()
	}
	wg.Wait()
	for i, got := range answers {
		if r := routes[i%n]; got.Status != 200 || got.Body != r+" v2 v2" {
			t.Errorf("GET /%s while the units load: %s, want 200 %q", r, got, r+" v2 v2")
		}
	}

	// Line 5: an operand is missing.
	a.write(t, "internal/shared/shared.go", "package shared\n\nconst Version = \"v3\"\n\nfunc Stamp() string { return \"v3\" + }\n")
	pos := regexp.MustCompile(`\Ainternal/shared/shared\.go:5:37: `)
	waitFor(t, a.URL+"/r7", func(r resp) bool { return r.Status == 500 && pos.MatchString(r.Body) })
	for _, r := range routes {
		if got := a.get(t, "/"+r); got.Status != 500 || !pos.MatchString(got.Body) {
			t.Errorf("GET /%s with the package broken: %s, want 500 naming internal/shared/shared.go:5", r, got)
		}
	}
	if strings.Contains(logs.String(), "compiled tier") {
		t.Errorf("a syntax error in the shared package was handed to the compiled tier:\n%s", logs)
	}

	before := strings.Count(logs.String(), "compiling="+strconv.Itoa(n))
	a.write(t, "internal/shared/shared.go", sharedVersioned("v4"))
	a.waitBody(t, "/r3", "r3 v4 v4")
	if after := strings.Count(logs.String(), "compiling="+strconv.Itoa(n)); after != before+1 {
		t.Errorf("the save fixing the package was not loaded on demand (%d reloads deferring %d routes before it, %d after):\n%s", before, n, after, logs)
	}
	for _, r := range routes {
		a.waitBody(t, "/"+r, r+" v4 v4")
	}

	// A type error: the interpreter's verdict is not the compiler's, so the
	// routes go to the compiled tier (whose build fails: this app does not
	// build), all in one reload, each with the error at its place.
	a.write(t, "internal/shared/shared.go", "package shared\n\nconst Version = \"v5\"\n\nfunc Stamp() string { return 5 }\n")
	typed := regexp.MustCompile(`\Ainternal/shared/shared\.go:5:\d+: `)
	for _, r := range routes {
		waitFor(t, a.URL+"/"+r, func(got resp) bool { return got.Status == 500 && typed.MatchString(got.Body) })
	}
	// The routes loaded on demand that are handed over are named in a line
	// for each reload handing them over, not a line each.
	if strings.Contains(logs.String(), "the interpreter refused it") {
		t.Errorf("a route handed over has a log line of its own:\n%s", logs)
	}
	if !regexp.MustCompile(`INFO the interpreter refused \d+ route\(s\) loaded on demand; the compiled tier takes them over: app/r\d+/route\.go`).MatchString(logs.String()) {
		t.Errorf("no line names the routes handed over:\n%s", logs)
	}
	before = strings.Count(logs.String(), "compiling="+strconv.Itoa(n))
	a.write(t, "internal/shared/shared.go", sharedVersioned("v6"))
	a.waitBody(t, "/r9", "r9 v6 v6")
	if after := strings.Count(logs.String(), "compiling="+strconv.Itoa(n)); after < before+1 {
		t.Errorf("the save fixing the type error was not loaded on demand:\n%s", logs)
	}
	for _, r := range routes {
		a.waitBody(t, "/"+r, r+" v6 v6")
	}
}

// TestSharedPackageErrorLoggedOnce breaks the package every route imports,
// through the real watcher, with fewer routes than a reload interprets
// before the swap and with more (loaded on demand): every route answers
// the error, and the log has one ERROR line for it, not one per route,
// and a line saying how many routes it breaks. A type error, which the
// compiled tier judges first, is logged once too.
func TestSharedPackageErrorLoggedOnce(t *testing.T) {
	tests := []struct {
		name   string
		routes int
		source string
		place  string // the error's file:line:col
	}{
		{"syntax error, routes loaded before the swap", 3,
			"package shared\n\nconst Version = \"v1\"\n\nfunc Stamp() string { return \"v1\" + }\n", "internal/shared/shared.go:5:37"},
		{"syntax error, routes loaded on demand", interp.DefaultEagerUnits + 4,
			"package shared\n\nconst Version = \"v1\"\n\nfunc Stamp() string { return \"v1\" + }\n", "internal/shared/shared.go:5:37"},
		{"type error, routes loaded on demand", interp.DefaultEagerUnits + 4,
			"package shared\n\nconst Version = \"v1\"\n\nfunc Stamp() string { return 5 }\n", "internal/shared/shared.go:5:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"internal/shared/shared.go": sharedVersioned("v0")}
			routes := make([]string, tt.routes)
			for i := range routes {
				routes[i] = "r" + strconv.Itoa(i)
				files["app/"+routes[i]+"/route.go"] = goRoute(`func GET(req *next.Request) *next.Response { return next.NewResponse(shared.Stamp()) }`, "example.com/app/internal/shared")
			}
			logs := &apptest.LockedBuffer{}
			a := startApp(t, files, func(o *dev.Options) { o.Logger = log.New(logs) })
			a.waitBody(t, "/r0", "v0")

			a.write(t, "internal/shared/shared.go", tt.source)
			for _, r := range routes {
				waitFor(t, a.URL+"/"+r, func(got resp) bool {
					return got.Status == 500 && strings.HasPrefix(got.Body, tt.place+": ")
				})
			}
			summary := regexp.MustCompile(`WARN ✗ (re)?(loaded|compiled) with ` + strconv.Itoa(tt.routes) + ` error\(s\); ` + regexp.QuoteMeta(tt.place) + ` breaks ` + strconv.Itoa(tt.routes) + ` routes`)
			for deadline := time.Now().Add(waitTimeout); !summary.MatchString(logs.String()); time.Sleep(10 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("no line saying %s breaks %d routes in the log:\n%s", tt.place, tt.routes, logs)
				}
			}
			var lines []string
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, "ERRO") && strings.Contains(l, tt.place) {
					lines = append(lines, l)
				}
			}
			if len(lines) != 1 {
				t.Errorf("%d ERROR lines name %s, want 1 for %d routes:\n%s", len(lines), tt.place, tt.routes, logs)
			}
		})
	}
}
