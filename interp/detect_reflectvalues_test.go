package interp

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestForeignDeepEqual checks that a route declaring no types of its own,
// comparing with reflect.DeepEqual values that may be of a shared
// package's types as another type (in an any, in a []any, a struct of the
// shared package holding an any), or using DeepEqual as a value, is sent
// compiled; and that one comparing two values of one plain type, or of
// the standard library's types only, is not.
func TestForeignDeepEqual(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"reflect\"\n\n\t\"example.com/app/internal/models\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nvar _ models.Point\n\n"
	p := newProject(t, map[string]string{
		"internal/models/models.go": "package models\n\ntype UserID string\n\ntype Point struct{ X, Y int }\n\ntype Box struct{ V any }\n",
		"app/anys/route.go":         head + "func GET(req *next.Request) *next.Response { return next.JSON(reflect.DeepEqual(any(models.UserID(\"a\")), any(\"a\"))) }\n",
		"app/slice/route.go":        head + "func GET(req *next.Request) *next.Response { return next.JSON(reflect.DeepEqual([]any{models.Point{}}, []any{1})) }\n",
		"app/box/route.go":          head + "func GET(req *next.Request) *next.Response { return next.JSON(reflect.DeepEqual(models.Box{1}, models.Box{models.UserID(\"1\")})) }\n",
		"app/value/route.go":        head + "func GET(req *next.Request) *next.Response { eq := reflect.DeepEqual; return next.JSON(eq(1, 1)) }\n",
		"app/plain/route.go":        head + "func GET(req *next.Request) *next.Response { return next.JSON(reflect.DeepEqual(models.Point{1, 2}, models.Point{1, 2})) }\n",
		"app/std/route.go":          head + "func GET(req *next.Request) *next.Response { return next.JSON(reflect.DeepEqual(map[string][]int{}, map[string][]int{})) }\n",
	})
	names := []string{"anys", "slice", "box", "value", "plain", "std"}
	checkRefused(t, p, "reflect.DeepEqual of values", names, []bool{true, true, true, true, false, false})
}

// TestLocalTypesInInterfaces checks that a route declaring types only
// inside its functions is sent compiled when it prints an interface
// holding one with %#v, or compares interfaces holding two of the same
// fields (yaegi gives a local struct type no name, and one reflect type
// to both), and stays fast when its local types never reach an interface.
func TestLocalTypesInInterfaces(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\n"
	p := newProject(t, map[string]string{
		"app/gosyntax/route.go": head + "func GET(req *next.Request) *next.Response {\n\ttype point struct{ X, Y int }\n\treturn next.JSON(fmt.Sprintf(\"%#v\", []any{point{1, 2}}))\n}\n",
		"app/compare/route.go":  head + "func GET(req *next.Request) *next.Response {\n\ttype a struct{ N int }\n\ttype b struct{ N int }\n\tvar x, y any = a{1}, b{1}\n\treturn next.JSON(fmt.Sprint(x == y))\n}\n",
		"app/plain/route.go":    head + "func GET(req *next.Request) *next.Response {\n\ttype point struct{ X, Y int }\n\tp := point{1, 2}\n\treturn next.JSON(fmt.Sprintf(\"%#v %v\", p.X, p == point{1, 2}))\n}\n",
	})
	names := []string{"gosyntax", "compare", "plain"}
	var files []string
	for _, n := range names {
		files = append(files, filepath.Join(p.AppDir, n, "route.go"))
	}
	routes := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), files)
	for i, want := range []string{"%#v of a value holding an interface", "an interface value compared", ""} {
		err := routes[i].Err
		if got := err != nil && want != "" && strings.Contains(err.Error(), want); got != (want != "") || want == "" && err != nil {
			t.Errorf("%s: error %v, want refused for %q", names[i], err, want)
		}
	}
}

// TestImportedLocalTypes checks that a route declaring no types, handed
// as an any a value of a type a shared package declares in a function,
// is sent compiled when it prints it with %+v, %#v or %T, or compares it
// with another interface, and that the same code stays fast over a
// package declaring no types at all.
func TestImportedLocalTypes(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/app/internal/%s\"\n\t\"github.com/devserver/devserver/next\"\n)\n\n"
	p := newProject(t, map[string]string{
		"internal/stats/stats.go": "package stats\n\nfunc Get() any {\n\ttype summary struct {\n\t\tN    int\n\t\tnote string\n\t}\n\treturn summary{1, \"n\"}\n}\n\nfunc Other() any {\n\ttype other struct{ N int }\n\treturn other{1}\n}\n",
		"internal/plain/plain.go": "package plain\n\nfunc Get() any { return 1 }\n\nfunc Other() any { return \"x\" }\n",
		"app/plusv/route.go":      fmt.Sprintf(head, "stats") + "func GET(req *next.Request) *next.Response { return next.JSON(fmt.Sprintf(\"%+v\", stats.Get())) }\n",
		"app/gosyntax/route.go":   fmt.Sprintf(head, "stats") + "func GET(req *next.Request) *next.Response { return next.JSON(fmt.Sprintf(\"%#v\", stats.Get())) }\n",
		"app/compare/route.go":    fmt.Sprintf(head, "stats") + "func GET(req *next.Request) *next.Response { return next.JSON(fmt.Sprint(stats.Get() == stats.Other())) }\n",
		"app/plain/route.go":      fmt.Sprintf(head, "plain") + "func GET(req *next.Request) *next.Response { return next.JSON(fmt.Sprintf(\"%+v %#v %v\", plain.Get(), plain.Other(), plain.Get() == plain.Other())) }\n",
	})
	names := []string{"plusv", "gosyntax", "compare", "plain"}
	checkRefused(t, p, "", names, []bool{true, true, true, false})
}

// TestGobHeldTypes checks that a route declaring and naming no struct
// type, gob-encoding what a shared package hands it as an any (a struct
// of the package, or one declared in its function), is sent compiled,
// and that one importing a package with no such types is not.
func TestGobHeldTypes(t *testing.T) {
	const head = "package route\n\nimport (\n\t\"bytes\"\n\t\"encoding/gob\"\n\n\t\"example.com/app/internal/%s\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\tvar buf bytes.Buffer\n\treturn next.JSON(gob.NewEncoder(&buf).Encode(%s.Get()) == nil)\n}\n"
	p := newProject(t, map[string]string{
		"internal/models/models.go": "package models\n\ntype Rec struct{ ID int }\n\nfunc Get() any { return Rec{1} }\n",
		"internal/local/local.go":   "package local\n\nfunc Get() any {\n\ttype row struct{ N int }\n\treturn row{1}\n}\n",
		"internal/plain/plain.go":   "package plain\n\nfunc Get() any { return map[string]int{\"a\": 1} }\n",
		"app/models/route.go":       fmt.Sprintf(head, "models", "models"),
		"app/local/route.go":        fmt.Sprintf(head, "local", "local"),
		"app/plain/route.go":        fmt.Sprintf(head, "plain", "plain"),
	})
	names := []string{"models", "local", "plain"}
	checkRefusedElseLoads(t, p, "encoding/gob", names, []bool{true, true, false})
}
