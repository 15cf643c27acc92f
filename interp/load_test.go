package interp

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// writeTree writes files (slash paths relative to dir) into dir.
func writeTree(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func newProject(t *testing.T, files map[string]string) *Project {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/app\n\ngo 1.22\n"
	writeTree(t, dir, files)
	p, err := FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadSharedPackageIsOneInstance(t *testing.T) {
	p := newProject(t, map[string]string{
		"internal/store/store.go": `package store

import "sync"

var mu sync.Mutex
var names []string

func Add(n string) int { mu.Lock(); defer mu.Unlock(); names = append(names, n); return len(names) }
func Len() int { mu.Lock(); defer mu.Unlock(); return len(names) }
`,
		"app/users/route.go": `package route

import (
	"example.com/app/internal/store"
	"github.com/devserver/devserver/next"
)

func POST(req *next.Request) *next.Response {
	return next.JSON(store.Add("x"))
}
`,
		"app/users/[id]/route.go": `package route

import (
	"strings"
	"example.com/app/internal/store"
	"github.com/devserver/devserver/next"
)

func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.JSON(map[string]any{"id": strings.ToUpper(ctx.Params.Get("id")), "n": store.Len()})
}
`,
	})
	l := &Loader{Project: p}
	files := []string{
		filepath.Join(p.AppDir, "users", "route.go"),
		filepath.Join(p.AppDir, "users", "[id]", "route.go"),
	}
	routes := l.Load(context.Background(), files)
	for _, r := range routes {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.File, r.Err)
		}
	}
	post := routes[0].Handlers["POST"].(func(*next.Request) *next.Response)
	get := routes[1].Handlers["GET"].(func(*next.Request, next.RouteContext) *next.Response)
	post(nextserver.NewRequest(httptest.NewRequest("POST", "/users", nil)))
	post(nextserver.NewRequest(httptest.NewRequest("POST", "/users", nil)))
	res := get(nextserver.NewRequest(httptest.NewRequest("GET", "/users/ab", nil)), next.RouteContext{Params: next.Params{"id": {"ab"}}})
	body := readBody(t, res)
	if body != `{"id":"AB","n":2}` {
		t.Fatalf("body = %s", body)
	}
}

func readBody(t *testing.T, r *next.Response) string {
	t.Helper()
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadErrorsHaveRealPositions(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/ok/route.go":     "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(1) }\n",
		"app/syntax/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response {\n\treturn next.JSON(1\n}\n",
		"app/types/route.go":  "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response {\n\tvar x int = \"s\"\n\treturn next.JSON(x)\n}\n",
		"app/shared/route.go": "package route\n\nimport (\n\t\"example.com/app/lib\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(lib.X) }\n",
		"lib/lib.go":          "package lib\n\nvar X int = undefinedThing\n",
	})
	l := &Loader{Project: p}
	var files []string
	for _, n := range []string{"ok", "syntax", "types", "shared"} {
		files = append(files, filepath.Join(p.AppDir, n, "route.go"))
	}
	routes := l.Load(context.Background(), files)
	if routes[0].Err != nil {
		t.Fatalf("ok route: %v", routes[0].Err)
	}
	want := []struct {
		file      string
		line, col int
	}{
		{files[1], 6, 20},
		{files[2], 6, 0},
		{filepath.Join(p.ModuleDir, "lib", "lib.go"), 3, 0},
	}
	for i, w := range want {
		err := routes[i+1].Err
		var el scanner.ErrorList
		if !errors.As(err, &el) {
			t.Fatalf("%s: error %v (%T) has no position", files[i+1], err, err)
		}
		pos := el[0].Pos
		if pos.Filename != w.file || pos.Line != w.line || (w.col != 0 && pos.Column != w.col) {
			t.Errorf("%s: position %s, want %s:%d:%d (%v)", files[i+1], pos, w.file, w.line, w.col, err)
		}
		if strings.Contains(err.Error(), "src/example.com") {
			t.Errorf("virtual path leaked: %v", err)
		}
	}
}

func TestLoadInitTimeout(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/ok/route.go":    "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(1) }\n",
		"app/stuck/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc init() { for {} }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(2) }\n",
	})
	l := &Loader{Project: p, InitTimeout: 200 * time.Millisecond}
	routes := l.Load(context.Background(), []string{
		filepath.Join(p.AppDir, "stuck", "route.go"),
		filepath.Join(p.AppDir, "ok", "route.go"),
	})
	if routes[0].Err == nil || !strings.Contains(routes[0].Err.Error(), "did not finish") {
		t.Fatalf("stuck route: err = %v", routes[0].Err)
	}
	if routes[1].Err != nil || routes[1].Handlers["GET"] == nil {
		t.Fatalf("ok route: %+v", routes[1])
	}
}

func TestLoadWarnings(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/lower/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc get(req *next.Request) *next.Response { return next.JSON(1) }\n",
	})
	routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "lower", "route.go")})
	r := routes[0]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	got := strings.Join(r.Warnings, "\n")
	if !strings.Contains(got, "func get is not a handler") || !strings.Contains(got, "exports no route handler") {
		t.Fatalf("warnings = %q", got)
	}
}

func TestLoadBrokenSharedPackageSameErrorForEveryImporter(t *testing.T) {
	route := "package route\n\nimport (\n\t\"example.com/app/lib\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(lib.X) }\n"
	p := newProject(t, map[string]string{
		"app/a/route.go": route,
		"app/b/route.go": route,
		"lib/lib.go":     "package lib\n\nvar X int = \"s\"\n",
	})
	routes := (&Loader{Project: p}).Load(context.Background(), []string{
		filepath.Join(p.AppDir, "a", "route.go"),
		filepath.Join(p.AppDir, "b", "route.go"),
	})
	for _, r := range routes {
		var el scanner.ErrorList
		if !errors.As(r.Err, &el) || el[0].Pos.Filename != filepath.Join(p.ModuleDir, "lib", "lib.go") || el[0].Pos.Line != 3 {
			t.Errorf("%s: error %v, want the one at lib/lib.go:3", r.File, r.Err)
		}
	}
}

// TestLoadRefusesMarshalOnNonStruct checks that a marshal method the
// interpreter cannot honour is a load error at the method, in the real
// file, while the rest of the package's rewrites keep positions true.
func TestLoadRefusesMarshalOnNonStruct(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/temp/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\ntype Celsius float64\n\nfunc (c *Celsius) MarshalJSON() ([]byte, error) { return nil, nil }\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(Celsius(1)) }\n",
		// Tags and registrations are added; a type error after them must
		// still be reported at its real line and column.
		"app/pos/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\ntype T struct {\n\ta int\n\tB int\n}\n\nfunc (T) MarshalJSON() ([]byte, error) { return nil, nil }\n\nfunc GET(req *next.Request) *next.Response {\n\tvar s string = 1\n\treturn next.JSON(T{a: 1})\n}\n",
	})
	l := &Loader{Project: p}
	files := []string{filepath.Join(p.AppDir, "temp", "route.go"), filepath.Join(p.AppDir, "pos", "route.go")}
	routes := l.Load(context.Background(), files)
	for i, w := range []struct {
		line, col int
		msg       string
	}{
		{7, 19, "method MarshalJSON on Celsius, which is not a struct type"},
		{13, 17, "cannot convert 1 to string"},
	} {
		var el scanner.ErrorList
		if !errors.As(routes[i].Err, &el) {
			t.Fatalf("%s: error %v has no position", files[i], routes[i].Err)
		}
		pos := el[0].Pos
		if pos.Filename != files[i] || pos.Line != w.line || pos.Column != w.col || !strings.Contains(el[0].Msg, w.msg) {
			t.Errorf("%s: got %s: %s\nwant %d:%d: ...%s...", files[i], pos, el[0].Msg, w.line, w.col, w.msg)
		}
	}
}

func TestSetTag(t *testing.T) {
	for _, tc := range []struct{ tag, key, value, want string }{
		{``, "json", "-", `json:"-"`},
		{`json:"secret,omitempty"`, "json", "-", `json:"-"`},
		{`xml:"a" json:"b" db:"c"`, "json", "-", `xml:"a" db:"c" json:"-"`},
		{`json:"a\"b"`, "devserver", "embed", `json:"a\"b" devserver:"embed"`},
	} {
		if got := setTag(tc.tag, tc.key, tc.value); got != tc.want {
			t.Errorf("setTag(%q, %q, %q) = %q, want %q", tc.tag, tc.key, tc.value, got, tc.want)
		}
	}
}

// A route importing a package that takes long to compile loads although
// compiling it takes far longer than the init timeout, which bounds the
// code the packages run at init, not the interpreter compiling them (on
// a loaded machine, compiling a route's modules took more than 10 s).
// The package is big enough that compiling it outlasts twice the timeout
// on a quiet machine too (800 functions took 99 ms there, and the test
// could not tell).
func TestInitTimeoutLeavesCompilingOut(t *testing.T) {
	var big strings.Builder
	big.WriteString("package big\n\nvar registry map[string]func(int) int\n\nfunc init() { registry = map[string]func(int) int{\"f0\": f0} }\n\n")
	for i := range 2400 {
		fmt.Fprintf(&big, "func f%d(n int) int { if n > %d { return n - %d }; return n + %d }\n\n", i, i, i, i)
	}
	big.WriteString("func Call(name string, n int) int { return registry[name](n) }\n")
	p := newProject(t, map[string]string{
		"big/big.go":       big.String(),
		"app/big/route.go": "package route\n\nimport (\n\t\"example.com/app/big\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(big.Call(\"f0\", 1)) }\n",
	})
	const timeout = 50 * time.Millisecond
	l := &Loader{Project: p, InitTimeout: timeout}
	start := time.Now()
	routes := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "big", "route.go")})
	took := time.Since(start)
	if took < 2*timeout {
		t.Fatalf("the load took %v: too fast to tell compiling from init against a timeout of %v", took, timeout)
	}
	if routes[0].Err != nil || routes[0].Handlers["GET"] == nil {
		t.Fatalf("after %v, with an init timeout of %v: %+v", took, timeout, routes[0])
	}
}
