// Package scaffold owns the files devserver init writes: a small project
// with a route, a route with a param and its test, a proxy, .gitignore and
// a README, written only where nothing exists yet.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"unicode"
)

// Project describes the project to write.
type Project struct {
	// Module is the module path of its go.mod.
	Module string
	// GoVersion is its go directive ("1.26.0").
	GoVersion string
	// Binary is the name devserver build gives its binary, which
	// .gitignore leaves out and the README runs.
	Binary string
	// Require is the devserver module version it requires; Sum the go.sum
	// that goes with it.
	Require string
	Sum     []byte
}

// Files returns the project's files, by slash-separated path.
func (p Project) Files() (map[string][]byte, error) {
	out := map[string][]byte{"go.sum": p.Sum}
	data := struct {
		Project
		Package, Name string
	}{p, PackageName(p.Module), path(p.Module)}
	for name, text := range templates {
		var b strings.Builder
		if err := template.Must(template.New(name).Funcs(funcs).Parse(text)).Execute(&b, data); err != nil {
			return nil, fmt.Errorf("scaffold %s: %w", name, err)
		}
		out[name] = []byte(b.String())
	}
	return out, nil
}

// funcs are the templates' functions: pad aligns the comment after a
// command that runs the binary with the comments of the lines above it.
var funcs = template.FuncMap{"pad": func(binary string) string {
	return strings.Repeat(" ", max(1, len("devserver build      ")-len("./"+binary)))
}}

// path is the last element of a module path.
func path(module string) string { return module[strings.LastIndex(module, "/")+1:] }

// PackageName turns the last element of a module path into a package name
// ("my-app" → "myapp"); "app" when nothing is left.
func PackageName(module string) string {
	name := strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return unicode.ToLower(r)
		}
		return -1
	}, path(module))
	if name == "" || unicode.IsDigit(rune(name[0])) {
		name = "app" + name
	}
	return name
}

// ErrExists is the error of Write when a file it would write exists.
var ErrExists = errors.New("already exists")

// Write writes files under dir, creating folders as needed. It writes
// nothing when any of them exists already, and says which.
func Write(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var exist []string
	for _, name := range names {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			exist = append(exist, name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if len(exist) > 0 {
		return fmt.Errorf("%s: %s %w; nothing was written", dir, strings.Join(exist, ", "), ErrExists)
	}
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		// O_EXCL: a file that appeared since the check is not overwritten.
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = f.Write(files[name])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

var templates = map[string]string{
	"go.mod": `module {{.Module}}

go {{.GoVersion}}

require github.com/devserver/devserver {{.Require}}
`,
	"app/route.go": `// Package route answers GET / (a route.go in app/ is the route of its
// folder's URL).
package route

import "github.com/devserver/devserver/next"

// GET answers GET / and HEAD /.
func GET(req *next.Request) *next.Response {
	return next.NewResponse("Hello from {{.Name}}! Try /api/hello/world\n")
}
`,
	"app/api/hello/[name]/route.go": `// Package route answers /api/hello/<name>: a folder named [name] is a
// param of the URL.
package route

import "github.com/devserver/devserver/next"

// GET greets the name in the URL, as JSON.
func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.JSON(map[string]string{"hello": ctx.Params.Get("name")})
}
`,
	"app/api/hello/[name]/route_test.go": `package route

import (
	"testing"

	"github.com/devserver/devserver/nexttest"
)

// devserver test runs this test: go test cannot, for a folder named [name].
func TestGET(t *testing.T) {
	route := nexttest.New(t, "/api/hello/[name]", map[string]any{"GET": GET})
	res := route.Get("/api/hello/gopher")
	if body := nexttest.Body(t, res); res.StatusCode != 200 || body != ` + "`" + `{"hello":"gopher"}` + "`" + ` {
		t.Errorf("GET /api/hello/gopher = %d %s", res.StatusCode, body)
	}
}
`,
	"proxy.go": `// Package {{.Package}} holds the app's proxy (Next.js's proxy.ts): it runs
// before the routes its Matcher selects.
package {{.Package}}

import "github.com/devserver/devserver/next"

// Matcher selects the requests Proxy sees.
var Matcher = []next.Match{{"{{"}}Source: "/api/:path*"{{"}}"}}

// Proxy lets every request through to its route, with a header added.
func Proxy(req *next.Request) *next.Response {
	res := next.Next()
	res.Headers.Set("X-Powered-By", "devserver")
	return res
}
`,
	".gitignore": `# the binary of devserver build
/{{.Binary}}
# local environment files
.env*.local
`,
	"README.md": `# {{.Name}}

Route handlers in Go, served by [devserver](https://github.com/devserver/devserver).

    devserver            # serve on http://localhost:3000, reloading on save
    devserver test       # go test, route folders such as [name] included
    devserver build      # compile into ./{{.Binary}}
    ./{{.Binary}}{{pad .Binary}}# run it

Each route.go under app/ answers the URL of its folder: app/route.go is /,
app/api/hello/[name]/route.go is /api/hello/<name>. proxy.go runs before the
routes its Matcher selects.
`,
}
