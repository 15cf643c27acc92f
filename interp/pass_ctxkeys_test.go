package interp

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

func TestContextKeys(t *testing.T) {
	src := "package p\n\nimport \"context\"\n\ntype key string\n\ntype user struct{}\n\nfunc f(ctx context.Context) {\n\tctx = context.WithValue(ctx, key(\"id\"), 1)\n\t_ = ctx.Value(user{})\n\t_ = ctx.Value(\"id\")\n}\n"
	r := runPass(t, contextKeys, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		`context.WithValue(ctx, _dsrt.ContextKey(key("id"), "example.com/m/p.key"), 1)`,
		`ctx.Value(_dsrt.ContextKey(user{}, "example.com/m/p.user"))`,
		`ctx.Value("id")`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestSharedContextKeys runs a route reading, with a shared package's
// exported key, what the package stored, and storing under the package's
// key types what the package reads: each finds the other's value, as in
// a build (dev found none: only the route's own key types were named).
func TestSharedContextKeys(t *testing.T) {
	p := newProject(t, map[string]string{
		"internal/auth/auth.go": "package auth\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n\ntype CtxKey string\n\nconst UserKey CtxKey = \"user\"\n\ntype TraceKey struct{}\n\nfunc WithUser(ctx context.Context, name string) context.Context { return context.WithValue(ctx, UserKey, name) }\n\nfunc Trace(ctx context.Context) string { return fmt.Sprint(ctx.Value(TraceKey{})) }\n",
		"app/x/route.go": `package route

import (
	"context"
	"fmt"

	"example.com/app/internal/auth"
	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	ctx := auth.WithUser(context.Background(), "ann")
	ctx = context.WithValue(ctx, auth.TraceKey{}, "t-1")
	return next.NewResponse(fmt.Sprint(ctx.Value(auth.UserKey), " ", ctx.Value("user"), " ", auth.Trace(ctx)))
}
`,
	})
	routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "x", "route.go")})
	if routes[0].Err != nil {
		t.Fatal(routes[0].Err)
	}
	get := routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	if got, want := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/x", nil)))), "ann <nil> t-1"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestLocalContextKeys runs a route whose functions each declare a key
// type of their own (type key struct{} in two functions, an empty struct
// key type beside another, a named int): each key finds only what was
// stored under it, as in a build (dev found one key's value under all).
func TestLocalContextKeys(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/x/route.go": `package route

import (
	"context"
	"fmt"

	"github.com/devserver/devserver/next"
)

func withA(ctx context.Context) context.Context {
	type key struct{}
	return context.WithValue(ctx, key{}, "a")
}

func readB(ctx context.Context) any {
	type key struct{}
	return ctx.Value(key{})
}

func GET(req *next.Request) *next.Response {
	type keyA struct{}
	type keyB struct{}
	type id int
	ctx := withA(context.Background())
	ctx = context.WithValue(ctx, keyA{}, "ka")
	ctx = context.WithValue(ctx, id(1), "one")
	return next.NewResponse(fmt.Sprint(readB(ctx), " ", ctx.Value(keyA{}), " ", ctx.Value(keyB{}), " ", ctx.Value(id(1)), " ", ctx.Value(1)))
}
`,
	})
	routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "x", "route.go")})
	if routes[0].Err != nil {
		t.Fatal(routes[0].Err)
	}
	get := routes[0].Handlers["GET"].(func(*next.Request) *next.Response)
	if got, want := readBody(t, get(nextserver.NewRequest(httptest.NewRequest("GET", "/x", nil)))), "<nil> ka <nil> one <nil>"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
