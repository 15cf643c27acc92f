package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests here run the real devserver binary, built once, with the race
// detector when the tests have it (see race_test.go).
var (
	binary     string
	buildFlags []string
)

// withBinary runs the tests of m with binary built, and removes it after.
// (TestMain, in script_test.go, runs it unless the test binary was started
// as the devserver command of a script.)
type withBinary struct{ m *testing.M }

func (w withBinary) Run() int {
	dir, err := os.MkdirTemp("", "devserver-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "devserver")
	out, err := exec.Command("go", append(append([]string{"build"}, buildFlags...), "-o", binary, ".")...).CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		return 1
	}
	return w.m.Run()
}

// running is a devserver process serving an app.
type running struct {
	dir  string
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	log  strings.Builder
	done chan error
}

func (r *running) logText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.log.String()
}

var readyRE = regexp.MustCompile(`ready on (http://\S+)`)

// start writes files into a temp project and runs devserver on it.
func start(t *testing.T, files map[string]string, args ...string) *running {
	t.Helper()
	return startEnv(t, nil, files, args...)
}

// startEnv is start with env added to devserver's environment.
func startEnv(t *testing.T, env []string, files map[string]string, args ...string) *running {
	t.Helper()
	dir := t.TempDir()
	root, _ := os.Getwd()
	files["go.mod"] = "module example.com/app\n\ngo 1.22\n\nrequire github.com/devserver/devserver v0.0.0\n\nreplace github.com/devserver/devserver => " + root + "\n"
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(binary, append(append([]string{"-p", "0", "--check=false"}, args...), dir)...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &running{dir: dir, cmd: cmd, done: make(chan error, 1)}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			r.mu.Lock()
			r.log.WriteString(sc.Text() + "\n")
			r.mu.Unlock()
			if m := readyRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case ready <- m[1]:
				default: // ready again, after a restart
				}
			}
		}
		r.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-r.done
	})
	select {
	case u := <-ready:
		r.url = u
	case <-time.After(30 * time.Second):
		t.Fatalf("no ready line:\n%s", r.logText())
	}
	return r
}

// exited waits at most d for the process to end.
func (r *running) exited(d time.Duration) (error, bool) {
	select {
	case err := <-r.done:
		r.done <- err // for Cleanup
		return err, true
	case <-time.After(d):
		return nil, false
	}
}

const route = "package route\n\nimport (\n%s\n\t\"github.com/devserver/devserver/next\"\n)\n\n%s\n"

// TestShutdownDrainsAndClosesStreams checks a graceful shutdown of the real
// binary: a request in flight finishes, an event stream is closed at once,
// and the process exits.
func TestShutdownDrainsAndClosesStreams(t *testing.T) {
	t.Parallel()
	r := start(t, map[string]string{
		"app/slow/route.go": fmt.Sprintf(route, "\t\"time\"", `func GET(req *next.Request) *next.Response {
	time.Sleep(700 * time.Millisecond)
	return next.NewResponse("finished")
}`),
		"app/sse/route.go": fmt.Sprintf(route, "\t\"time\"", `func GET(req *next.Request) *next.Response {
	return next.EventStream(func(w *next.StreamWriter) error {
		for i := 0; ; i++ {
			if err := w.Event("tick", "x"); err != nil {
				return err
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}`),
	})
	sse, err := http.Get(r.url + "/sse")
	if err != nil {
		t.Fatal(err)
	}
	defer sse.Body.Close()
	br := bufio.NewReader(sse.Body)
	if line, err := br.ReadString('\n'); err != nil || !strings.Contains(line, "tick") {
		t.Fatalf("first event: %q %v", line, err)
	}
	slow := make(chan string, 1)
	go func() {
		res, err := http.Get(r.url + "/slow")
		if err != nil {
			slow <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		slow <- fmt.Sprint(res.StatusCode, " ", string(b))
	}()
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	if err := r.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	streamEnded := make(chan time.Duration, 1)
	go func() {
		_, _ = io.Copy(io.Discard, br)
		streamEnded <- time.Since(start)
	}()
	select {
	case d := <-streamEnded:
		if d > 2*time.Second {
			t.Errorf("the event stream ended %v after the signal", d)
		}
	case <-time.After(4 * time.Second):
		t.Error("the event stream was not closed by the shutdown")
	}
	if got := <-slow; got != "200 finished" {
		t.Errorf("the request in flight: %q, want it finished", got)
	}
	if err, ok := r.exited(5 * time.Second); !ok {
		t.Errorf("the process did not exit:\n%s", r.logText())
	} else if err != nil {
		t.Errorf("exit: %v\n%s", err, r.logText())
	}
	if !strings.Contains(r.logText(), "shutting down") {
		t.Errorf("no shutdown line:\n%s", r.logText())
	}
}

// TestSecondSignalQuits checks that a second Ctrl-C ends the process at
// once while a shutdown waits for a request that will not finish.
func TestSecondSignalQuits(t *testing.T) {
	t.Parallel()
	r := start(t, map[string]string{
		"app/hang/route.go": fmt.Sprintf(route, "\t\"time\"", `func GET(req *next.Request) *next.Response {
	time.Sleep(time.Minute)
	return next.NewResponse("late")
}`),
	}, "--handler-timeout=0")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "GET", r.url+"/hang", nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	}()
	time.Sleep(300 * time.Millisecond)
	_ = r.cmd.Process.Signal(syscall.SIGINT)
	if _, ok := r.exited(500 * time.Millisecond); ok {
		t.Fatalf("exited without waiting for the request in flight:\n%s", r.logText())
	}
	start := time.Now()
	_ = r.cmd.Process.Signal(syscall.SIGINT)
	if _, ok := r.exited(2 * time.Second); !ok {
		t.Fatalf("a second signal did not end the process:\n%s", r.logText())
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("the second signal took %v", d)
	}
}
