package dev_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/dev"
)

// TestSymlinkedRouteFile checks that a route file that is a link to a file
// elsewhere is served, and that an edit of its target is served too.
func TestSymlinkedRouteFile(t *testing.T) {
	watchModes(t, func(t *testing.T, configure func(*dev.Options)) {
		outside := t.TempDir()
		target := filepath.Join(outside, "route.go")
		writeFile(t, outside, "route.go", textRoute("linked v1"))
		a := startApp(t, map[string]string{"app/other/route.go": textRoute("other")}, configure)
		if err := os.MkdirAll(a.path("app/linked"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, a.path("app/linked/route.go")); err != nil {
			t.Fatal(err)
		}
		a.waitBody(t, "/linked", "linked v1")
		writeFile(t, outside, "route.go", textRoute("linked v2"))
		a.waitBody(t, "/linked", "linked v2")
		// Saved atomically, the target is a new file: still followed.
		writeFile(t, outside, ".route.go.tmp", textRoute("linked v3"))
		if err := os.Rename(filepath.Join(outside, ".route.go.tmp"), target); err != nil {
			t.Fatal(err)
		}
		a.waitBody(t, "/linked", "linked v3")
	})
}

// TestSymlinkedRouteFolder checks that a route folder that is a link to a
// folder elsewhere is served, with its params, and that edits in it and
// a route added to it are seen.
func TestSymlinkedRouteFolder(t *testing.T) {
	watchModes(t, func(t *testing.T, configure func(*dev.Options)) {
		outside := t.TempDir()
		writeFile(t, outside, "users/[id]/route.go", textRoute("user v1"))
		a := startApp(t, map[string]string{"app/other/route.go": textRoute("other")}, configure)
		a.waitBody(t, "/other", "other")
		if err := os.Symlink(filepath.Join(outside, "users"), a.path("app/users")); err != nil {
			t.Fatal(err)
		}
		a.waitBody(t, "/users/1", "user v1")
		writeFile(t, outside, "users/[id]/route.go", textRoute("user v2"))
		a.waitBody(t, "/users/1", "user v2")
		writeFile(t, outside, "users/route.go", textRoute("all users"))
		a.waitBody(t, "/users", "all users")
		// The link removed: its routes go.
		if err := os.Remove(a.path("app/users")); err != nil {
			t.Fatal(err)
		}
		waitFor(t, a.URL+"/users/1", func(r resp) bool { return r.Status == 404 })
	})
}
