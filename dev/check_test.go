package dev_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/devserver/devserver/dev"
)

// TestTypeCheck checks the background type check: code yaegi accepts but
// the Go compiler refuses (an unused variable) serves at first, then
// answers 500 with the compiler's error at the real position, and serves
// again once fixed; other routes serve throughout.
func TestTypeCheck(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Parallel()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	a := startApp(t, map[string]string{
		"go.mod":          "module example.com/app\n\ngo 1.24.0\n\nrequire github.com/devserver/devserver v0.0.0\n\nreplace github.com/devserver/devserver => " + root + "\n",
		"go.sum":          string(sum),
		"app/ok/route.go": textRoute("ok"),
		"app/items/[id]/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	unused := 1
	return next.NewResponse("unchecked")
}`),
	}, func(o *dev.Options) { o.TypeCheck = true })

	a.waitStatus(t, "/items/1", 500)
	res := a.get(t, "/items/1")
	if want := "app/items/[id]/route.go:9:2: declared and not used: unused"; !strings.Contains(res.Body, want) {
		t.Errorf("GET /items/1 after the check: %d %q, want the compile error %q", res.Status, res.Body, want)
	}
	expect(t, "GET /ok", a.get(t, "/ok"), 200, "ok")

	a.write(t, "app/items/[id]/route.go", goRoute(`func GET(req *next.Request) *next.Response {
	return next.NewResponse("checked")
}`))
	a.waitBody(t, "/items/1", "checked")
}
