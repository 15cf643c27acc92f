package interp

import (
	"context"
	"path/filepath"
	"testing"
)

// TestLoadRouteExportingGenerics checks that a route package exporting
// generic functions and types loads and serves: yaegi's Symbols, which the
// loader once used to find handlers, panics on them ("reflect: call of
// MakeFunc with non-Func type") and took the whole dev server down.
func TestLoadRouteExportingGenerics(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/g/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc Map[T any](xs []T, f func(T) T) []T {\n\tout := make([]T, 0, len(xs))\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\n\ntype Box[T any] struct{ V T }\n\nfunc (b Box[T]) Get() T { return b.V }\n\nvar Revalidate = 30\n\nfunc GET(req *next.Request) *next.Response {\n\treturn next.JSON(Map([]int{1, Box[int]{2}.Get()}, func(x int) int { return x * 2 }))\n}\n",
	})
	routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "g", "route.go")})
	r := routes[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if len(r.Handlers) != 1 || r.Config["Revalidate"] != 30 {
		t.Errorf("handlers %v, config %v: want GET and Revalidate 30", r.Handlers, r.Config)
	}
	if got := callGET(t, r); got != "[2,4]" {
		t.Errorf("GET answered %q, want [2,4]", got)
	}
}
