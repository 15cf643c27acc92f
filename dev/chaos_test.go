package dev_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/interp"
)

// saveInTwo writes body to the project file name as an editor that is not
// atomic does: truncated, half the content, a pause, the rest. A reload
// may read it in between.
func saveInTwo(t *testing.T, a *app, name, body string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(a.Dir, filepath.FromSlash(name)), os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	half := len(body) / 2
	_, err1 := f.WriteString(body[:half])
	time.Sleep(time.Millisecond)
	_, err2 := f.WriteString(body[half:])
	if err := f.Close(); err != nil || err1 != nil || err2 != nil {
		t.Fatal(err, err1, err2)
	}
}

// TestChaos edits routes and the package they share in bursts (a save
// every few milliseconds, half of them in two writes) under load from 16
// clients, and checks that every answer came from one complete generation
// (see checkGenerations), that no answer was a 5xx (the code is never
// wrong: only caught half-written), and that the app ends on what the files
// on disk say.
func TestChaos(t *testing.T) { chaos(t, 6) }

// TestChaosDeferred is TestChaos with more routes than a reload
// interprets before it swaps (interp.DefaultEagerUnits): an edit of the
// shared package defers every route's unit to its first request or the
// warm-up, and the generations must be as complete.
func TestChaosDeferred(t *testing.T) { chaos(t, interp.DefaultEagerUnits+4) }

// chaos is TestChaos of an app of n routes.
func chaos(t *testing.T, n int) {
	routes := make([]string, n)
	for i := range routes {
		routes[i] = "r" + strconv.Itoa(i)
	}
	files := map[string]string{"internal/shared/shared.go": soakShared(0)}
	for _, r := range routes {
		files["app/"+r+"/route.go"] = soakRoute(r, 0)
	}
	a := startApp(t, files)
	for _, r := range routes {
		a.waitContains(t, "/"+r, `"v":"0"`)
	}
	cl := startClients(a, 16, routes)

	// DEVSERVER_CHAOS_BURSTS runs a longer variant (the figures in
	// docs/benchmarks.md say how long).
	bursts, perBurst := 8, 12
	if n, err := strconv.Atoi(os.Getenv("DEVSERVER_CHAOS_BURSTS")); err == nil && n > 0 {
		bursts = n
	}
	version := map[string]int{}
	sharedV := 0
	start := time.Now()
	for b := 0; b < bursts; b++ {
		for i := 0; i < perBurst; i++ {
			name, body := "", ""
			if i%4 == 3 {
				sharedV++
				name, body = "internal/shared/shared.go", soakShared(sharedV)
			} else {
				r := routes[(b*perBurst+i)%len(routes)]
				version[r]++
				name, body = "app/"+r+"/route.go", soakRoute(r, version[r])
			}
			if i%2 == 0 {
				saveInTwo(t, a, name, body)
			} else {
				a.write(t, name, body)
			}
			time.Sleep(time.Duration(2+i%4) * time.Millisecond)
		}
		time.Sleep(150 * time.Millisecond) // a pause between bursts, for reloads to land
	}
	// The last content of every file shows.
	for _, r := range routes {
		a.waitContains(t, "/"+r, fmt.Sprintf(`"route":%q,"shared":%q,"v":%q`, r, strconv.Itoa(sharedV), strconv.Itoa(version[r])))
	}
	took := time.Since(start)
	samples := cl.finish(t)
	checkGenerations(t, samples, func(uint64, string) bool { return false })
	t.Logf("%d saves in %d bursts in %v (%d generations), %d requests from 16 clients",
		bursts*perBurst, bursts, took.Round(time.Millisecond), a.Dev.Server.Current().ID, len(samples))
}

// TestSlowSaveShowsNoSyntaxError saves a route in two writes far apart
// (150 ms, as a writer held up on a loaded machine) while a client polls
// it: the half-written file must never answer — the route keeps its old
// code until the rest arrives. A real syntax error is still reported.
func TestSlowSaveShowsNoSyntaxError(t *testing.T) {
	a := startApp(t, map[string]string{"app/slow/route.go": textRoute("v0")})
	a.waitBody(t, "/slow", "v0")

	stop := make(chan struct{})
	bad := make(chan string, 1)
	go func() {
		for {
			select {
			case <-stop:
				close(bad)
				return
			default:
			}
			r, err := fetch("GET", a.URL+"/slow", nil)
			if err == nil && r.Status != 200 {
				bad <- r.String()
				close(bad)
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	for v := 1; v <= 3; v++ {
		body := textRoute("v" + strconv.Itoa(v))
		f, err := os.OpenFile(a.path("app/slow/route.go"), os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(body[:len(body)/2]); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
		if _, err := f.WriteString(body[len(body)/2:]); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		a.waitBody(t, "/slow", "v"+strconv.Itoa(v))
	}
	close(stop)
	if r, ok := <-bad; ok {
		t.Fatalf("a save in two writes answered: %s", r)
	}

	a.write(t, "app/slow/route.go", "package route\n\nfunc GET(\n")
	waitFor(t, a.URL+"/slow", func(r resp) bool { return r.Status == 500 && strings.Contains(r.Body, "route.go:3") })
}
