package interp

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/internal/routego"
	"github.com/devserver/devserver/next"
)

func TestGoStatements(t *testing.T) {
	const rec = `_dsgo.Started("/m/p/a.go", 17, 2); defer func() { _dsgo.Recovered("/m/p/a.go", 17, 2, recover()) }();`
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"function literal", "go func(n int) { use(n) }(1)", "go func(n int) { " + rec + " use(n) }(1)"},
		{"function", "go use(x)", "go func(_dsgf func(int), _dsg0 int) { " + rec + " _dsgf(_dsg0) }(use, x)"},
		{"no arguments", "go done()", "go func(_dsgf func()) { " + rec + " _dsgf() }(done)"},
		{"untyped constant", "go wide(5)", "go func(_dsgf func(n int64), _dsg0 int64) { " + rec + " _dsgf(_dsg0) }(wide, 5)"},
		{"method", "go c.Inc()", "go func(_dsgr *C) { " + rec + " _dsgr.Inc() }(c)"},
		{"pointer method of a variable", "go v.Inc()", "go func(_dsgr *C) { " + rec + " _dsgr.Inc() }(&v)"},
		{"value method of a variable", "go v.Get()", "go func(_dsgr C) { " + rec + " _dsgr.Get() }(v)"},
		{"value method through a pointer", "go c.Get()", "go func(_dsgr C) { " + rec + " _dsgr.Get() }(*(c))"},
		{"method with arguments", "go c.Add(x, 2)", "go func(_dsgr *C, _dsg0 int, _dsg1 int) { " + rec + " _dsgr.Add(_dsg0, _dsg1) }(c, x, 2)"},
		{"method expression", "go (*C).Inc(c)", "go func(_dsgf func(*C), _dsg0 *C) { " + rec + " _dsgf(_dsg0) }((*C).Inc, c)"},
		{"variadic", "go many(1, x, x)", "go func(_dsgf func(int, ...int), _dsg0 int, _dsg1 int, _dsg2 int) { " + rec + " _dsgf(_dsg0, _dsg1, _dsg2) }(many, 1, x, x)"},
		{"variadic, slice passed on", "go many(1, xs...)", "go func(_dsgf func(int, ...int), _dsg0 int, _dsg1 ...int) { " + rec + " _dsgf(_dsg0, _dsg1...) }(many, 1, xs...)"},
		{"other package", "go fmt.Println(x)", "go func(_dsgf func(...interface{}) (int, error), _dsg0 interface{}) { " + rec + " _dsgf(_dsg0) }(fmt.Println, x)"},
		{"function literal in a loop", "for i := range xs { go func(n int) { use(n + i) }(x) }",
			"for i := range xs { _dsgo.Go(func(n int) func() { return func() { " + rec + " use(n + i) } }(x)) }"},
		{"function in a loop", "for range xs { go use(x) }",
			"for range xs { _dsgo.Go(func(_dsgf func(int), _dsg0 int) func() { return func() { " + rec + " _dsgf(_dsg0) } }(use, x)) }"},
		{"literal with results in a loop", "for range xs { go func() int { return 1 }() }",
			"for range xs { _dsgo.Go(func() func() { return func() { func() int { " + rec + " return 1 }() } }()) }"},
		{"literal with named results and arguments in a loop", "for i := range xs { go func(n int) (s string, err error) { use(n); return }(i) }",
			"for i := range xs { _dsgo.Go(func(n int) func() { return func() { func() (s string, err error) { " + rec + " use(n); return }() } }(i)) }"},
		{"loop in the goroutine", "go func() { for range xs { use(x) } }()", "go func() { " + rec + " for range xs { use(x) } }()"},
		{"builtin", "go println(x)", ""},
		{"several values as the arguments", "go two(pair())", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"fmt\"\n\ntype C struct{ n int }\n\nfunc (c *C) Inc()                { c.n++ }\nfunc (c *C) Add(a, b int)        { c.n += a + b }\nfunc (c C) Get() int             { return c.n }\nfunc use(int)                    {}\nfunc done()                      {}\nfunc wide(n int64)               {}\nfunc many(int, ...int)           {}\nfunc two(int, int)               {}\nfunc pair() (int, int)           { return 1, 2 }\n\nfunc f(x int, xs []int, c *C, v C) {\n\t" + tc.stmt + "\n\t_ = fmt.Sprint\n}\n"
			// The go statement is on line 18, in the column after the tab.
			col := strconv.Itoa(strings.Index(tc.stmt, "go ") + 2)
			want := strings.ReplaceAll(tc.want, ", 17, 2,", ", 18, "+col+",")
			want = strings.ReplaceAll(want, ", 17, 2)", ", 18, "+col+")")
			r := runPass(t, goStatements, true, "a.go", src)
			line := strings.TrimSpace(strings.Split(r.out("a.go"), "\n")[17])
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", line)
				}
				return
			}
			if !r.changed || line != want {
				t.Errorf("got  %s\nwant %s", line, want)
			}
		})
	}
}

// TestLoadRecoversGoroutinePanics runs a route whose goroutines panic in
// every shape of go statement: each panic is reported with its go
// statement's position instead of ending the process, and the arguments
// are evaluated at the go statement.
func TestLoadRecoversGoroutinePanics(t *testing.T) {
	var mu sync.Mutex
	var got []routego.Panic
	reported := make(chan struct{}, 10)
	routego.SetReport(func(p routego.Panic) {
		mu.Lock()
		got = append(got, p)
		mu.Unlock()
		reported <- struct{}{}
	})
	defer routego.SetReport(nil)
	p := newProject(t, map[string]string{
		"app/gor/route.go": `package route

import "github.com/devserver/devserver/next"

type worker struct{ name string }

func (w *worker) run(n int) { panic(w.name + " " + string(rune('0'+n))) }

func fail(n int, rest ...string) { panic(string(rune('0' + n)) + rest[len(rest)-1]) }

func GET(req *next.Request) *next.Response {
	n := 1
	go func() { panic("literal") }()
	go fail(n, "a", "b")
	w := &worker{name: "method"}
	go w.run(n)
	n = 2
	w = &worker{name: "replaced"}
	return next.NewResponse("ok")
}
`,
	})
	l := &Loader{Project: p}
	routes := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "gor", "route.go")})
	if routes[0].Err != nil {
		t.Fatal(routes[0].Err)
	}
	get := routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/gor", nil)))); body != "ok" {
		t.Fatalf("body %q", body)
	}
	for range 3 {
		select {
		case <-reported:
		case <-time.After(10 * time.Second):
			t.Fatalf("reported %+v, want 3 panics", got)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	sort.Slice(got, func(i, j int) bool { return got[i].Line < got[j].Line })
	file := filepath.Join(p.AppDir, "gor", "route.go")
	want := []routego.Panic{{File: file, Line: 13, Column: 2, Value: "literal"}, {File: file, Line: 14, Column: 2, Value: "1b"}, {File: file, Line: 16, Column: 2, Value: "method 1"}}
	for i := range want {
		if i >= len(got) || got[i] != want[i] {
			t.Errorf("reported %+v, want %+v", got, want)
			break
		}
	}
}

// TestLoadGoPointerMethodSharesItsReceiver checks that the rewrite keeps
// go v.m() of a pointer method working on v itself, not on a copy.
func TestLoadGoPointerMethodSharesItsReceiver(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/count/route.go": `package route

import "github.com/devserver/devserver/next"

type counter struct{ n int }

func (c *counter) inc(done chan bool) { c.n++; done <- true }

func GET(req *next.Request) *next.Response {
	var c counter
	done := make(chan bool)
	go c.inc(done)
	<-done
	return next.JSON(c.n)
}
`,
	})
	l := &Loader{Project: p}
	routes := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "count", "route.go")})
	if routes[0].Err != nil {
		t.Fatal(routes[0].Err)
	}
	get := routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/count", nil)))); body != "1" {
		t.Errorf("body %q, want 1: the goroutine incremented a copy", body)
	}
}

// TestLoadGoInRangeOverInt starts goroutines from a range over an integer,
// which the rangeOverInt pass desugars first: the go statement must still
// start its goroutine through the launcher (yaegi's closure slot in the
// loop's frame is written back by each goroutine as it ends, a data race),
// and each goroutine sees its own iteration's variable.
func TestLoadGoInRangeOverInt(t *testing.T) {
	get := loadGET(t, "fan", map[string]string{"app/fan/route.go": `package route

import (
	"fmt"
	"sync"

	"github.com/devserver/devserver/next"
)

type tally struct {
	mu sync.Mutex
	n  map[int]int
}

func (t *tally) add(i int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n[i%3] += i
}

func GET(req *next.Request) *next.Response {
	t := &tally{n: map[int]int{}}
	var wg sync.WaitGroup
	for i := range 300 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.add(i)
		}()
	}
	wg.Wait()
	return next.NewResponse(fmt.Sprint(t.n))
}
`})
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/fan", nil)))); body != "map[0:14850 1:14950 2:15050]" {
				t.Errorf("body %s, want map[0:14850 1:14950 2:15050]", body)
			}
		}()
	}
	wg.Wait()
}
