package dev_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// slowInstrumentation's OnRequestError takes its time before it keeps
// an error, as one sending it to a reporting service does.
const slowInstrumentation = `package app

import (
	"net/http"
	"time"

	"example.com/app/lib/seen"
	"github.com/devserver/devserver/next"
)

func OnRequestError(err error, req *http.Request, ctx next.ErrorContext) {
	time.Sleep(300 * time.Millisecond)
	seen.Add(err.Error() + " " + req.URL.Path)
}
`

const seenPackage = `package seen

import (
	"strings"
	"sync"
)

var (
	mu   sync.Mutex
	errs []string
)

func Add(s string) {
	mu.Lock()
	defer mu.Unlock()
	errs = append(errs, s)
}

func List() string {
	mu.Lock()
	defer mu.Unlock()
	return strings.Join(errs, "\n")
}
`

const seenRoute = `package route

import (
	"net/http"

	"example.com/app/lib/seen"
)

func GET(w http.ResponseWriter, r *http.Request) { w.Write([]byte("seen:\n" + seen.List())) }
`

// failingRoute panics before its answer, or after it began (late); with
// unsafe imported it runs in the compiled tier.
func failingRoute(compiled bool) string {
	imp, use := "", ""
	if compiled {
		imp, use = `"unsafe"`, "_ = unsafe.Sizeof(0)"
	}
	return `package route

import (
	"net/http"
	` + imp + `
)

func GET(w http.ResponseWriter, r *http.Request) {
	` + use + `
	if r.URL.Query().Get("late") != "" {
		w.Write([]byte("partial"))
		w.(http.Flusher).Flush()
		panic("late failure")
	}
	panic("early failure")
}
`
}

// TestOnRequestErrorBeforeAnswer: the client's next request finds the
// error its last one ended in told to OnRequestError, also when telling
// takes time, as Next.js awaits onRequestError before it answers: for a
// panic before the answer (an error page) and after it began (the end of
// the answer waits), of a route of either tier.
func TestOnRequestErrorBeforeAnswer(t *testing.T) {
	for _, compiled := range []bool{false, true} {
		name := "interpreted"
		if compiled {
			name = "compiled"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := startModuleApp(t, map[string]string{
				"instrumentation.go": slowInstrumentation,
				"lib/seen/seen.go":   seenPackage,
				"app/seen/route.go":  seenRoute,
				"app/boom/route.go":  failingRoute(compiled),
			})
			if compiled {
				// A client that gives up while the route builds ends
				// in no server error.
				ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.URL+"/boom", nil)
				if err != nil {
					t.Fatal(err)
				}
				if res, err := client.Do(req); err == nil {
					res.Body.Close()
				}
				cancel()
				waitForRequestWithin(t, compileWait, http.MethodGet, a.URL+"/boom", func(r resp) bool { return r.Status == http.StatusInternalServerError })
			} else {
				expect(t, "GET /boom", a.get(t, "/boom"), http.StatusInternalServerError)
			}
			got := a.get(t, "/seen")
			if strings.Contains(got.Body, "context canceled") {
				t.Errorf("GET /seen = %q; a request the client gave up on was told as a server error", got.Body)
			}
			if !strings.Contains(got.Body, "early failure /boom") {
				t.Errorf("after GET /boom answered 500, GET /seen = %q; want the error told", got.Body)
			}
			r := a.get(t, "/boom?late=1")
			expect(t, "GET /boom?late=1", r, http.StatusOK, "partial")
			got = a.get(t, "/seen")
			if !strings.Contains(got.Body, "late failure /boom") {
				t.Errorf("after GET /boom?late=1 ended, GET /seen = %q; want the late error told", got.Body)
			}
		})
	}
}

// TestOnRequestErrorNotToldOfBuildErrors: a route of the compiled tier
// that does not build answers its error page, as one the interpreter
// cannot load does, and neither is a request's error to tell
// OnRequestError of.
func TestOnRequestErrorNotToldOfBuildErrors(t *testing.T) {
	t.Parallel()
	a := startModuleApp(t, map[string]string{
		"instrumentation.go":  slowInstrumentation,
		"lib/seen/seen.go":    seenPackage,
		"app/seen/route.go":   seenRoute,
		"app/bad/route.go":    "package route\n\nimport (\n\t\"net/http\"\n\t\"unsafe\"\n)\n\nfunc GET(w http.ResponseWriter, r *http.Request) { var n int = \"x\"; _ = unsafe.Sizeof(n) }\n",
		"app/broken/route.go": "package route\n\nimport \"net/http\"\n\nfunc GET(w http.ResponseWriter, r *http.Request) { var n int = \"x\"; _ = n }\n",
	})
	r := waitForRequestWithin(t, compileWait, http.MethodGet, a.URL+"/bad", func(r resp) bool { return r.Status != http.StatusServiceUnavailable })
	expect(t, "GET /bad", r, http.StatusInternalServerError, "app/bad/route.go:8:")
	expect(t, "GET /broken", a.get(t, "/broken"), http.StatusInternalServerError, "app/broken/route.go:5:")
	time.Sleep(400 * time.Millisecond) // were either told, it would be by now
	if got := a.get(t, "/seen"); got.Body != "seen:\n" {
		t.Errorf("GET /seen = %q; routes that do not build were told as requests' errors", got.Body)
	}
}
