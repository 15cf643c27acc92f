package dev_test

import (
	"fmt"
	"html/template"
	"strings"
	"testing"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
)

// panicRoute is a route whose handlers panic in every way route code does;
// the line comments are the lines the tests expect (keep them in step).
const panicRoute = `package route

import (
	"net/http"

	"example.com/app/internal/shared"
)

type user struct{ Name string }

func find(id string) *user { return nil }

func name(id string) string {
	u := find(id)
	return u.Name // line 15: nil pointer, in a return
}

func GET(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("kind") {
	case "map":
		var m map[string]int
		m["a"] = 1 // line 22
	case "nil":
		var u *user
		w.Write([]byte(u.Name)) // line 25
	case "index":
		xs := []int{1, 2}
		i := len(r.URL.Path)
		w.Write([]byte{byte(xs[i])}) // line 29
	case "explicit":
		panic("boom") // line 31
	case "helper":
		w.Write([]byte(name("x"))) // line 33
	case "shared":
		shared.Check(r.URL.Query().Get("v")) // line 35
	case "recovered":
		func() {
			defer func() { recover() }()
			panic("caught") // line 39
		}()
		var m map[string]int
		m["b"] = 2 // line 42
	case "generic":
		w.Write([]byte(shared.First([]string{}))) // line 44
	}
	w.Write([]byte("ok"))
}
`

const panicShared = `package shared

import "fmt"

// Check panics on an empty value.
func Check(v string) {
	if v == "" {
		panic(fmt.Sprintf("empty value %q", v)) // line 8
	}
}

// First returns the first of xs.
func First[T any](xs []T) T {
	return xs[0] // line 14
}
`

// TestPanicNamesItsLine: a panic of route code answers 500 with the error
// page naming the line of the route's code it happened at, with the code
// around it and the lines of its callers, and the log line names the same
// lines, not the interpreter's Go frames.
func TestPanicNamesItsLine(t *testing.T) {
	logs := &apptest.LockedBuffer{}
	a := startApp(t, map[string]string{
		"app/p/route.go":            panicRoute,
		"internal/shared/shared.go": panicShared,
	}, func(o *dev.Options) { o.Logger = log.New(logs) })
	for _, tc := range []struct {
		kind    string
		at      string   // file:line the answer and the log name first
		message string   // in the answer
		callers []string // file:line after it, innermost first
	}{
		{"map", "app/p/route.go:22", "assignment to entry in nil map", nil},
		{"nil", "app/p/route.go:25", "nil pointer dereference", nil},
		{"index", "app/p/route.go:29", "index out of range", nil},
		{"explicit", "app/p/route.go:31", "panicked: boom", nil},
		{"helper", "app/p/route.go:15", "nil pointer dereference", []string{"app/p/route.go:33"}},
		{"shared", "internal/shared/shared.go:8", `empty value ""`, []string{"app/p/route.go:35"}},
		{"recovered", "app/p/route.go:42", "assignment to entry in nil map", nil},
		// Generic code runs written out as concrete code, appended to the
		// using file: its panic still names the generic declaration's line.
		{"generic", "internal/shared/shared.go:14", "index out of range", []string{"app/p/route.go:44"}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			before := len(logs.String())
			page := a.get(t, "/p?kind="+tc.kind, "Accept", "text/html")
			expect(t, tc.kind, page, 500, tc.at+": GET handler panicked", template.HTMLEscapeString(tc.message))
			line := tc.at[strings.LastIndexByte(tc.at, ':')+1:]
			if !strings.Contains(page.Body, fmt.Sprintf(`<div class="file">%s</div>`, tc.at)) || !strings.Contains(page.Body, fmt.Sprintf(`<div class="here"><span class="n">%s</span>`, line)) {
				t.Errorf("the page's code frame is not at %s:\n%s", tc.at, page.Body)
			}
			for _, c := range tc.callers {
				if !strings.Contains(page.Body, "called from "+c) {
					t.Errorf("the page does not name the caller %s:\n%s", c, page.Body)
				}
			}
			// Other clients get the same line as plain text (as a built
			// binary showing details does, from its Go stack).
			plain := a.get(t, "/p?kind="+tc.kind)
			expect(t, tc.kind, plain, 500, tc.at+": GET handler panicked: ", tc.message)
			if strings.Contains(plain.Body, "<") {
				t.Errorf("the plain-text answer is HTML:\n%s", plain.Body)
			}
			logged := logs.String()[before:]
			if !strings.Contains(logged, tc.at+": GET handler panicked") {
				t.Errorf("the log does not name %s first:\n%s", tc.at, logged)
			}
			rest := logged
			for _, c := range tc.callers {
				i := strings.Index(rest, "called from "+c)
				if i < 0 {
					t.Errorf("the log does not name the caller %s, in order:\n%s", c, logged)
					break
				}
				rest = rest[i:]
			}
			if strings.Contains(logged, "yaegi") {
				t.Errorf("the log shows the interpreter's frames:\n%s", logged)
			}
		})
	}
	// The route still answers after its panics.
	expect(t, "after the panics", a.get(t, "/p?kind=none"), 200, "ok")
}

// iterRoute leaves a range-over-function loop early: the iterator's
// function returns at a line of its body, not by a panic.
const iterRoute = `package route

import (
	"net/http"
	"strconv"
)

func all(yield func(int) bool) {
	for i := range 9 {
		if !yield(i) {
			return
		}
	}
}

func evens(s func(func(int) bool)) func(func(int) bool) {
	return func(yield func(int) bool) {
		for x := range s {
			if x%2 == 0 && !yield(x) { // line 19
				return // the consumer broke out, no panic
			}
		}
	}
}

func GET(w http.ResponseWriter, r *http.Request) {
	out := ""
	for x := range evens(all) {
		if x > 3 {
			break
		}
		out += strconv.Itoa(x)
	}
	if r.URL.Query().Has("panic") {
		var m map[string]int
		m["a"] = 1 // line 36
	}
	w.Write([]byte(out))
}
`

// TestPanicLineAfterIterator: a function returning from the body of a
// range-over-function loop is not taken for one a panic left, neither by
// the same request's later panic nor by the next request's on the same
// connection (whose goroutine is the same), which named the iterator's
// line instead of their own.
func TestPanicLineAfterIterator(t *testing.T) {
	a := startApp(t, map[string]string{
		"go.mod":                    "module example.com/app\n\ngo 1.23\n",
		"app/p/route.go":            panicRoute,
		"app/it/route.go":           iterRoute,
		"internal/shared/shared.go": panicShared,
	})
	expect(t, "iterator", a.get(t, "/it"), 200, "02")
	expect(t, "next request", a.get(t, "/p?kind=map"), 500, "app/p/route.go:22: GET handler panicked")
	expect(t, "same request", a.get(t, "/it?panic=1"), 500, "app/it/route.go:36: GET handler panicked")
}
