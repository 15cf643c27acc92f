package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/apptest"
)

// The supervisor tests run this test binary as the supervised child: its
// TestMain serves testChild's handlers when a supervisor started it.
func TestMain(m *testing.M) {
	c, err := ChildOf()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if c != nil {
		os.Exit(testChild(c))
	}
	if os.Getenv(reaperMode) != "" {
		os.Exit(reapingSupervisor())
	}
	os.Exit(m.Run())
}

// reaperMode makes this test binary a process of its own that runs only a
// Supervisor with Reap set (as devserver's main does), printing its
// address on the first line of its standard output.
const reaperMode = "SERVE_TEST_REAPER"

func reapingSupervisor() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(ln.Addr())
	os.Unsetenv(reaperMode)
	sup := &Supervisor{Listener: ln.(*net.TCPListener), Path: os.Args[0], Args: []string{"-test.run=^$"}, Stderr: io.Discard, Reap: true}
	if err := sup.Run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// crashAtStart names a file that, while it exists, makes the child crash
// before it is ready (a route whose init crashes, say).
const crashAtStart = "SERVE_TEST_CRASH_AT_START"

func testChild(c *Child) int {
	if f := os.Getenv(crashAtStart); f != "" {
		if _, err := os.Stat(f); err == nil {
			panic("crash while starting")
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok ", os.Getpid()) })
	mux.HandleFunc("/crash", func(w http.ResponseWriter, r *http.Request) { _ = json.NewEncoder(w).Encode(c.Crash) })
	mux.HandleFunc("/map", func(w http.ResponseWriter, r *http.Request) {
		m := map[int]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for i := range 1 << 22 {
					m[i] = i
				}
			})
		}
		wg.Wait()
		fmt.Fprint(w, len(m))
	})
	mux.HandleFunc("/stack", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, recurse(0)) })
	mux.HandleFunc("/oom", func(w http.ResponseWriter, r *http.Request) {
		n := 1 << 43 // 8 TiB: more than any machine here can map
		fmt.Fprint(w, len(make([]byte, n)))
	})
	// A process the child starts and leaves behind when it crashes, as a
	// crashed dev server leaves the go commands it was running.
	mux.HandleFunc("/orphan", func(w http.ResponseWriter, r *http.Request) {
		cmd := exec.Command("sleep", r.URL.Query().Get("for"))
		if err := cmd.Start(); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		fmt.Fprint(w, cmd.Process.Pid)
		go func() {
			time.Sleep(200 * time.Millisecond)
			panic("crash, leaving an orphan")
		}()
	})
	mux.HandleFunc("/goroutine", func(w http.ResponseWriter, r *http.Request) {
		go func() { panic("boom in a goroutine") }()
		time.Sleep(time.Second)
	})
	ctx, stop := c.SignalContext()
	defer stop()
	if err := c.Ready(); err != nil {
		return 1
	}
	if err := Run(ctx, c.Listener, c.Handler(mux), nil); err != nil {
		return 1
	}
	return 0
}

// recurse recurses until the stack overflows, on purpose.
func recurse(n int) int {
	var pad [16]int
	pad[n%16] = n
	//lint:ignore SA5007 the overflow is the point
	return recurse(n+1) + pad[3]
}

// supervised runs a Supervisor of this test binary on a fresh port.
type supervised struct {
	url  string
	log  *apptest.LockedBuffer
	errs *apptest.LockedBuffer
	pids chan int
	stop context.CancelFunc
	done chan error
}

func supervise(t *testing.T, env ...string) *supervised {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	s := &supervised{url: "http://" + ln.Addr().String(), log: &apptest.LockedBuffer{}, errs: &apptest.LockedBuffer{}, pids: make(chan int, 100), done: make(chan error, 1)}
	sup := &Supervisor{Listener: ln.(*net.TCPListener), Path: os.Args[0], Args: []string{"-test.run=^$"}, Dir: "/nonexistent",
		Logger: newLogger(s.log, false), Stderr: s.errs, Started: func(pid int) { s.pids <- pid }}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	go func() { s.done <- sup.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			t.Error("the supervisor did not stop")
		}
		ln.Close()
	})
	return s
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 30 * time.Second}
	res, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestSupervisorRestartsAfterCrashes crashes the child in each way Go
// cannot recover from and checks that the next request is served, by a new
// child told about the crash, and that the log says what crashed and where.
func TestSupervisorRestartsAfterCrashes(t *testing.T) {
	s := supervise(t, raceLogEnv(t))
	tests := []struct {
		path, reason string
	}{
		{"/map", "fatal error: concurrent map"},
		{"/stack", "fatal error: stack overflow"},
		{"/oom", "fatal error: runtime: out of memory"},
		{"/goroutine", "panic: boom in a goroutine"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			if tt.path == "/oom" {
				skipUnlessHugeAllocationsFail(t)
			}
			if status, _ := get(t, s.url+"/ok"); status != 200 {
				t.Fatalf("before the crash: %d", status)
			}
			before := len(s.pids)
			c := &http.Client{Timeout: 60 * time.Second}
			if res, err := c.Get(s.url + tt.path); err == nil {
				res.Body.Close()
				t.Fatalf("%s answered %d instead of crashing the child", tt.path, res.StatusCode)
			}
			status, body := get(t, s.url+"/ok")
			if status != 200 || !strings.HasPrefix(body, "ok ") {
				t.Fatalf("after the crash: %d %q", status, body)
			}
			if len(s.pids) == before {
				t.Fatal("answered, but no new child was started")
			}
			_, told := get(t, s.url+"/crash")
			var crash Crash
			if err := json.Unmarshal([]byte(told), &crash); err != nil {
				t.Fatalf("the new child was not told about the crash: %q", told)
			}
			if !strings.HasPrefix(crash.Reason, tt.reason) || crash.Request != "GET "+tt.path {
				t.Errorf("the new child was told %+v, want reason %q and request GET %s", crash, tt.reason, tt.path)
			}
			logged := s.log.String()
			if !strings.Contains(logged, "the server crashed: "+tt.reason) || !strings.Contains(logged, `request="GET `+tt.path+`"`) {
				t.Errorf("the log does not say what crashed:\n%s", logged)
			}
		})
	}
}

// raceLogEnv returns a GORACE setting that sends the race detector's
// reports of the processes started after it (log_path) to files of their
// own, which the test logs when it ends. A test binary built with -race
// reports the map writes of /map as a data race, on standard error, from
// another thread while the runtime prints its "fatal error: concurrent map
// writes" there, one piece at a time: the two interleave mid-line, and the
// crash read from the tail is then the report's text. The report still
// comes before the crash (halt_on_error stays off).
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

// skipUnlessHugeAllocationsFail skips, saying why, where the kernel grants
// any allocation: there an 8 TiB slice does not crash.
func skipUnlessHugeAllocationsFail(t *testing.T) {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	if err == nil && strings.TrimSpace(string(b)) == "1" {
		t.Skip("vm.overcommit_memory=1: the kernel grants any allocation, so a huge one does not fail")
	}
}

// TestSupervisorBacksOff checks that a child crashing while it starts is
// restarted with growing delays, not in a hot loop, and that the server
// answers once the cause is gone.
func TestSupervisorBacksOff(t *testing.T) {
	marker := t.TempDir() + "/crash"
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s := supervise(t, crashAtStart+"="+marker)
	time.Sleep(1500 * time.Millisecond)
	// Without a delay the child, which crashes in milliseconds, would have
	// started dozens of times; 250 ms, then 500, then 1 s: at most 4.
	if n := len(s.pids); n < 2 || n > 4 {
		t.Errorf("%d starts in 1.5 s of crashing at start", n)
	}
	if !strings.Contains(s.log.String(), "it crashed while starting") {
		t.Errorf("the log does not say why it waits:\n%s", s.log.String())
	}
	// Meanwhile requests are answered, not left hanging.
	status, body := get(t, s.url+"/ok")
	if status != 503 || !strings.Contains(body, "crash while starting") {
		t.Errorf("while it cannot start: %d %q, want 503 and the reason", status, body)
	}
	os.Remove(marker)
	deadline := time.Now().Add(15 * time.Second)
	for {
		status, _ := get(t, s.url+"/ok")
		if status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the cause was removed: %d", status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSupervisorStops checks that a stop request ends the child gracefully
// and Run returns nil.
func TestSupervisorStops(t *testing.T) {
	s := supervise(t)
	if status, _ := get(t, s.url+"/ok"); status != 200 {
		t.Fatal(status)
	}
	s.stop()
	select {
	case err := <-s.done:
		s.done <- err // for Cleanup
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the stop")
	}
}
