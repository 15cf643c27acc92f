package serve_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/internal/apptest"
)

// The tests here run a binary made by devserver build of builtApp, built
// once for all of them.

var builtApp = map[string]string{
	"public/hello.txt": "hello\n",
	"public/big.txt":   publicText,
	"public/big.png":   publicText,
	"app/api/route.go": `package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response { return next.JSON(map[string]string{"ok": "yes"}) }

func POST(req *next.Request) *next.Response { return next.NewResponse("written") }
`,
	"app/boom/route.go": `package route

import (
	"errors"
	"net/http"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) (*next.Response, error) { return nil, errors.New("db password=hunter2 rejected") }

func POST(w http.ResponseWriter, r *http.Request) { panic("secret panic value hunter2") }
`,
	"app/exit/route.go": `package route

import (
	"log"
	sys "os"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response { sys.Exit(3); return nil }

func POST(req *next.Request) *next.Response { log.Fatalf("fatal %s", "x"); return nil }
`,
	"app/after/route.go": `package route

import (
	"fmt"
	"os"
	"time"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	next.After(req, func() {
		time.Sleep(time.Second)
		fmt.Fprintln(os.Stderr, "after work done")
	})
	return next.NewResponse("answered")
}
`,
	"app/env/route.go": `package route

import (
	"os"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	return next.NewResponse(next.Env() + " " + os.Getenv("FROM_FILE") + " " + os.Getenv("FROM_PROCESS"))
}
`,
}

// TestBuiltBinary builds builtApp once and runs the checks of a built
// binary against it.
func TestBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	dir := apptest.WriteModule(t, builtApp)
	bin := filepath.Join(t.TempDir(), "server")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := build.Build(ctx, build.Options{Dir: dir, Output: bin}); err != nil {
		t.Fatal(err)
	}
	t.Run("HostChecks", func(t *testing.T) { testBuiltHostChecks(t, bin) })
	t.Run("ErrorsAreGeneric", func(t *testing.T) { testBuiltErrorsAreGeneric(t, bin) })
	t.Run("RequestLog", func(t *testing.T) { testBuiltRequestLog(t, bin) })
	t.Run("Env", func(t *testing.T) { testBuiltEnv(t, bin) })
	t.Run("Exit", func(t *testing.T) { testBuiltExit(t, bin) })
	t.Run("ShutdownWaitsForAfter", func(t *testing.T) { testShutdownWaitsForAfter(t, bin) })
	t.Run("PublicCaching", func(t *testing.T) { testPublicCaching(t, apptest.StartBinary(t, bin, nil).URL) })
	t.Run("PublicCompression", func(t *testing.T) { testPublicCompression(t, apptest.StartBinary(t, bin, nil).URL) })
}

// testBuiltEnv checks that a built binary is in production (next.Env) and
// reads the production environment files of its working directory as
// next start does, the process environment winning; with NODE_ENV=test,
// the test files.
func testBuiltEnv(t *testing.T, bin string) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		".env":                  "FROM_FILE=env\nFROM_PROCESS=file\n",
		".env.production":       "FROM_FILE=production\n",
		".env.production.local": "FROM_FILE=production.local\n",
		".env.development":      "FROM_FILE=development\n",
		".env.test":             "FROM_FILE=test\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"NODE_ENV=", "FROM_PROCESS=process"}, "production production.local process"},
		{[]string{"NODE_ENV=test", "FROM_PROCESS="}, "test test "},
	} {
		s := apptest.StartBinaryIn(t, dir, bin, c.env)
		if _, body := do(t, "GET", s.URL+"/env", ""); body != c.want {
			t.Errorf("%v: /env answered %q, want %q", c.env, body, c.want)
		}
	}
}

// testBuiltRequestLog checks that a built binary logs no request lines by
// default (as next start), one per request with --log-requests, and JSON
// objects with the request's fields with --log-format json.
func testBuiltRequestLog(t *testing.T, bin string) {
	quiet := apptest.StartBinary(t, bin, nil)
	do(t, "GET", quiet.URL+"/api?quiet=1", "")
	loud := apptest.StartBinary(t, bin, nil, "--log-requests")
	do(t, "GET", loud.URL+"/api?loud=1", "")
	if !loud.WaitLog("GET /api?loud=1 200", 5*time.Second) {
		t.Errorf("--log-requests: no request line:\n%s", loud.Log)
	}
	if strings.Contains(quiet.Log.String(), "quiet=1") {
		t.Errorf("a request line by default:\n%s", quiet.Log)
	}
	js := apptest.StartBinary(t, bin, nil, "--log-requests", "--log-format", "json")
	do(t, "GET", js.URL+"/api?json=1", "")
	if !js.WaitLog(`"path":"/api?json=1"`, 5*time.Second) {
		t.Fatalf("--log-format json: no request object:\n%s", js.Log)
	}
	for _, line := range strings.Split(strings.TrimSpace(js.Log.String()), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Errorf("not a JSON line: %s", line)
			continue
		}
		if v["path"] == "/api?json=1" && (v["method"] != "GET" || v["status"] != 200.0 || v["duration_ms"] == nil) {
			t.Errorf("request object without its fields: %s", line)
		}
	}
}

// do sends method url with the given Host and headers, and returns the
// status and body.
func do(t *testing.T, method, url, host string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// testBuiltHostChecks checks the DNS-rebinding and cross-origin checks of a
// built binary: the dev server's, by default and whatever the bind address,
// with more hosts allowed by flag or by environment variable, and none
// with --allowed-host '*' --allowed-origin '*'.
func testBuiltHostChecks(t *testing.T, bin string) {
	t.Run("off", func(t *testing.T) {
		s := apptest.StartBinary(t, bin, nil, "--allowed-host", "*", "--allowed-origin", "*")
		if code, body := do(t, "GET", s.URL+"/api", "evil.example"); code != 200 {
			t.Errorf("Host evil.example with --allowed-host '*': %d %s, want 200", code, body)
		}
		if code, body := do(t, "POST", s.URL+"/api", "", "Origin", "https://evil.example"); code != 200 {
			t.Errorf("POST from another origin with --allowed-origin '*': %d %s, want 200", code, body)
		}
	})
	t.Run("logged", func(t *testing.T) {
		s := apptest.StartBinary(t, bin, nil, "-H", "0.0.0.0")
		for range 2 {
			if code, body := do(t, "GET", s.URL+"/api", "public.example"); code != 403 {
				t.Errorf("Host public.example, bound to 0.0.0.0: %d %s, want 403", code, body)
			}
		}
		if !s.WaitLog("pass --allowed-host NAME", 5*time.Second) {
			t.Errorf("bound to 0.0.0.0, the binary does not say at start how to allow a name:\n%s", s.Log)
		}
		if !s.WaitLog(`Host "public.example`, 5*time.Second) {
			t.Errorf("a refused Host is not logged:\n%s", s.Log)
		}
		if n := strings.Count(s.Log.String(), `Host "public.example`); n != 1 {
			t.Errorf("a refused Host is logged %d times, want once:\n%s", n, s.Log)
		}
	})
	for _, c := range []struct {
		name string
		env  []string
		args []string
	}{
		{"default", nil, nil},
		{"default bound to 0.0.0.0", nil, []string{"-H", "0.0.0.0"}},
		{"flag", nil, []string{"--allowed-host", "app.example.test"}},
		{"env", []string{"DEVSERVER_ALLOWED_HOSTS=other.test, app.example.test"}, nil},
	} {
		allowed := 403 // app.example.test, unless the case allows it
		if c.args != nil && c.args[0] == "--allowed-host" || c.env != nil {
			allowed = 200
		}
		t.Run(c.name, func(t *testing.T) {
			s := apptest.StartBinary(t, bin, c.env, c.args...)
			for _, h := range []struct {
				host, origin string
				method       string
				want         int
			}{
				{"evil.example", "", "GET", 403},
				{"app.example.test", "", "GET", allowed},
				{"", "", "GET", 200}, // 127.0.0.1:port
				{"localhost", "", "GET", 200},
				{"", "https://evil.example", "POST", 403},
				{"app.example.test", "https://app.example.test", "POST", allowed},
			} {
				var hdr []string
				if h.origin != "" {
					hdr = []string{"Origin", h.origin}
				}
				code, body := do(t, h.method, s.URL+"/api", h.host, hdr...)
				if code != h.want {
					t.Errorf("%s Host %q Origin %q: %d %s, want %d", h.method, h.host, h.origin, code, body, h.want)
				}
				if code == 403 && !strings.Contains(body, "forbidden") {
					t.Errorf("%s Host %q: body %q does not say why", h.method, h.host, body)
				}
			}
		})
	}
}

// testBuiltErrorsAreGeneric checks that a built binary answers a route's
// error and panic with "Internal Server Error" and a request ID, and logs
// the details on the line with that ID.
func testBuiltErrorsAreGeneric(t *testing.T, bin string) {
	s := apptest.StartBinary(t, bin, nil)
	for _, method := range []string{"GET", "POST"} {
		code, body := do(t, method, s.URL+"/boom", "", "Accept", "text/html")
		id, ok := strings.CutPrefix(body, "Internal Server Error\nrequest id: ")
		id = strings.TrimSpace(id)
		if code != 500 || !ok || len(id) != 16 || strings.Contains(body, "hunter2") || strings.Contains(body, "route.go") {
			t.Errorf("%s /boom: %d %q, want 500 Internal Server Error with a request id only", method, code, body)
			continue
		}
		if !s.WaitLog("request_id="+id, 5*time.Second) {
			t.Errorf("%s /boom: request id %s not logged:\n%s", method, id, s.Log)
		}
		for _, line := range strings.Split(s.Log.String(), "\n") {
			if strings.Contains(line, id) && !strings.Contains(line, "hunter2") {
				t.Errorf("%s /boom: the log line with the id has no details: %s", method, line)
			}
		}
	}
}

// testBuiltExit checks that os.Exit and log.Fatal in route code fail the
// request with 500 and leave the server running, as in the dev server.
func testBuiltExit(t *testing.T, bin string) {
	s := apptest.StartBinary(t, bin, nil)
	for _, c := range []struct{ method, logged string }{{"GET", "os.Exit(3)"}, {"POST", "fatal x"}} {
		if code, body := do(t, c.method, s.URL+"/exit", ""); code != 500 {
			t.Errorf("%s /exit: %d %q, want 500", c.method, code, body)
		}
		if !s.WaitLog(c.logged, 5*time.Second) {
			t.Errorf("%s /exit: %q not logged:\n%s", c.method, c.logged, s.Log)
		}
		if code, _ := do(t, "GET", s.URL+"/api", ""); code != 200 {
			t.Fatalf("after %s /exit: the server does not answer (%d)", c.method, code)
		}
	}
}

// testShutdownWaitsForAfter checks that a graceful shutdown lets the work
// a request gave next.After finish: the response comes at once, the work
// takes a second, and the process is interrupted before it is done.
func testShutdownWaitsForAfter(t *testing.T, bin string) {
	s := apptest.StartBinary(t, bin, nil)
	start := time.Now()
	if code, body := do(t, "GET", s.URL+"/after", ""); code != 200 || body != "answered" {
		t.Fatalf("GET /after: %d %q", code, body)
	}
	if took := time.Since(start); took > 900*time.Millisecond {
		t.Fatalf("GET /after took %v: the response waited for the work", took)
	}
	if strings.Contains(s.Log.String(), "after work done") {
		t.Fatal("the work was done before the response was read")
	}
	if err := s.Cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if !s.WaitLog("after work done", 10*time.Second) {
		t.Fatalf("the shutdown did not wait for the work of next.After:\n%s", s.Log)
	}
}
