package dev_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/dev"
)

// watchModes runs f with the dev server watching by file events and by
// polling (--poll, for bind mounts that send none).
func watchModes(t *testing.T, f func(t *testing.T, configure func(*dev.Options))) {
	for _, poll := range []bool{false, true} {
		name := "fsnotify"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			f(t, func(o *dev.Options) { o.Poll = poll })
		})
	}
}

// TestFileEventsConverge checks, end to end and in both watch modes, that
// each way a file changes reaches the route it serves: a file made
// unreadable (500), then readable again (served again, its content
// unchanged); an editor's atomic save (written beside, renamed over); a
// rename over from outside the project; a backup-and-write save (the old
// file renamed away, a new one written); a folder renamed.
func TestFileEventsConverge(t *testing.T) {
	watchModes(t, func(t *testing.T, configure func(*dev.Options)) {
		a := startApp(t, map[string]string{
			"app/r/route.go":     textRoute("v1"),
			"app/other/route.go": textRoute("other"),
		}, configure)
		a.waitBody(t, "/r", "v1")

		if err := os.Chmod(a.path("app/r/route.go"), 0); err != nil {
			t.Fatal(err)
		}
		if f, err := os.Open(a.path("app/r/route.go")); err == nil {
			f.Close()
			t.Log("files made unreadable can still be read here (running as root): the permission change is not checked")
		} else {
			waitFor(t, a.URL+"/r", func(r resp) bool { return r.Status == 500 })
		}
		if err := os.Chmod(a.path("app/r/route.go"), 0o644); err != nil {
			t.Fatal(err)
		}
		a.waitBody(t, "/r", "v1")

		// An editor's atomic save: a temporary beside it, renamed over.
		writeFile(t, a.Dir, "app/r/.route.go.tmp123", textRoute("v2"))
		if err := os.Rename(a.path("app/r/.route.go.tmp123"), a.path("app/r/route.go")); err != nil {
			t.Fatal(err)
		}
		a.waitBody(t, "/r", "v2")

		// Renamed over from outside the project.
		outside := t.TempDir()
		writeFile(t, outside, "route.go", textRoute("v3"))
		if err := os.Rename(filepath.Join(outside, "route.go"), a.path("app/r/route.go")); err != nil {
			t.Fatal(err)
		}
		a.waitBody(t, "/r", "v3")

		// Backup, then write anew (vim's default).
		if err := os.Rename(a.path("app/r/route.go"), a.path("app/r/route.go~")); err != nil {
			t.Fatal(err)
		}
		writeFile(t, a.Dir, "app/r/route.go", textRoute("v4"))
		if err := os.Remove(a.path("app/r/route.go~")); err != nil {
			t.Fatal(err)
		}
		a.waitBody(t, "/r", "v4")

		// The folder renamed: the route moves with it.
		if err := os.Rename(a.path("app/r"), a.path("app/moved")); err != nil {
			t.Fatal(err)
		}
		a.waitBody(t, "/moved", "v4")
		waitFor(t, a.URL+"/r", func(r resp) bool { return r.Status == 404 })
		a.waitBody(t, "/other", "other")
	})
}
