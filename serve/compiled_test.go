package serve

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/apptest"
	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/server"
)

// compiledApp serves routes (a URL folder under app/, such as "boom", to
// its handlers) as a built binary does, with dev's or production's error
// answers, and returns its URL and its log.
func compiledApp(t *testing.T, production bool, routes map[string]map[string]any, configure ...func(*server.Server)) (string, *apptest.LockedBuffer) {
	t.Helper()
	var files []string
	var loaded []approuter.Loaded
	for dir, handlers := range routes {
		files = append(files, dir+"/route.go")
		loaded = append(loaded, approuter.Loaded{File: "app/" + dir + "/route.go", Handlers: handlers})
	}
	srv := Compiled(server.App{Dir: ".", AppDir: "app", Routes: files}, loaded)
	logs := &apptest.LockedBuffer{}
	srv.Logger = log.New(logs)
	srv.Production = production
	for _, f := range configure {
		f(srv)
	}
	srv.Reload(context.Background(), nil)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return hs.URL, logs
}

const secret = "db password=hunter2 rejected"

var leaky = map[string]map[string]any{
	"error": {"GET": func(*next.Request) (*next.Response, error) { return nil, errors.New(secret) }},
	"panic": {"GET": func(*next.Request) *next.Response { panic(secret) }},
	"plain": {"GET": func(http.ResponseWriter, *http.Request) { panic(secret) }},
	"bad": {"GET": func(*next.Request) *next.Response {
		return next.NewResponse(nil, next.Init{Headers: http.Header{"X-Secret": {secret + "\n"}}})
	}},
}

var requestIDLine = regexp.MustCompile(`(?m)^Internal Server Error\nrequest id: ([0-9a-f]{16})\n$`)

// TestProductionErrorsAreGeneric checks that a built binary's 500s tell the
// client nothing of the error (message, panic value, file) but a request ID,
// and that the log line with that ID has the details; dev shows them.
func TestProductionErrorsAreGeneric(t *testing.T) {
	url, logs := compiledApp(t, true, leaky)
	for _, path := range []string{"/error", "/panic", "/plain", "/bad"} {
		for _, accept := range []string{"", "text/html"} {
			req, _ := http.NewRequest("GET", url+path, nil)
			req.Header.Set("Accept", accept)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			body := string(b)
			m := requestIDLine.FindStringSubmatch(body)
			switch {
			case res.StatusCode != 500:
				t.Errorf("%s: %d, want 500", path, res.StatusCode)
			case m == nil:
				t.Errorf("%s (Accept %q): body %q, want Internal Server Error and a request id", path, accept, body)
			case strings.Contains(body, "hunter2") || strings.Contains(body, "route.go"):
				t.Errorf("%s: body leaks the error: %q", path, body)
			case res.Header.Get("X-Request-Id") != m[1]:
				t.Errorf("%s: X-Request-Id %q, body's id %q", path, res.Header.Get("X-Request-Id"), m[1])
			case res.Header.Get("X-Secret") != "":
				t.Errorf("%s: the handler's header was sent", path)
			default:
				if !logLine(logs.String(), m[1], "hunter2") {
					t.Errorf("%s: no log line with request id %s and the error:\n%s", path, m[1], logs)
				}
			}
		}
	}
}

// logLine reports whether one line of log has all of words.
func logLine(log string, words ...string) bool {
	for _, line := range strings.Split(log, "\n") {
		all := true
		for _, w := range words {
			all = all && strings.Contains(line, w)
		}
		if all {
			return true
		}
	}
	return false
}

// TestDevErrorsShowDetails checks that the dev server's error answer keeps
// the details: it is the developer's own machine.
func TestDevErrorsShowDetails(t *testing.T) {
	url, _ := compiledApp(t, false, leaky)
	for _, path := range []string{"/error", "/panic", "/plain", "/bad"} {
		res, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 500 || !strings.Contains(string(b), "hunter2") || !strings.Contains(string(b), "route.go") {
			t.Errorf("%s: %d %q, want 500 naming the file and the error", path, res.StatusCode, b)
		}
	}
}
