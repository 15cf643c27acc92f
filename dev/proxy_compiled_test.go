package dev_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
)

// compiledProxy is a proxy.go the interpreter hands to the compiled tier
// (an error holding a typed nil pointer is not nil): it passes requests
// on with X-Version: version, and body in its function.
func compiledProxy(version, body string) string {
	return fmt.Sprintf(`package app

import (
	"net/http"

	"github.com/devserver/devserver/next"
)

type denial struct{}

func (*denial) Error() string { return "denied" }

func check(req *next.Request) error {
	var d *denial
	if req.NextURL.SearchParams.Get("deny") == "" {
		return nil
	}
	return d
}

func Proxy(req *next.Request) *next.Response {
	%s
	if check(req) != nil {
		return next.NewResponse("denied", next.Init{Status: 403})
	}
	return next.Next(next.ProxyInit{RequestHeaders: http.Header{"X-Version": {%q}}})
}
`, body, version)
}

// TestCompiledProxyEdit edits a proxy the compiled tier runs, through the
// real watcher: the next requests go through the new code; a type error
// answers 500 at the compiler's file:line:col; the save fixing it serves
// again.
func TestCompiledProxyEdit(t *testing.T) {
	logs := &apptest.LockedBuffer{}
	a := startModuleApp(t, map[string]string{
		"proxy.go": compiledProxy("v1", ""),
		"app/hello/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	return next.NewResponse("hello " + req.Headers.Get("X-Version"))
}`),
	}, func(o *dev.Options) { o.Logger = log.New(logs) })

	// The first build compiles devserver's server too.
	waitCompiled := func(what string, ok func(resp) bool) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Minute)
		for {
			r, err := fetch("GET", a.URL+"/hello", nil)
			if err == nil && ok(r) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET /hello: %s not seen within 3 minutes; last: %v %v\n%s", what, r, err, logs)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	body := func(want string) func(resp) bool {
		return func(r resp) bool { return r.Status == 200 && r.Body == want }
	}
	waitCompiled("hello v1", body("hello v1"))
	if !strings.Contains(logs.String(), "proxy.go runs compiled") {
		t.Errorf("the log does not say the proxy runs compiled:\n%s", logs)
	}
	if got := a.get(t, "/hello?deny=1"); got.Status != 403 {
		t.Errorf("GET /hello?deny=1: %s, want 403: the compiled proxy sees the typed nil", got)
	}

	a.write(t, "proxy.go", compiledProxy("v2", ""))
	waitCompiled("hello v2", body("hello v2"))

	// Line 22: a string assigned to an int.
	a.write(t, "proxy.go", compiledProxy("v3", `var n int = "x"; _ = n`))
	pos := regexp.MustCompile(`\Aproxy\.go:22:\d+: `)
	waitCompiled("the type error", func(r resp) bool { return r.Status == 500 && pos.MatchString(r.Body) })

	a.write(t, "proxy.go", compiledProxy("v4", ""))
	waitCompiled("hello v4", body("hello v4"))
}
