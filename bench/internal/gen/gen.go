// Package gen writes the apps the benchmarks serve.
package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/devserver/devserver/bench/route"
)

// Module is the module path of every generated app.
const Module = "example.com/app"

// JSONPath is the URL pattern of the JSON GET route in the app WriteJSONApp
// writes; JSONURL is a URL it answers.
const (
	JSONPath = "/items/[id]"
	JSONURL  = "/items/42?name=ada"
)

// WriteRoutesApp writes into dir an app of n routes, app/r<i>/[id]/route.go,
// each importing strings, strconv, next and the shared package
// example.com/app/internal/shared.
func WriteRoutesApp(dir string, n int) error {
	if err := WriteFile(filepath.Join(dir, "go.mod"), goMod); err != nil {
		return err
	}
	if err := WriteFile(SharedPath(dir), SharedSource("v0")); err != nil {
		return err
	}
	for i := range n {
		if err := WriteFile(RoutePath(dir, i), RouteSource(i, "t0")); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSONApp writes into dir an app with one route, app/items/[id], whose
// source is route.Source.
func WriteJSONApp(dir string) error {
	if err := WriteFile(filepath.Join(dir, "go.mod"), goMod); err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, "app", "items", "[id]", "route.go"), route.Source)
}

// RoutePath is the file of route i.
func RoutePath(dir string, i int) string {
	return filepath.Join(dir, "app", "r"+strconv.Itoa(i), "[id]", "route.go")
}

// RouteURL is a URL route i answers.
func RouteURL(i int) string { return "/r" + strconv.Itoa(i) + "/7?name=ada" }

// SharedPath is the file of the shared package.
func SharedPath(dir string) string {
	return filepath.Join(dir, "internal", "shared", "shared.go")
}

// WriteFile writes content to path, creating its folder.
func WriteFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o644)
}

const goMod = "module " + Module + "\n\ngo 1.22\n"

// RouteSource is the source of route i; its responses carry token.
func RouteSource(i int, token string) string {
	return fmt.Sprintf(routeTemplate, token, i, i)
}

// SharedSource is the source of the shared package; every response carries
// version.
func SharedSource(version string) string {
	return fmt.Sprintf(sharedTemplate, version)
}

const routeTemplate = `package route

import (
	"strconv"
	"strings"

	"example.com/app/internal/shared"
	"github.com/devserver/devserver/next"
)

// token changes every time the benchmark edits this file.
const token = %q

const name = "r%d"

// GET /r%d/[id]?name=... answers one item.
func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	id, err := strconv.Atoi(ctx.Params.Get("id"))
	if err != nil || id < 0 {
		return next.JSON(map[string]string{"error": "id must be a non-negative number"}, next.Init{Status: 400})
	}
	who := strings.TrimSpace(req.NextURL.SearchParams.Get("name"))
	if who == "" {
		who = "anonymous"
	}
	tags := strings.Split("a,b,c", ",")
	for i := range tags {
		tags[i] = name + "-" + tags[i]
	}
	item := shared.Item{ID: id, Name: shared.Label(name, who, id), Route: name, Token: token, Version: shared.Version}
	return next.JSON(map[string]any{"item": item, "tags": tags, "n": strconv.Itoa(len(tags))})
}
`

const sharedTemplate = `// Package shared is imported by every route.
package shared

import (
	"strconv"
	"strings"
)

// Version changes every time the benchmark edits this file.
const Version = %q

// Item is what every route answers with.
type Item struct {
	ID      int    ` + "`json:\"id\"`" + `
	Name    string ` + "`json:\"name\"`" + `
	Route   string ` + "`json:\"route\"`" + `
	Token   string ` + "`json:\"token\"`" + `
	Version string ` + "`json:\"version\"`" + `
}

// Label names an item for display.
func Label(route, who string, id int) string {
	var b strings.Builder
	b.WriteString(strings.ToUpper(route))
	b.WriteByte(':')
	b.WriteString(who)
	b.WriteByte('#')
	b.WriteString(strconv.Itoa(id))
	return b.String()
}
`

// Buildable makes the app in dir a module devserver build and the type
// check can compile: its go.mod requires devserver from the checkout at
// root (with a replace), and its go.sum is root's.
func Buildable(dir, root string) error {
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	mod := goMod + "\nrequire github.com/devserver/devserver v0.0.0\n\nreplace github.com/devserver/devserver => " + root + "\n"
	if err := WriteFile(filepath.Join(dir, "go.mod"), mod); err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, "go.sum"), string(sum))
}
