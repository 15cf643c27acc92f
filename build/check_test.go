package build_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/interp"
)

// check runs build.Check over a new app of files and returns its report
// and project.
func check(t *testing.T, files map[string]string) (*build.Report, *interp.Project) {
	t.Helper()
	proj, err := interp.FindProject(writeApp(t, files))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := build.Check(context.Background(), proj, "")
	if err != nil {
		t.Fatal(err)
	}
	return rep, proj
}

func diagnostics(rep *build.Report, proj *interp.Project) []string {
	var out []string
	for _, d := range rep.Diagnostics {
		out = append(out, d.String(proj))
	}
	return out
}

// TestCheckCompileErrors checks that compile errors are reported as the
// compiler words them, at their real position, and attributed to every
// route whose package imports the failing one, directly or not (a
// bracketed route folder is compiled under a sanitised path). As in go
// build, a package importing one that fails is not compiled itself.
func TestCheckCompileErrors(t *testing.T) {
	t.Parallel()
	rep, proj := check(t, map[string]string{
		"app/items/[id]/route.go": "package route\n\nimport (\n\t\"example.com/app/internal/wrap\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\tunused := 1\n\treturn next.NewResponse(wrap.Name)\n}\n",
		"app/own/route.go":        "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response {\n\tunused := 1\n\treturn next.NewResponse(\"own\")\n}\n",
		"app/plain/route.go":      "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(\"plain\") }\n",
		"app/via/route.go":        "package route\n\nimport (\n\t\"example.com/app/internal/wrap\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(wrap.Name) }\n",
		"internal/wrap/wrap.go":   "package wrap\n\nimport \"example.com/app/internal/store\"\n\nvar Name = store.Name()\n",
		"internal/store/store.go": "package store\n\nfunc Name() string { return 1 }\n",
	})
	want := []string{
		"app/own/route.go:6:2: declared and not used: unused",
		"internal/store/store.go:3:29: cannot use 1 (untyped int constant) as string value in return statement",
	}
	if got := diagnostics(rep, proj); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, c := range []struct {
		route string
		n     int
	}{{"own/route.go", 1}, {"items/[id]/route.go", 1}, {"via/route.go", 1}, {"plain/route.go", 0}} {
		if got := len(rep.Routes[filepath.Join(proj.AppDir, filepath.FromSlash(c.route))]); got != c.n {
			t.Errorf("%s: %d errors attributed, want %d (%v)", c.route, got, c.n, rep.Routes)
		}
	}
}

// TestCheckVet checks that, once the module compiles, go vet's findings
// are reported at their real position, marked as vet findings.
func TestCheckVet(t *testing.T) {
	t.Parallel()
	rep, proj := check(t, map[string]string{
		"app/items/[id]/route.go": "package route\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\treturn next.NewResponse(fmt.Sprintf(\"%d\", \"x\"))\n}\n",
	})
	want := []string{`app/items/[id]/route.go:10:39: vet: fmt.Sprintf format %d has arg "x" of wrong type string`}
	if got := diagnostics(rep, proj); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(rep.Errors()) != 0 || len(rep.Routes) != 0 {
		t.Errorf("vet findings counted as compile errors: %v", rep.Routes)
	}
}

// TestCheckSnapshot checks the source a load read, not the files as they
// are by the time the check runs: an error fixed on disk since is still
// reported (the generation runs it), one added since is not (the next
// generation's check reports it).
func TestCheckSnapshot(t *testing.T) {
	t.Parallel()
	route := "package route\n\nimport (\n\t\"example.com/app/internal/store\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\t%s\n\treturn next.NewResponse(store.Name())\n}\n"
	dir := writeApp(t, map[string]string{
		"app/[id]/route.go":       fmt.Sprintf(route, "unused := 1"),
		"internal/store/store.go": "package store\n\nfunc Name() string { return \"store\" }\n",
	})
	proj, err := interp.FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	l := &interp.Loader{Project: proj, Stdout: io.Discard, Stderr: io.Discard}
	l.Load(context.Background(), []string{filepath.Join(proj.AppDir, "[id]", "route.go")})
	snap := l.Snapshot()

	// After the load: the route fixed, a file with an error added beside
	// the package it imports, the package's own file removed.
	for name, body := range map[string]string{
		"app/[id]/route.go":     fmt.Sprintf(route, "_ = 1"),
		"internal/store/bad.go": "package store\n\nfunc Bad() int { return \"bad\" }\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(dir, "internal", "store", "store.go")); err != nil {
		t.Fatal(err)
	}

	rep, err := build.CheckSnapshot(context.Background(), proj, "", snap)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"app/[id]/route.go:9:2: declared and not used: unused"}
	if got := diagnostics(rep, proj); !slices.Equal(got, want) {
		t.Errorf("check of the snapshot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := len(rep.Routes[filepath.Join(proj.AppDir, "[id]", "route.go")]); got != 1 {
		t.Errorf("errors attributed to the route: %d, want 1 (%v)", got, rep.Routes)
	}
	// The files on disk tell another story: the check did not read them.
	rep, err = build.Check(context.Background(), proj, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := diagnostics(rep, proj); slices.Equal(got, want) || len(got) == 0 {
		t.Errorf("check of the files on disk: %v, want other errors than the snapshot's", got)
	}
}
