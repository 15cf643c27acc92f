package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// crashRoutes are routes that crash the process running them in each way
// Go cannot recover from, by kind: the route's code and what the runtime
// says.
var crashRoutes = []struct {
	name, imports, code, reason string
}{
	{"map", "\t\"sync\"", `func GET(req *next.Request) *next.Response {
	m := map[int]int{}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000000; i++ {
				m[i] = i
			}
		}()
	}
	wg.Wait()
	return next.JSON(len(m))
}`, "fatal error: concurrent map"},
	{"recursion", "", `func down(n int) int { return down(n+1) + 1 }

func GET(req *next.Request) *next.Response {
	return next.JSON(down(0))
}`, "fatal error: stack overflow"},
	{"alloc", "", `func GET(req *next.Request) *next.Response {
	b := make([]byte, 1<<43)
	return next.JSON(len(b))
}`, "fatal error: runtime: out of memory"},
	// A goroutine that compiled code starts for route code: no go
	// statement of the route's to recover it (see TestGoroutinePanic).
	{"callback", "\t\"time\"", `func GET(req *next.Request) *next.Response {
	time.AfterFunc(0, func() {
		panic("boom in a callback")
	})
	time.Sleep(time.Second)
	return next.NewResponse("unreachable")
}`, "panic: boom in a callback"},
}

// TestCrashingRoutes crashes the dev server's process with a real route of
// each fatal kind, then checks that the next request is answered, by
// another route and by the route once fixed, that the log says what
// crashed and serving what, and that the overlay says the server restarted
// after a crash until the next reload.
func TestCrashingRoutes(t *testing.T) {
	t.Parallel()
	files := map[string]string{"app/ok/route.go": fmt.Sprintf(route, "", `func GET(req *next.Request) *next.Response { return next.NewResponse("ok") }`)}
	for _, c := range crashRoutes {
		files["app/"+c.name+"/route.go"] = fmt.Sprintf(route, c.imports, c.code)
	}
	// The map route's data race is reported to a file: on standard error
	// it would interleave with the runtime's crash (see raceLogEnv).
	// No handler timeout: the recursion under the race detector on a busy
	// machine can take longer than the default minute to overflow, and
	// must crash, not answer 504.
	r := startEnv(t, []string{raceLogEnv(t)}, files, "--handler-timeout", "0")
	dir := filepath.Dir(filepath.Dir(r.routeFile("ok")))
	for _, c := range crashRoutes {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "alloc" {
				skipUnlessHugeAllocationsFail(t)
			}
			// Generous: a stack overflow under the race detector on a busy
			// machine takes tens of seconds to reach Go's 1 GB limit, and a
			// request given up on before the crash fails the test.
			client := &http.Client{Timeout: 3 * time.Minute}
			if res, err := client.Get(r.url + "/" + c.name); err == nil {
				res.Body.Close()
				t.Fatalf("/%s answered %d instead of crashing", c.name, res.StatusCode)
			}
			expect(t, r.url+"/ok", "ok")
			logged := r.logText()
			// A timer's goroutine carries no request: only the route's
			// own goroutines do.
			request := c.name == "callback" || strings.Contains(logged, `request="GET /`+c.name+`"`)
			if !strings.Contains(logged, "the server crashed: "+c.reason) || !request {
				t.Errorf("the log does not say what crashed:\n%s", logged)
			}
			if ev := firstEvent(t, r.url); !strings.Contains(ev, "restarted after a crash") || !strings.Contains(ev, c.reason) {
				t.Errorf("the overlay's event after the restart: %q", ev)
			}
			// The interpreter's frames name no file: the restarted server
			// names the route that served the crashing request.
			if route := "the crash came from route app/" + c.name + "/route.go"; c.name != "callback" && !r.logged(route, 5*time.Second) {
				t.Errorf("the log does not say %q:\n%s", route, r.logText())
			}
			if route := "route app/" + c.name + "/route.go"; c.name != "callback" && !strings.Contains(firstEvent(t, r.url), route) {
				t.Errorf("the overlay does not name %q", route)
			}
			if ev := firstEvent(t, r.url); c.name == "map" && (!strings.Contains(ev, "route.go:13:3") || !strings.Contains(ev, "in the goroutine started here")) {
				t.Errorf("the overlay does not name the go statement: %q", ev)
			}
			reloads := strings.Count(r.logText(), "✓ reloaded")
			fixed := fmt.Sprintf(route, "", `func GET(req *next.Request) *next.Response { return next.NewResponse("fixed") }`)
			if err := os.WriteFile(filepath.Join(dir, c.name, "route.go"), []byte(fixed), 0o644); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(20 * time.Second)
			for strings.Count(r.logText(), "✓ reloaded") == reloads {
				if time.Now().After(deadline) {
					t.Fatalf("the fix was not reloaded:\n%s", r.logText())
				}
				time.Sleep(20 * time.Millisecond)
			}
			expect(t, r.url+"/"+c.name, "fixed")
			if ev := firstEvent(t, r.url); strings.Contains(ev, "crash") {
				t.Errorf("the overlay still shows the crash after a reload: %q", ev)
			}
		})
	}
	// The callback's panic is located by the interpreter's panic line.
	if !strings.Contains(r.logText(), "at=app/callback/route.go:10:3") {
		t.Errorf("the callback's panic is not located:\n%s", r.logText())
	}
	// The concurrent map writes, in goroutines of the route's go
	// statement, by the label that statement gave them.
	if !strings.Contains(r.logText(), "go_statement=app/map/route.go:13:3") {
		t.Errorf("the map writes are not located at their go statement:\n%s", r.logText())
	}
}

// TestGoroutinePanic checks that a panic in a goroutine a route starts
// with a go statement is recovered in that goroutine: the request is
// answered, the process lives on, and the log and the overlay name the go
// statement.
func TestGoroutinePanic(t *testing.T) {
	t.Parallel()
	r := start(t, map[string]string{"app/goroutine/route.go": fmt.Sprintf(route, "\t\"time\"", `func GET(req *next.Request) *next.Response {
	go func() {
		panic("boom in a goroutine")
	}()
	time.Sleep(200 * time.Millisecond)
	return next.NewResponse("survived")
}`)})
	expect(t, r.url+"/goroutine", "survived")
	want := "app/goroutine/route.go:9:2: panic in the goroutine started here: boom in a goroutine"
	if !strings.Contains(r.logText(), want) {
		t.Errorf("the log does not say %q:\n%s", want, r.logText())
	}
	if strings.Contains(r.logText(), "crashed") {
		t.Errorf("the server crashed:\n%s", r.logText())
	}
	if ev := firstEvent(t, r.url); !strings.Contains(ev, "a goroutine of route code panicked") || !strings.Contains(ev, want) {
		t.Errorf("the overlay's event: %q", ev)
	}
	expect(t, r.url+"/goroutine", "survived")
}

// logged waits at most d for the log to hold s: the server writes its
// lines in batches.
func (r *running) logged(s string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for !strings.Contains(r.logText(), s) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// routeFile is the path of the route file of folder name in r's app.
func (r *running) routeFile(name string) string {
	return filepath.Join(r.dir, "app", name, "route.go")
}

func expect(t *testing.T, url, body string) {
	t.Helper()
	res, err := (&http.Client{Timeout: 30 * time.Second}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b := make([]byte, 100)
	n, _ := res.Body.Read(b)
	if res.StatusCode != 200 || string(b[:n]) != body {
		t.Fatalf("GET %s: %d %q, want 200 %q", url, res.StatusCode, b[:n], body)
	}
}

// firstEvent returns the first event the live-reload stream sends.
func firstEvent(t *testing.T, url string) string {
	t.Helper()
	res, err := (&http.Client{Timeout: 10 * time.Second}).Get(url + "/_devserver/events")
	if err != nil {
		t.Fatalf("events: %v", err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	var ev strings.Builder
	for sc.Scan() && sc.Text() != "" {
		ev.WriteString(sc.Text() + "\n")
	}
	return ev.String()
}

// skipUnlessHugeAllocationsFail skips, saying why, where the kernel grants
// any allocation: there an 8 TiB slice does not crash.
func skipUnlessHugeAllocationsFail(t *testing.T) {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	if err == nil && strings.TrimSpace(string(b)) == "1" {
		t.Skip("vm.overcommit_memory=1: the kernel grants any allocation, so a huge one does not fail")
	}
}

// raceLogEnv returns a GORACE setting that sends the race detector's
// reports of the processes started after it (log_path) to files of their
// own, which the test logs when it ends. The devserver binary built with
// -race reports the map route's writes as a data race, on standard error,
// from another thread while the runtime prints its "fatal error:
// concurrent map writes" there, one piece at a time: the two interleave
// mid-line, and the crash the supervisor reads from the tail is then the
// report's text. The report still comes before the crash (halt_on_error
// stays off).
func raceLogEnv(t *testing.T) string {
	prefix := filepath.Join(t.TempDir(), "race")
	t.Cleanup(func() {
		logs, _ := filepath.Glob(prefix + ".*")
		for _, f := range logs {
			b, _ := os.ReadFile(f)
			t.Logf("the race detector's report in process %s:\n%s", strings.TrimPrefix(filepath.Ext(f), "."), b)
		}
	})
	return "GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" log_path="+prefix)
}
