package main

import (
	"os/exec"
	"testing"
)

// browsertest is a module of its own that requires this one through a
// replace: a change to devserver's go.mod (a new dependency) leaves its
// go.sum stale, and CI's browser step fails long after the change was
// tested. This catches it with the root package's tests. (sample-app cannot
// be tidied: the go tool rejects its bracketed route folders as import
// paths, which is why builds go through a mirror.)
func TestNestedModulesAreTidy(t *testing.T) {
	for _, dir := range []string{"browsertest"} {
		cmd := exec.Command("go", "mod", "tidy", "-diff")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: go mod tidy -diff: %v; run 'cd %s && go mod tidy' and commit the result:\n%s", dir, err, dir, out)
		}
	}
}
