package serve_test

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/internal/apptest"
)

// The tests here run a binary made by devserver build of builtApp, built
// once for all of them.

var builtApp = map[string]string{
	"app/api/route.go": `package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response { return next.JSON(map[string]string{"ok": "yes"}) }

func POST(req *next.Request) *next.Response { return next.NewResponse("written") }
`,
}

var built struct {
	once sync.Once
	bin  string
	err  error
}

// builtBinary builds builtApp (once per test run) and returns the binary.
func builtBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a binary")
	}
	built.once.Do(func() {
		dir := apptest.WriteModule(t, builtApp)
		out := filepath.Join(t.TempDir(), "server")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		built.bin, built.err = out, build.Build(ctx, build.Options{Dir: dir, Output: out})
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
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

// TestBuiltHostChecks checks the DNS-rebinding and cross-origin checks of a
// built binary: none by default (behind a proxy the Host is the public name,
// which the binary cannot know), and the dev server's once a host is
// allowed, by flag or by environment variable.
func TestBuiltHostChecks(t *testing.T) {
	bin := builtBinary(t)
	t.Run("default", func(t *testing.T) {
		s := apptest.StartBinary(t, bin, nil)
		if code, body := do(t, "GET", s.URL+"/api", "evil.example"); code != 200 {
			t.Errorf("Host evil.example: %d %s, want 200 (no check unless asked)", code, body)
		}
	})
	for _, c := range []struct {
		name string
		env  []string
		args []string
	}{
		{"flag", nil, []string{"--allowed-host", "app.example.test"}},
		{"env", []string{"DEVSERVER_ALLOWED_HOSTS=other.test, app.example.test"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := apptest.StartBinary(t, bin, c.env, c.args...)
			for _, h := range []struct {
				host, origin string
				method       string
				want         int
			}{
				{"evil.example", "", "GET", 403},
				{"app.example.test", "", "GET", 200},
				{"", "", "GET", 200}, // 127.0.0.1:port
				{"localhost", "", "GET", 200},
				{"", "https://evil.example", "POST", 403},
				{"app.example.test", "https://app.example.test", "POST", 200},
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
