package build_test

import (
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/interp"
)

// TestSanitisedPaths checks the paths the dev server prints type names
// with against the packages of the view a build compiles.
func TestSanitisedPaths(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/b/route.go":          "package route\n",
		"app/a/[id]/route.go":     "package route\n",
		"app/(group)/lib/lib.go":  "package lib\n",
		"app/shared/shared.go":    "package shared\n",
		"app/a/[id]/more/util.go": "package more\n",
	})
	proj, err := interp.FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := build.SanitisedPaths(proj)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	v, err := build.NewView(proj, tmp)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(filepath.Join(tmp, "mod"))
	want := make(map[string]string)
	for _, pkg := range v.Packages {
		want[pkg.ImportPath] = pkg.Virtual
	}
	if !maps.Equal(paths, want) {
		t.Errorf("SanitisedPaths = %v, the view's = %v", paths, want)
	}
	if len(want) != 4 || want["example.com/app/app/a/[id]"] != "example.com/app/app/devserver_build/p0" {
		t.Errorf("the view's packages %v, want the routes first (a/[id] as p0) and the two with paths the Go tool rejects", want)
	}
}
