package interp

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// firstUses is a route whose goroutines, released together, are the first
// to call methods of route types: through a pointer (the atomic.Pointer of
// a fixture, which devserver's rewrite turns into a route type with
// methods, called as (&current).CompareAndSwap), as a method value, and
// handed to compiled code inside an interface (sort.Sort). Each makes yaegi
// compute a function's reflect type, which it caches in the type: a race
// in the interpreter unless the load computed them first.
const firstUses = `package route

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			current.CompareAndSwap(nil, &Config{"first"})
			add := hits.Add
			add(1)
			words := byLen{"ccc", "a", "bb"}
			sort.Sort(words)
		}()
	}
	close(start)
	wg.Wait()
	words := byLen{"ccc", "a", "bb"}
	sort.Sort(words)
	return next.NewResponse(fmt.Sprint(current.Load().Name, " ", hits.Get(), " ", words))
}

type Config struct{ Name string }

var current atomic.Pointer[Config]

type Counter struct{ n int64 }

func (c *Counter) Add(d int64) { atomic.AddInt64(&c.n, d) }

func (c *Counter) Get() int64 { return atomic.LoadInt64(&c.n) }

var hits Counter

type byLen []string

func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }
`

// TestLoadGoroutinesFirstUseMethods serves firstUses, from three fresh
// loads (the race is on the first use only, and the race detector sees it
// in most runs, not all): under the race detector it fails unless the load
// computed every function type before the handler ran (settleFuncTypes).
func TestLoadGoroutinesFirstUseMethods(t *testing.T) {
	for range 3 {
		get := loadGET(t, "firstuse", map[string]string{"app/firstuse/route.go": firstUses})
		const want = "first 8 [a bb ccc]"
		if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/firstuse", nil)))); body != want {
			t.Fatalf("body %q, want %q (go run)", body, want)
		}
	}
}

// TestSettleFuncTypesReachesYaegi checks that settleFuncTypes still finds
// yaegi's function types (it reads yaegi's unexported fields, which
// another yaegi version may change): those of the functions, methods,
// closures and generic instances of a program, each once.
func TestSettleFuncTypesReachesYaegi(t *testing.T) {
	if _, err := internals(); err != nil {
		t.Fatal(err)
	}
	it := interp.New(interp.Options{})
	if err := it.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	const src = `package main

import "strings"

type T struct{ s string }

func (t T) Upper() string { return strings.ToUpper(t.s) }
func (t *T) Set(s string) { t.s = s }

type Box[V any] struct{ v V }

func (b Box[V]) Get() V { return b.v }

var box = Box[int]{v: 1}

func one() int { return box.Get() }

func two(a, b int) func() int { return func() int { return a + b } }
`
	if _, err := it.Eval(src); err != nil {
		t.Fatal(err)
	}
	// one, two and its closure, T.Upper, (*T).Set, Box[int].Get (the
	// generic Box[V].Get has no reflect type).
	if got := settleFuncTypes(it); got != 6 {
		t.Errorf("settled %d function types, want 6", got)
	}
}

// firstUsesAtInit is firstUses with its goroutines started, released
// together and waited for by the package's init, before any handler
// runs: in the route's package, or in a package it imports whose
// variable's initialiser starts them.
var firstUsesAtInit = strings.NewReplacer(
	"func GET(req *next.Request) *next.Response {", "var out string\n\nfunc init() {",
	`return next.NewResponse(fmt.Sprint(current.Load().Name, " ", hits.Get(), " ", words))`, `out = fmt.Sprint(current.Load().Name, " ", hits.Get(), " ", words)`,
).Replace(firstUses) + "\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(out) }\n"

// TestInitGoroutinesFirstUseMethods loads routes whose package init (or a
// package variable's initialiser, in a package the route imports) starts
// goroutines that are the first to use methods of its types, from three
// fresh loads each: under the race detector it fails unless the load
// computed the function types before that code ran, not after it.
func TestInitGoroutinesFirstUseMethods(t *testing.T) {
	shared := strings.NewReplacer(
		"package route", "package shared",
		`"github.com/devserver/devserver/next"`, "",
		"func GET(req *next.Request) *next.Response {", "var Out = run()\n\nfunc run() string {",
		`return next.NewResponse(fmt.Sprint(current.Load().Name, " ", hits.Get(), " ", words))`, `return fmt.Sprint(current.Load().Name, " ", hits.Get(), " ", words)`,
	).Replace(firstUses)
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"init of the route's package", map[string]string{"app/initgo/route.go": firstUsesAtInit}},
		{"variable of an imported package", map[string]string{
			"internal/shared/shared.go": shared,
			"app/initgo/route.go":       "package route\n\nimport (\n\t\"example.com/app/internal/shared\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(shared.Out) }\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 3 {
				get := loadGET(t, "initgo", tt.files)
				const want = "first 8 [a bb ccc]"
				if body := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/initgo", nil)))); body != want {
					t.Fatalf("body %q, want %q (go run)", body, want)
				}
			}
		})
	}
}
