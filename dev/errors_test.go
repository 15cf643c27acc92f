package dev_test

// Broken code: compile errors answer 500 with file:line:col for that route
// only; panics, os.Exit and log.Fatal in a handler answer 500 and the server
// lives on; an endless init does not block the other routes.

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/dev"
)

// Line 10 lacks the closing parenthesis of the call.
const syntaxErrorRoute = `package route

import (
	"strings"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	return next.NewResponse(strings.ToUpper("x")
}
`

// Line 11 assigns an int to a string.
const typeErrorRoute = `package route

import (
	"strings"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	n := strings.Count("abc", "b")
	var s string = n
	return next.NewResponse(s)
}
`

// Line 7 uses an undefined name.
const undefinedRoute = `package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response {
	x := 1
	return next.NewResponse(undefinedThing + x)
}
`

// compileError is what the 500 of a broken route must say.
type compileError struct {
	path string // URL
	file string // project-relative file
	line int
	col  int    // 0: any column
	text string // the source line, for the code frame
}

func checkCompileError(t *testing.T, a *app, c compileError) {
	t.Helper()
	pos := regexp.QuoteMeta(c.file) + ":" + strconv.Itoa(c.line) + ":"
	if c.col > 0 {
		pos += strconv.Itoa(c.col)
	} else {
		pos += `\d+`
	}

	// Plain text: "file:line:col: message", then a code frame marking the line.
	r := a.get(t, c.path)
	if r.Status != 500 {
		t.Fatalf("GET %s: %s, want 500", c.path, r)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("GET %s: Content-Type %q, want text/plain", c.path, ct)
	}
	if !regexp.MustCompile(`\A` + pos + `: \S`).MatchString(r.Body) {
		t.Errorf("GET %s: body does not start with %s: %s", c.path, pos, r)
	}
	frame := "> " + fmt.Sprintf("%4d", c.line) + " | " + strings.ReplaceAll(c.text, "\t", "    ")
	if !strings.Contains(r.Body, frame+"\n") {
		t.Errorf("GET %s: no code frame line %q in:\n%s", c.path, frame, r.Body)
	}
	if strings.Contains(r.Body, a.Dir) || strings.Contains(r.Body, "src/example.com") {
		t.Errorf("GET %s: absolute or virtual paths in the message: %s", c.path, r)
	}

	// HTML for a browser, with the same position and the code frame.
	h := a.get(t, c.path, "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if h.Status != 500 {
		t.Fatalf("GET %s (HTML): %s, want 500", c.path, h)
	}
	if ct := h.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET %s (HTML): Content-Type %q", c.path, ct)
	}
	if !regexp.MustCompile(`<div class="file">` + pos + `</div>`).MatchString(h.Body) {
		t.Errorf("GET %s (HTML): no %s in:\n%s", c.path, pos, h.Body)
	}
	here := `<div class="here"><span class="n">` + strconv.Itoa(c.line) + `</span>` + strings.ReplaceAll(c.text, "\t", "    ") + `</div>`
	if !strings.Contains(html.UnescapeString(h.Body), here) {
		t.Errorf("GET %s (HTML): no highlighted frame line %q in:\n%s", c.path, here, h.Body)
	}
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/ok/route.go":           textRoute("ok"),
		"app/syntax/route.go":       syntaxErrorRoute,
		"app/types/route.go":        typeErrorRoute,
		"app/undefined/route.go":    undefinedRoute,
		"app/[...rest]/route.go":    textRoute("catch-all still serves"),
		"internal/lib/lib.go":       "package lib\n\n// X is broken.\nvar X int = undefinedThing\n",
		"app/uses-lib/route.go":     goRoute(`func GET(req *next.Request) *next.Response { return next.JSON(lib.X) }`, "example.com/app/internal/lib"),
		"app/uses-lib-too/route.go": goRoute(`func GET(req *next.Request) *next.Response { return next.JSON(lib.X + 1) }`, "example.com/app/internal/lib"),
		"app/missing/route.go":      goRoute(`func GET(req *next.Request) *next.Response { return next.JSON(nothere.X) }`, "example.com/app/internal/nothere"),
	})
	t.Run("syntax", func(t *testing.T) {
		t.Parallel()
		checkCompileError(t, a, compileError{"/syntax", "app/syntax/route.go", 10, 46, "\treturn next.NewResponse(strings.ToUpper(\"x\")"})
	})
	t.Run("type", func(t *testing.T) {
		t.Parallel()
		checkCompileError(t, a, compileError{"/types", "app/types/route.go", 11, 17, "\tvar s string = n"})
	})
	t.Run("undefined", func(t *testing.T) {
		t.Parallel()
		checkCompileError(t, a, compileError{"/undefined", "app/undefined/route.go", 7, 26, "\treturn next.NewResponse(undefinedThing + x)"})
	})
	t.Run("in a shared package", func(t *testing.T) {
		t.Parallel()
		// Every importer reports the package's own error.
		for _, p := range []string{"/uses-lib", "/uses-lib-too"} {
			checkCompileError(t, a, compileError{p, "internal/lib/lib.go", 4, 13, "var X int = undefinedThing"})
		}
	})
	t.Run("missing package", func(t *testing.T) {
		t.Parallel()
		expect(t, "GET /missing", a.get(t, "/missing"), 500, "app/missing/route.go", "example.com/app/internal/nothere")
	})
	t.Run("other routes serve", func(t *testing.T) {
		t.Parallel()
		expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")
		expect(t, "GET /anything/else", a.get(t, "/anything/else"), 200, "catch-all still serves")
	})
}

func TestPanicsAreContained(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/ok/route.go":    textRoute("ok"),
		"app/p/str/route.go": goRoute(`func GET(req *next.Request) *next.Response { panic("boom") }`),
		"app/p/err/route.go": goRoute(`func GET(req *next.Request) *next.Response { panic(errors.New("error value x")) }`, "errors"),
		"app/p/nilmap/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	var m map[string]int
	m["a"] = 1
	return next.JSON(m)
}`),
		"app/p/index/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	s := []int{1}
	i := len(req.NextURL.Pathname)
	return next.JSON(s[i])
}`),
		"app/p/exit/route.go":  goRoute(`func GET(req *next.Request) *next.Response { os.Exit(3); return nil }`, "os"),
		"app/p/fatal/route.go": goRoute(`func GET(req *next.Request) *next.Response { log.Fatal("fatal x"); return nil }`, "log"),
		"app/p/plain/route.go": goRoute(`func POST(w http.ResponseWriter, r *http.Request) {
	panic("plain boom")
}`, "net/http"),
		"app/p/after-write/route.go": goRoute(`func GET(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("partial"))
	panic("late boom")
}`, "net/http"),
	})
	cases := []struct {
		method, path string
		want         []string
	}{
		{"GET", "/p/str", []string{"app/p/str/route.go", "GET", "panicked", "boom"}},
		{"GET", "/p/err", []string{"app/p/err/route.go", "panicked", "error value x"}},
		{"GET", "/p/nilmap", []string{"app/p/nilmap/route.go", "panicked", "nil map"}},
		{"GET", "/p/index", []string{"app/p/index/route.go", "panicked", "out of range"}},
		{"GET", "/p/exit", []string{"app/p/exit/route.go", "panicked", "os.Exit(3)"}},
		{"GET", "/p/fatal", []string{"app/p/fatal/route.go", "panicked", "fatal x"}},
		{"POST", "/p/plain", []string{"app/p/plain/route.go", "POST", "panicked", "plain boom"}},
	}
	for _, c := range cases {
		for i := 0; i < 2; i++ { // and again: nothing was left broken
			expect(t, c.method+" "+c.path, a.do(t, c.method, c.path, nil), 500, c.want...)
			expect(t, "GET /ok after "+c.path, a.get(t, "/ok"), 200, "ok")
		}
	}
	// A panic after the body started cannot change the status; the
	// connection is cut or the partial body delivered, and the server lives.
	if r, err := fetch("GET", a.URL+"/p/after-write", nil); err == nil && r.Status != 200 {
		t.Errorf("GET /p/after-write: %s", r)
	}
	expect(t, "GET /ok at the end", a.get(t, "/ok"), 200, "ok")
}

func TestEndlessInit(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/ok/route.go": textRoute("ok"),
		"app/stuck/route.go": goRoute(`func init() {
	for {
	}
}

func GET(req *next.Request) *next.Response { return next.NewResponse("never") }`),
		"app/stuck-var/route.go": goRoute(`var n = forever()

func forever() int {
	i := 0
	for {
		i++
	}
	return i
}

func GET(req *next.Request) *next.Response { return next.JSON(n) }`),
		"app/z/route.go": textRoute("z"),
	}, func(o *dev.Options) { o.InitTimeout = 300 * time.Millisecond })
	expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")
	expect(t, "GET /z", a.get(t, "/z"), 200, "z")
	expect(t, "GET /stuck", a.get(t, "/stuck"), 500, "app/stuck/route.go", "did not finish")
	expect(t, "GET /stuck-var", a.get(t, "/stuck-var"), 500, "app/stuck-var/route.go", "did not finish")
}
