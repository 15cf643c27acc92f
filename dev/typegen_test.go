package dev_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/typegen"
)

const typedRoute = `package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request, p Params) *next.Response {
	return next.JSON(p)
}
`

// TestTypedParams checks handlers taking the generated Params in dev, and
// that the dev server writes the params file of a route folder added while
// it runs (once the app uses typed params), without looping.
func TestTypedParams(t *testing.T) {
	t.Parallel()
	a := startApp(t, map[string]string{
		"app/users/[userId]/route.go": typedRoute,
	}, func(o *dev.Options) {
		// The app opted in: its params file exists before the server starts.
		if _, err := typegen.Generate(filepath.Join(o.Dir, "app")); err != nil {
			t.Fatal(err)
		}
	})
	expect(t, "GET /users/7", a.get(t, "/users/7"), 200, `{"UserID":"7"}`)

	a.write(t, "app/docs/[...slug]/route.go", typedRoute)
	a.waitBody(t, "/docs/a/b", `{"Slug":["a","b"]}`)
	gen, err := os.ReadFile(a.path("app/docs/[...slug]/" + typegen.File))
	if err != nil || !strings.Contains(string(gen), "Slug []string `param:\"slug\"`") {
		t.Fatalf("params file of the new folder: %v\n%s", err, gen)
	}
	// Settled: a later unrelated edit writes no params file again.
	before := a.Dev.Server.Current().ID
	a.write(t, "app/users/[userId]/route.go", strings.Replace(typedRoute, "next.JSON(p)", "next.JSON(map[string]any{\"p\": p})", 1))
	a.waitBody(t, "/users/8", `{"p":{"UserID":"8"}}`)
	if n := a.Dev.Server.Current().ID - before; n > 2 {
		t.Errorf("%d generations for one edit: the params files keep changing", n)
	}
}
