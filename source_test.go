package main

import (
	"io/fs"
	"os/exec"
	"strings"
	"testing"
)

// TestModuleSourceCarriesImports checks that moduleSource holds every
// package of this module that route code and a build's generated main
// import, directly or not: a package added to those imports must be
// added to the go:embed line, or projects of devserver init stop building.
func TestModuleSourceCarriesImports(t *testing.T) {
	roots := []string{"./next", "./nexttest", "./approuter", "./server", "./serve", "./nextsdk"}
	out, err := exec.Command("go", append([]string{"list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}} {{join .GoFiles \",\"}}{{end}}"}, roots...)...).Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, files, _ := strings.Cut(line, " ")
		dir, ok := strings.CutPrefix(pkg, "github.com/devserver/devserver/")
		if !ok {
			continue // another module's, from the module proxy
		}
		for _, f := range strings.Split(files, ",") {
			if _, err := fs.Stat(moduleSource, dir+"/"+f); err != nil {
				t.Errorf("moduleSource lacks %s/%s, which %s needs: add its folder to the go:embed line of source.go", dir, f, pkg)
			}
		}
	}
}
