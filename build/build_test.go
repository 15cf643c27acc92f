package build_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/internal/apptest"
	"github.com/devserver/devserver/interp"
)

// writeApp writes files into a new module example.com/app that requires
// devserver from this checkout, and returns its folder.
func writeApp(t *testing.T, files map[string]string) string {
	t.Helper()
	return apptest.WriteModule(t, files)
}

// buildApp builds dir into a binary in a temp folder.
func buildApp(t *testing.T, dir string) (string, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "server")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	return out, build.Build(ctx, build.Options{Dir: dir, Output: out})
}

// run starts a built binary and returns its URL.
func run(t *testing.T, bin string) string {
	t.Helper()
	return apptest.RunBinary(t, bin)
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

const idRoute = `package route

import (
	"github.com/devserver/devserver/next"

	lib "example.com/app/app/(shop)/_lib"
)

func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.JSON(map[string]string{"id": lib.Upper(ctx.Params.Get("id"))})
}

func DELETE(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.NewResponse(nil, next.Init{Status: 204})
}
`

// TestBuildBracketFolders builds an app whose routes live in folders the Go
// tool rejects and import a package from one, and serves it.
func TestBuildBracketFolders(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/(shop)/_lib/lib.go":               "package lib\n\nimport \"strings\"\n\nfunc Upper(s string) string { return strings.ToUpper(s) }\n",
		"app/(shop)/items/[id]/route.go":       idRoute,
		"app/docs/[...slug]/route.go":          "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request, ctx next.RouteContext) *next.Response {\n\treturn next.JSON(ctx.Params.Values(\"slug\"))\n}\n",
		"app/route.go":                         "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(\"home\") }\n",
		"public/hello.txt":                     "static",
		"app/(shop)/items/[id]/helper_test.go": "package route\n\nthis is not Go: test files are not built\n",
	})
	bin, err := buildApp(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	u := run(t, bin)
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "home"},
		{"/items/ab", 200, `{"id":"AB"}`},
		{"/docs/a/b", 200, `["a","b"]`},
		{"/hello.txt", 200, "static"},
		{"/items", 404, ""},
	} {
		code, _, body := get(t, u+tc.path)
		if code != tc.status || (tc.body != "" && body != tc.body) {
			t.Errorf("GET %s = %d %q, want %d %q", tc.path, code, body, tc.status, tc.body)
		}
	}
	req, _ := http.NewRequest(http.MethodOptions, u+"/items/1", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got, want := res.Header.Get("Allow"), "DELETE, GET, HEAD, OPTIONS"; got != want {
		t.Errorf("OPTIONS /items/1: Allow = %q, want %q", got, want)
	}
	// The user's files are untouched: no go.sum rewrite, no generated folder.
	if _, err := os.Stat(filepath.Join(dir, build.VirtualDir)); !os.IsNotExist(err) {
		t.Errorf("%s was created in the user's module", build.VirtualDir)
	}
}

// TestBuildErrorsNameRealFiles checks that a compile error in a bracketed
// folder is reported at the real file, line and column.
func TestBuildErrorsNameRealFiles(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/users/[id]/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response {\n\treturn next.JSON(undefinedThing)\n}\n",
	})
	_, err := buildApp(t, dir)
	if err == nil {
		t.Fatal("build succeeded; want a compile error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "app/users/[id]/route.go:6:19: undefined: undefinedThing") {
		t.Errorf("error does not name the real file:line:col:\n%s", msg)
	}
	if strings.Contains(msg, build.VirtualDir) {
		t.Errorf("error leaks the sanitised path:\n%s", msg)
	}
}

// TestBuildRefusesConflicts checks that routes the dev server would answer
// 500 for stop the build, naming both files.
func TestBuildRefusesConflicts(t *testing.T) {
	route := "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return nil }\n"
	dir := writeApp(t, map[string]string{
		"app/(a)/x/route.go": route,
		"app/(b)/x/route.go": route,
	})
	_, err := buildApp(t, dir)
	if err == nil {
		t.Fatal("build succeeded; want a conflict error")
	}
	for _, want := range []string{"app/(a)/x/route.go", "app/(b)/x/route.go"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %s:\n%v", want, err)
		}
	}
}

// TestTidyLeavesWorkspaceOut checks that devserver tidy in a module of a
// Go workspace writes none of the replacements standing for go.work (see
// internal/gowork) into go.mod, and that the workspace's module builds.
func TestTidyLeavesWorkspaceOut(t *testing.T) {
	t.Setenv("GOWORK", "")
	dir := writeApp(t, map[string]string{
		"app/items/[id]/route.go": "package route\n\nimport (\n\t\"example.com/extra\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(extra.Name) }\n",
		"extra/go.mod":            "module example.com/extra\n\ngo 1.22\n",
		"extra/extra.go":          "package extra\n\nconst Name = \"extra\"\n",
		"go.work":                 "go 1.26\n\nuse (\n\t.\n\t./extra\n)\n",
	})
	proj, err := interp.FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build.Tidy(context.Background(), proj, ""); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if strings.Contains(string(got), "example.com/extra =>") {
		t.Errorf("tidy wrote the workspace into go.mod:\n%s", got)
	}
	bin, err := buildApp(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, body := get(t, run(t, bin)+"/items/1"); code != 200 || body != "extra" {
		t.Errorf("GET /items/1 = %d %q", code, body)
	}
}

// TestTidy checks that devserver tidy adds a requirement only a route in a
// bracketed folder needs, which go mod tidy itself refuses to compute, and
// keeps relative replace directives relative.
func TestTidy(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/items/[id]/route.go": "package route\n\nimport (\n\t\"example.com/extra\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(extra.Name) }\n",
		"extra/go.mod":            "module example.com/extra\n\ngo 1.22\n",
		"extra/extra.go":          "package extra\n\nconst Name = \"extra\"\n",
	})
	gomod := filepath.Join(dir, "go.mod")
	b, _ := os.ReadFile(gomod)
	if err := os.WriteFile(gomod, append(b, []byte("\nreplace example.com/extra => ./extra\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("go", "-C", dir, "mod", "tidy").CombinedOutput(); err == nil {
		t.Logf("go mod tidy unexpectedly succeeded:\n%s", out)
	}
	proj, err := interp.FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	changed, err := build.Tidy(context.Background(), proj, "")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(gomod)
	if !changed || !strings.Contains(string(got), "example.com/extra v0.0.0") {
		t.Errorf("tidy did not add the requirement (changed=%v):\n%s", changed, got)
	}
	if !strings.Contains(string(got), "example.com/extra => ./extra") {
		t.Errorf("relative replace not kept:\n%s", got)
	}
	if again, err := build.Tidy(context.Background(), proj, ""); err != nil || again {
		t.Errorf("second tidy: changed=%v err=%v, want no change", again, err)
	}
	bin, err := buildApp(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, body := get(t, run(t, bin)+"/items/1"); code != 200 || body != "extra" {
		t.Errorf("GET /items/1 = %d %q", code, body)
	}
}

// TestBuildRefusesRouteBesidePage checks the conflict of a route.go and a
// page.html at one URL, which the dev server answers 500 for.
func TestBuildRefusesRouteBesidePage(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/x/route.go":  "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return nil }\n",
		"app/x/page.html": "<p>x</p>",
	})
	_, err := buildApp(t, dir)
	if err == nil || !strings.Contains(err.Error(), "app/x/page.html") {
		t.Fatalf("build error %v, want the conflict naming the page", err)
	}
}

// TestBuildErrorsNameRealFolders checks that a folder the go command names
// whole in an error (a package holding a second package name) is the real
// folder, relative to the project, not the view's temporary one.
func TestBuildErrorsNameRealFolders(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/users/[id]/route.go": "package route\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/app/internal/lib\"\n)\n\nfunc GET(w http.ResponseWriter, r *http.Request) { w.Write([]byte(lib.X)) }\n",
		"internal/lib/lib.go":     "package lib\n\nconst X = \"x\"\n",
		"internal/lib/gen.go":     "package main\n\nfunc main() {}\n",
	})
	_, err := buildApp(t, dir)
	if err == nil {
		t.Fatal("build succeeded; want the go command's error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "found packages lib (lib.go) and main (gen.go) in internal/lib") && !strings.Contains(msg, "found packages main (gen.go) and lib (lib.go) in internal/lib") {
		t.Errorf("error does not name the real folder:\n%s", msg)
	}
	if strings.Contains(msg, os.TempDir()) || strings.Contains(msg, build.VirtualDir) {
		t.Errorf("error names the view's folders:\n%s", msg)
	}
}
