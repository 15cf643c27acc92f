package dev_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
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
	sum, err := os.ReadFile(filepath.Join(apptest.Root(), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	a := startApp(t, map[string]string{
		"go.mod":          apptest.GoMod(),
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
