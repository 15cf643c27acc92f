package interp

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// genericCache is a shared package of the shape web code shares between
// routes, which yaegi cannot load as written (a keyed composite literal
// of a generic map type, a package variable of its type in another
// package).
const genericCache = `package cache

import "sync"

type Cache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func New[K comparable, V any]() *Cache[K, V] { return &Cache[K, V]{m: make(map[K]V)} }

func (c *Cache[K, V]) Set(k K, v V) { c.mu.Lock(); defer c.mu.Unlock(); c.m[k] = v }

func (c *Cache[K, V]) Get(k K) (V, bool) { c.mu.Lock(); defer c.mu.Unlock(); v, ok := c.m[k]; return v, ok }

func Keys[K comparable, V any](c *Cache[K, V]) []K {
	var out []K
	for k := range c.m {
		out = append(out, k)
	}
	return out
}
`

// TestMonomorphise checks the concrete code written out for instances, by
// shape, in a package with its own generic declarations.
func TestMonomorphise(t *testing.T) {
	const decls = "type Box[T any] struct{ V T }\n\nfunc (b Box[T]) Get() T { return b.V }\n\nfunc Wrap[T any](v T) Box[T] { return Box[T]{V: v} }\n\ntype Pair[K comparable, V any] struct{ K K; V V }\n\nfunc Twice[T any](v T) []Box[T] { return []Box[T]{Wrap(v), Wrap[T](v)} }\n\nfunc Conv[T any, PT interface{ *T }](p *T) PT { return PT(p) }\n\n"
	for _, tc := range []struct {
		name, code string
		want       []string // in the output
	}{
		{"explicit function", "var b = Wrap[int](1)", []string{
			"var b = _dsgWrap_", "func _dsgWrap_", "(v int) _dsgBox_", "{ return _dsgBox_", "{V: v} }",
			"type _dsgBox_", " struct{ V int }", ") Get() int { return b.V }",
		}},
		{"inferred function", "var b = Wrap(\"s\")", []string{"var b = _dsgWrap_", "(v string) _dsgBox_"}},
		{"type in a type", "var p Box[Pair[string, int]]", []string{"var p _dsgBox_", " struct{ K string; V int }", "struct{ V _dsgPair_"}},
		{"type parameters passed on", "var bs = Twice(1.5)", []string{"(v float64) []_dsgBox_", "{_dsgWrap_"}},
		{"pointer type parameter converting", "var n = Conv[int](nil)", []string{"return (*int)(p)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFolder("/x", map[string][]byte{"a.go": []byte("package p\n\n" + decls + "/* here */ " + tc.code + "\n")})
			f.importPath = "example.com/p"
			nf, refusal := monomorphise(f)
			if refusal != nil {
				t.Fatalf("refused: %s", refusal.msg)
			}
			if nf == f {
				t.Fatal("unchanged")
			}
			out := string(nf.files[0].src)
			if lines := strings.Count(out[:strings.Index(out, "/* here */")], "\n"); lines != strings.Count(decls, "\n")+2 {
				t.Errorf("the user's code moved to line %d:\n%s", lines+1, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in\n%s", w, out)
				}
			}
		})
	}
}

// TestMonomorphiseAliases checks that the instances of generic aliases
// are written out as the types they stand for, parenthesised as the
// operand of a conversion only, and that the generic declarations of a
// package declaring one go, keeping their lines.
func TestMonomorphiseAliases(t *testing.T) {
	const decls = "type Box[T any] struct{ V T }\n\nfunc (b Box[T]) Get() T { return b.V }\n\ntype Twin[T any] = Box[Box[T]]\n\ntype Ptr[T any] = *T\n\ntype Index[K comparable] = map[K][]int\n\n"
	for _, tc := range []struct {
		name, code string
		want       []string // in the output
	}{
		{"struct", "var b = Twin[int]{}", []string{"var b = _dsgBox_", "type _dsgBox_", " struct{ V _dsgBox_"}},
		{"map", "var m = Index[string]{}", []string{"var m = map[string][]int{}"}},
		{"pointer variable", "var p Ptr[int]", []string{"var p *int\n"}},
		{"pointer conversion", "var p = Ptr[int](nil)", []string{"var p = (*int)(nil)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFolder("/x", map[string][]byte{"a.go": []byte("package p\n\n" + decls + "/* here */ " + tc.code + "\n")})
			f.importPath = "example.com/p"
			nf, refusal := monomorphise(f)
			if refusal != nil {
				t.Fatalf("refused: %s", refusal.msg)
			}
			if nf == f {
				t.Fatal("unchanged")
			}
			out := string(nf.files[0].src)
			if lines := strings.Count(out[:strings.Index(out, "/* here */")], "\n"); lines != strings.Count(decls, "\n")+2 {
				t.Errorf("the user's code moved to line %d:\n%s", lines+1, out)
			}
			if decl := out[:strings.Index(out, "/* here */")]; strings.Contains(decl, "Twin") || strings.Contains(decl, "Get()") {
				t.Errorf("generic declarations left in a package declaring an alias:\n%s", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in\n%s", w, out)
				}
			}
		})
	}
}

// TestLoadMonomorphised loads routes using a generic shared package in
// the shapes the interpreter refuses as written; the dev server writes
// the instances out and interprets them.
func TestLoadMonomorphised(t *testing.T) {
	p := newProject(t, map[string]string{
		"lib/cache/cache.go": genericCache,
		"app/pkgvar/route.go": `package route

import (
	"fmt"

	"example.com/app/lib/cache"
	"github.com/devserver/devserver/next"
)

type User struct{ Name string }

var users = cache.New[string, User]()

func GET(req *next.Request) *next.Response {
	users.Set("ada", User{"Ada"})
	u, ok := users.Get("ada")
	return next.NewResponse(fmt.Sprint(u.Name, ok, cache.Keys(users)))
}
`,
	})
	files := []string{filepath.Join(p.AppDir, "pkgvar", "route.go")}
	l := &Loader{Project: p, CompileDiffering: true}
	body := func() string {
		t.Helper()
		r := l.Load(context.Background(), files)[0]
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		return readBody(t, r.Handlers["GET"].(func(*next.Request) *next.Response)(nextserver.NewRequest(httptest.NewRequest("GET", "/", nil))))
	}
	if got := body(); got != "Adatrue [ada]" {
		t.Fatalf("GET = %q", got)
	}
	// An edit of the generic package reaches the copies in the route's.
	writeTree(t, p.ModuleDir, map[string]string{"lib/cache/cache.go": strings.Replace(genericCache, "out = append(out, k)", "out = append(out, k, k)", 1)})
	l.Changed(p.ModuleDir, []string{filepath.Join(p.ModuleDir, "lib", "cache", "cache.go")})
	if got := body(); got != "Adatrue [ada ada]" {
		t.Fatalf("after an edit of the generic package, GET = %q", got)
	}
}

// TestLoadForeignInstances checks a route using a shared package's
// variable of an instance of the user's generic type (store.Users of type
// *cache.Cache[string, store.User]) beside generic code of its own: the
// route copies its own instances and calls the variable's methods, which
// the shared package's copy has; only a route that also copies the
// variable's instance is refused, whose two copies would be two types.
func TestLoadForeignInstances(t *testing.T) {
	p := newProject(t, map[string]string{
		"lib/cache/cache.go": genericCache,
		"lib/store/store.go": "package store\n\nimport \"example.com/app/lib/cache\"\n\ntype User struct{ Name string }\n\nvar Users = cache.New[string, User]()\n",
		"app/foreign/route.go": `package route

import (
	"fmt"
	"slices"

	"example.com/app/lib/store"
	"github.com/devserver/devserver/next"
)

func first[T any](xs []T) T { return xs[0] }

func GET(req *next.Request) *next.Response {
	store.Users.Set("ada", store.User{Name: "Ada"})
	u, ok := store.Users.Get("ada")
	return next.NewResponse(fmt.Sprint(u.Name, ok, first([]int{7, 8}), slices.Contains([]string{"a"}, "a")))
}
`,
		"app/both/route.go": `package route

import (
	"fmt"

	"example.com/app/lib/cache"
	"example.com/app/lib/store"
	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	mine := cache.New[string, store.User]()
	return next.NewResponse(fmt.Sprint(cache.Keys(mine), cache.Keys(store.Users)))
}
`,
	})
	l := &Loader{Project: p, CompileDiffering: true}
	r := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "foreign", "route.go")})[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	got := readBody(t, r.Handlers["GET"].(func(*next.Request) *next.Response)(nextserver.NewRequest(httptest.NewRequest("GET", "/", nil))))
	if got != "Adatrue 7 true" {
		t.Errorf("GET = %q", got)
	}
	r = l.Load(context.Background(), []string{filepath.Join(p.AppDir, "both", "route.go")})[0]
	if !errors.Is(r.Err, ErrDiffers) || !strings.Contains(r.Err.Error(), "Users of another package has an instance's type") {
		t.Errorf("a route copying the instance of another package's variable: err = %v, want ErrDiffers naming Users", r.Err)
	}
}

// TestLoadRefusesUncopyableGenerics checks that a route instantiating
// generic code the dev server cannot write out (with a type declared
// inside a function, which package-level code cannot name) is refused as
// code the interpreter runs otherwise, naming the instance: the detectors
// do not look into generic code, which must not run as written.
func TestLoadRefusesUncopyableGenerics(t *testing.T) {
	p := newProject(t, map[string]string{
		"lib/stack/stack.go": "package stack\n\nfunc Top[T any](xs []T) []T { return xs[:min(len(xs), 2)] }\n",
		"app/r/route.go":     "package route\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/app/lib/stack\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\ttype item struct{ N int }\n\treturn next.NewResponse(fmt.Sprint(stack.Top([]item{{1}, {2}, {3}})))\n}\n",
	})
	file := filepath.Join(p.AppDir, "r", "route.go")
	r := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), []string{file})[0]
	if !errors.Is(r.Err, ErrDiffers) {
		t.Fatalf("err = %v, want ErrDiffers", r.Err)
	}
	for _, want := range []string{"route.go:12:43: an instance of generic code", "a type declared inside a function (item)"} {
		if !strings.Contains(r.Err.Error(), want) {
			t.Errorf("err = %v, want it to say %q", r.Err, want)
		}
	}
}

// TestLoadGenericUnexported checks that the copies of generic code reach
// the unexported constants, functions, types and variables of its
// package (through the names genericExports declares), reading and
// writing the package's own variable.
func TestLoadGenericUnexported(t *testing.T) {
	p := newProject(t, map[string]string{
		"lib/pool/pool.go": `package pool

const limit = 2

var taken int

type slot struct{ N int }

func clip(n int) int { return min(n, limit) }

type Pool[T any] struct{ items []T }

func New[T any](items ...T) *Pool[T] { return &Pool[T]{items: items} }

func (p *Pool[T]) Take() []T {
	n := clip(len(p.items))
	taken += n
	s := slot{N: n}
	return p.items[:s.N]
}

func Taken() int { return taken }
`,
		"app/r/route.go": "package route\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/app/lib/pool\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\tp := pool.New(\"a\", \"b\", \"c\")\n\treturn next.NewResponse(fmt.Sprint(p.Take(), pool.Taken(), p.Take(), pool.Taken()))\n}\n",
	})
	r := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), []string{filepath.Join(p.AppDir, "r", "route.go")})[0]
	if got := callGET(t, r); got != "[a b] 2 [a b] 4" {
		t.Errorf("GET = %q", got)
	}
}
