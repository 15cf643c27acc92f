package interp

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

func TestHandedClosures(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"handed in a loop", "for i := range xs { run(func() error { return use(i) }) }",
			"for i := range xs { run(func() func() error { return func() error { return use(i) } }()) }"},
		{"kept in a variable", "for _, x := range xs { f := func(n int) (err error) { return use(n + x) }; run2(f) }",
			"for _, x := range xs { f := func() func(n int) (err error) { return func(n int) (err error) { return use(n + x) } }(); run2(f) }"},
		{"three-clause loop", "for i := 0; i < 3; i++ { fs = append(fs, func() error { return use(i) }) }",
			"for i := 0; i < 3; i++ { fs = append(fs, func() func() error { return func() error { return use(i) } }()) }"},
		{"out of a loop", "run(func() error { return nil })", ""},
		{"called where made", "for range xs { _ = func() error { return nil }() }", ""},
		{"deferred", "for range xs { defer run(func() error { return nil }) }", ""},
		{"in a loop of a literal", "run(func() error { for range xs { run(func() error { return nil }) }; return nil })",
			"run(func() error { for range xs { run(func() func() error { return func() error { return nil } }()) }; return nil })"},
		{"loop around a literal's loop-free body", "for range xs { _ = func() { run(func() error { return nil }) } }",
			"for range xs { _ = func() func() { return func() { run(func() error { return nil }) } }() }"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc use(int) error               { return nil }\nfunc run(f func() error)          {}\nfunc run2(f func(int) error)      {}\n\nfunc f(xs []int) {\n\tvar fs []func() error\n\t" + tc.body + "\n\t_ = fs\n}\n"
			checkLine(t, handedClosures, src, 8, tc.want)
		})
	}
}

// TestLoadClosuresMadeInLoops runs closures made in a loop on other
// goroutines, in every way route code starts them: each must see its own
// iteration while the loop goes on (under the race detector, without a
// race in the interpreter).
func TestLoadClosuresMadeInLoops(t *testing.T) {
	for name, stmt := range map[string]string{
		"handed to compiled code":       `wg.Go(func() { res[i] = i + 1 })`,
		"handed to interpreted code":    `g.Go(func() { res[i] = i + 1 })`,
		"kept in a variable":            `f := func() { res[i] = i + 1 }; g.Go(f)`,
		"go statement":                  `wg.Add(1); go func() { defer wg.Done(); res[i] = i + 1 }()`,
		"go statement with an argument": `wg.Add(1); go func(n int) { defer wg.Done(); res[n] = n + 1 }(i)`,
		"go statement of a function":    `wg.Add(1); go set(&wg, res, i)`,
	} {
		t.Run(name, func(t *testing.T) {
			p := newProject(t, map[string]string{
				"app/x/route.go": `package route

import (
	"sync"

	"github.com/devserver/devserver/next"
)

type group struct{ wg sync.WaitGroup }

func (g *group) Go(f func()) {
	g.wg.Add(1)
	go func() { defer g.wg.Done(); f() }()
}

func set(wg *sync.WaitGroup, res []int, i int) { defer wg.Done(); res[i] = i + 1 }

func GET(req *next.Request) *next.Response {
	var wg sync.WaitGroup
	g := &group{}
	res := make([]int, 100)
	for i := range res {
		` + stmt + `
	}
	wg.Wait()
	g.wg.Wait()
	wrong := 0
	for i, v := range res {
		if v != i+1 {
			wrong++
		}
	}
	return next.JSON(wrong)
}
`})
			l := &Loader{Project: p}
			routes := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "x", "route.go")})
			if routes[0].Err != nil {
				t.Fatal(routes[0].Err)
			}
			get := routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
			for range 10 {
				if b := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/x", nil)))); b != "0" {
					t.Fatalf("%s closures saw another iteration's variable", b)
				}
			}
		})
	}
}
