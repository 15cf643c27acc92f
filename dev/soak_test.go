package dev_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// soakRoute is route r's source at version v; its answers name both, and
// the shared package's version.
func soakRoute(r string, v int) string {
	return goRoute(fmt.Sprintf(`func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]string{"route": %q, "v": %q, "shared": shared.Version})
}`, r, strconv.Itoa(v)), "example.com/app/internal/shared")
}

func soakShared(v int) string {
	return fmt.Sprintf("package shared\n\nconst Version = %q\n", strconv.Itoa(v))
}

// sample is one answer a client saw.
type sample struct {
	route  string
	gen    uint64
	status int
	v      int
	shared int
	body   string // of an error answer, for the report
}

// TestSoak keeps 32 clients busy on several routes while the app is edited,
// extended, broken, fixed and shrunk, one change at a time, and checks that
// no request failed, that every answer came from one complete generation
// (within a generation a route has one version, and every route the same
// version of the shared package), that versions never go back, and that
// only a route broken at the time answered 5xx. DEVSERVER_SOAK_EDITS sets
// the number of changes (default 30, under -race in CI; scripts/soak runs 1000).
func TestSoak(t *testing.T) {
	edits := 30
	if v, err := strconv.Atoi(os.Getenv("DEVSERVER_SOAK_EDITS")); err == nil && v > 0 {
		edits = v
	}
	routes := []string{"r0", "r1", "r2", "r3"}
	files := map[string]string{"internal/shared/shared.go": soakShared(0)}
	for _, r := range routes {
		files["app/"+r+"/route.go"] = soakRoute(r, 0)
	}
	a := startApp(t, files)
	for _, r := range routes {
		a.waitContains(t, "/"+r, `"v":"0"`)
	}
	runtime.GC()
	rssBefore := rssMB()
	goroutinesBefore := runtime.NumGoroutine()
	var msBefore runtime.MemStats
	runtime.ReadMemStats(&msBefore)

	paths := append(append([]string(nil), routes...), "churn")
	cl := startClients(a, 32, paths)

	// broken[g] is the route broken from generation g on (until the next
	// entry): only it may answer 5xx then.
	type breakage struct {
		from  uint64
		route string
	}
	var breaks []breakage
	version := map[string]int{}
	sharedV, churnV := 0, 0
	start := time.Now()
	for i := 0; i < edits; i++ {
		r := routes[i%len(routes)]
		switch i % 6 {
		case 0, 1: // edit a route
			version[r]++
			a.write(t, "app/"+r+"/route.go", soakRoute(r, version[r]))
			a.waitContains(t, "/"+r, fmt.Sprintf(`"v":"%d"`, version[r]))
		case 2: // edit the shared package
			sharedV++
			a.write(t, "internal/shared/shared.go", soakShared(sharedV))
			a.waitContains(t, "/"+r, fmt.Sprintf(`"shared":"%d"`, sharedV))
		case 3: // add a route
			churnV++
			a.write(t, "app/churn/route.go", soakRoute("churn", churnV))
			a.waitContains(t, "/churn", fmt.Sprintf(`"v":"%d"`, churnV))
		case 4: // break a route
			a.write(t, "app/"+r+"/route.go", soakRoute(r, version[r])+"\nfunc broken( {\n")
			res := waitFor(t, a.URL+"/"+r, func(x resp) bool { return x.Status == 500 })
			breaks = append(breaks, breakage{res.gen(), r})
		case 5: // fix it, and remove the added route
			prev := routes[(i-1)%len(routes)]
			version[prev]++
			a.write(t, "app/"+prev+"/route.go", soakRoute(prev, version[prev]))
			res := a.waitContains(t, "/"+prev, fmt.Sprintf(`"v":"%d"`, version[prev]))
			breaks = append(breaks, breakage{res.gen(), ""})
			a.remove(t, "app/churn/route.go")
			waitFor(t, a.URL+"/churn", func(x resp) bool { return x.Status == 404 })
		}
	}
	took := time.Since(start)
	samples := cl.finish(t)
	brokenAt := func(g uint64) string {
		b := ""
		for _, x := range breaks {
			if x.from <= g {
				b = x.route
			}
		}
		return b
	}
	checkGenerations(t, samples, func(g uint64, route string) bool { return brokenAt(g) == route })
	runtime.GC()
	time.Sleep(200 * time.Millisecond) // goroutines of closed connections end
	goroutinesAfter := runtime.NumGoroutine()
	var msAfter runtime.MemStats
	runtime.ReadMemStats(&msAfter)
	gens := a.Dev.Server.Current().ID
	t.Logf("%d changes in %v (%d generations), %d requests from 32 clients, %d failed; goroutines %d -> %d; heap in use %d -> %d MB; RSS of the test process %d -> %d MB",
		edits, took.Round(time.Millisecond), gens, len(samples), cl.failures.Load(), goroutinesBefore, goroutinesAfter, msBefore.HeapInuse>>20, msAfter.HeapInuse>>20, rssBefore, rssMB())
	if len(samples) < edits {
		t.Errorf("only %d requests were answered", len(samples))
	}
	if goroutinesAfter > goroutinesBefore+20 {
		t.Errorf("goroutines grew from %d to %d", goroutinesBefore, goroutinesAfter)
	}
	if grown := int64(msAfter.HeapInuse) - int64(msBefore.HeapInuse); grown > 100<<20 {
		t.Errorf("heap in use grew by %d MB", grown>>20)
	}
}

// clients keep requesting paths of an app from several goroutines and
// record what each answer was.
type clients struct {
	stop     atomic.Bool
	wg       sync.WaitGroup
	tr       *http.Transport
	mu       sync.Mutex
	samples  []sample
	failures atomic.Int64 // transport errors and answers of the wrong route
	failMsg  atomic.Value
}

// startClients starts n goroutines requesting paths (without their "/")
// in turn; answers of 200 must be a soakRoute's JSON.
func startClients(a *app, n int, paths []string) *clients {
	c := &clients{tr: &http.Transport{MaxIdleConnsPerHost: 64}}
	client := &http.Client{Transport: c.tr, Timeout: 30 * time.Second}
	for g := 0; g < n; g++ {
		c.wg.Add(1)
		go func(g int) {
			defer c.wg.Done()
			var local []sample
			for i := g; !c.stop.Load(); i++ {
				if s, ok := c.get(client, a.URL, paths[i%len(paths)]); ok {
					local = append(local, s)
				}
			}
			c.mu.Lock()
			c.samples = append(c.samples, local...)
			c.mu.Unlock()
		}(g)
	}
	return c
}

// get requests /p and returns its sample, or records a failure.
func (c *clients) get(client *http.Client, base, p string) (sample, bool) {
	fail := func(msg string) (sample, bool) {
		c.failures.Add(1)
		c.failMsg.Store(msg)
		return sample{}, false
	}
	res, err := client.Get(base + "/" + p)
	if err != nil {
		return fail(err.Error())
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return fail(err.Error())
	}
	s := sample{route: p, status: res.StatusCode}
	s.gen, _ = strconv.ParseUint(res.Header.Get("X-Devserver-Generation"), 10, 64)
	if res.StatusCode != 200 {
		s.body = string(body)
	} else {
		var m map[string]string
		if err := json.Unmarshal(body, &m); err != nil || m["route"] != p {
			return fail(fmt.Sprintf("GET /%s: %s", p, body))
		}
		s.v, _ = strconv.Atoi(m["v"])
		s.shared, _ = strconv.Atoi(m["shared"])
	}
	return s, true
}

// finish stops the clients, fails t if any request failed, and returns what
// they saw.
func (c *clients) finish(t *testing.T) []sample {
	t.Helper()
	c.stop.Store(true)
	c.wg.Wait()
	c.tr.CloseIdleConnections()
	if n := c.failures.Load(); n > 0 {
		t.Errorf("%d requests failed; the last: %v", n, c.failMsg.Load())
	}
	return c.samples
}

// checkGenerations fails t unless every answer came from one complete
// generation: within a generation a route has one version, and every route
// the same version of the shared package; versions never go back (but the
// churn route's, which is removed and added again); and only a route
// broken(generation, route) says is broken answers 5xx.
func checkGenerations(t *testing.T, samples []sample, broken func(gen uint64, route string) bool) {
	t.Helper()
	type key struct {
		gen   uint64
		route string
	}
	seen := map[key]sample{}
	sharedOf := map[uint64]int{}
	last := map[string]sample{}
	bad := 0
	report := func(format string, args ...any) {
		if bad++; bad <= 10 {
			t.Errorf(format, args...)
		}
	}
	byGen := append([]sample(nil), samples...)
	sortSamples(byGen)
	for _, s := range byGen {
		switch {
		case s.status >= 500:
			if !broken(s.gen, s.route) {
				report("generation %d: /%s answered %d: %.300s", s.gen, s.route, s.status, s.body)
			}
			continue
		case s.status == 404 && s.route == "churn":
			continue
		case s.status != 200:
			report("generation %d: /%s answered %d", s.gen, s.route, s.status)
			continue
		}
		k := key{s.gen, s.route}
		if prev, ok := seen[k]; ok && (prev.v != s.v || prev.shared != s.shared) {
			report("generation %d: /%s answered version %d/%d and %d/%d", s.gen, s.route, prev.v, prev.shared, s.v, s.shared)
		}
		seen[k] = s
		if sv, ok := sharedOf[s.gen]; ok && sv != s.shared {
			report("generation %d: routes saw shared versions %d and %d", s.gen, sv, s.shared)
		}
		sharedOf[s.gen] = s.shared
		if p, ok := last[s.route]; ok && s.gen > p.gen && (s.v < p.v && s.route != "churn" || s.shared < p.shared) {
			report("/%s went back from %d/%d (generation %d) to %d/%d (generation %d)", s.route, p.v, p.shared, p.gen, s.v, s.shared, s.gen)
		}
		last[s.route] = s
	}
}

// sortSamples orders samples by generation, keeping their order within one.
func sortSamples(s []sample) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].gen < s[j].gen })
}

// waitContains waits until GET path answers 200 with a body containing
// want, and returns that answer.
func (a *app) waitContains(t testing.TB, path, want string) resp {
	t.Helper()
	return waitFor(t, a.URL+path, func(r resp) bool { return r.Status == 200 && strings.Contains(r.Body, want) })
}

// rssMB returns the resident set size of this process in MB (0 where
// /proc is missing).
func rssMB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.Atoi(f[1])
			return kb >> 10
		}
	}
	return 0
}
