package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestPermissionChange checks that a file made unreadable, then readable
// again, is reported each time: what the loader reads changes although
// the content does not.
func TestPermissionChange(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		p := filepath.Join(dir, "route.go")
		write(t, p, "package route")
		w := start(t, dir, opts)
		for _, mode := range []os.FileMode{0o000, 0o644} {
			if err := os.Chmod(p, mode); err != nil {
				t.Fatal(err)
			}
			collect(t, w, p)
		}
		sub := filepath.Join(dir, "sub")
		mkdir(t, sub)
		write(t, filepath.Join(sub, "x.go"), "package sub")
		collect(t, w, filepath.Join(sub, "x.go"))
		if err := os.Chmod(sub, 0o755|0o022); err != nil { // group and others may write
			t.Fatal(err)
		}
		if got := collect(t, w, sub); !dirs(got)[sub] {
			t.Errorf("the folder's permissions change is not reported as a folder: %v", got)
		}
	})
}

// TestEditorSaves checks the ways editors and tools replace a file: each
// ends in a batch naming the file, and none reports a temporary.
func TestEditorSaves(t *testing.T) {
	saves := []struct {
		name string
		save func(t *testing.T, target, outside string) []string // the temporaries
	}{
		{"rename over, from inside the tree", func(t *testing.T, target, _ string) []string {
			tmp := filepath.Join(filepath.Dir(target), ".route.go.12345")
			write(t, tmp, "package route // saved")
			rename(t, tmp, target)
			return nil // a dot file, such as .env, is no temporary to the watcher
		}},
		{"rename over, from outside the tree", func(t *testing.T, target, outside string) []string {
			tmp := filepath.Join(outside, "route.go")
			write(t, tmp, "package route // moved in")
			rename(t, tmp, target)
			return nil
		}},
		{"JetBrains safe write", func(t *testing.T, target, _ string) []string {
			tmp, old := target+"___jb_tmp___", target+"___jb_old___"
			write(t, tmp, "package route // safe write")
			rename(t, target, old)
			rename(t, tmp, target)
			if err := os.Remove(old); err != nil {
				t.Fatal(err)
			}
			return []string{tmp, old}
		}},
		{"emacs backup by rename", func(t *testing.T, target, _ string) []string {
			backup := target + "~"
			rename(t, target, backup)
			write(t, target, "package route // emacs")
			return []string{backup}
		}},
		{"truncate and write in place", func(t *testing.T, target, _ string) []string {
			f, err := os.OpenFile(target, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("package route // in place")
			f.Close()
			return nil
		}},
	}
	for _, sv := range saves {
		t.Run(sv.name, func(t *testing.T) {
			backends(t, func(t *testing.T, opts Options) {
				dir, outside := t.TempDir(), t.TempDir()
				target := filepath.Join(dir, "route.go")
				write(t, target, "package route")
				w := start(t, dir, opts)
				temps := sv.save(t, target, outside)
				got := collect(t, w, target)
				got = append(got, barrier(t, w, dir)...)
				assertAbsent(t, got, "temporary", func(s string) bool { return slices.Contains(temps, s) })
				if b, err := os.ReadFile(target); err != nil || len(b) == len("package route") {
					t.Errorf("the save did not happen: %q %v", b, err)
				}
			})
		})
	}
}

func rename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// TestSymlinkedFolder checks that a linked folder is followed: changes in
// its target, outside the root, are reported under the link, in folders
// below it too, and for files created there.
func TestSymlinkedFolder(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		root, outside := t.TempDir(), t.TempDir()
		mkdir(t, filepath.Join(outside, "users", "sub"))
		write(t, filepath.Join(outside, "users", "route.go"), "package route")
		write(t, filepath.Join(outside, "users", "sub", "x.go"), "package sub")
		mkdir(t, filepath.Join(root, "app"))
		link := filepath.Join(root, "app", "users")
		symlink(t, filepath.Join(outside, "users"), link)
		w := start(t, root, opts)

		write(t, filepath.Join(outside, "users", "route.go"), "package route // edited")
		collect(t, w, filepath.Join(link, "route.go"))
		write(t, filepath.Join(outside, "users", "sub", "x.go"), "package sub // edited")
		collect(t, w, filepath.Join(link, "sub", "x.go"))
		write(t, filepath.Join(outside, "users", "new.go"), "package route")
		collect(t, w, filepath.Join(link, "new.go"))
		mkdir(t, filepath.Join(outside, "users", "later"))
		write(t, filepath.Join(outside, "users", "later", "y.go"), "package later")
		got := collect(t, w, filepath.Join(link, "later", "y.go"))
		got = append(got, barrier(t, w, root)...)
		assertAbsent(t, got, "a path outside the root", func(s string) bool { return !within(s, root) })
		// The link removed: reported as the folder it was, which takes
		// what it held with it.
		if err := os.Remove(link); err != nil {
			t.Fatal(err)
		}
		if got := collect(t, w, link); !dirs(got)[link] {
			t.Errorf("the removal of a link to a folder is not reported as a folder: %v", got)
		}
		assertNoErrors(t, w)
	})
}

// TestSymlinkedFile checks that a linked file is followed: an edit of its
// target, in place or by an atomic save, is reported under the link.
func TestSymlinkedFile(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		root, outside := t.TempDir(), t.TempDir()
		target := filepath.Join(outside, "route.go")
		write(t, target, "package route")
		mkdir(t, filepath.Join(root, "app", "x"))
		link := filepath.Join(root, "app", "x", "route.go")
		symlink(t, target, link)
		w := start(t, root, opts)

		write(t, target, "package route // edited")
		collect(t, w, link)
		tmp := filepath.Join(outside, ".route.go.tmp1")
		write(t, tmp, "package route // saved atomically")
		rename(t, tmp, target)
		collect(t, w, link)
		got := barrier(t, w, root)
		assertAbsent(t, got, "a path outside the root", func(s string) bool { return !within(s, root) })
	})
}

// TestSymlinkInsideRoot checks a link to a folder of the tree: a change
// is reported under both names, and a link made while watching is
// followed from then on.
func TestSymlinkInsideRoot(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		real := filepath.Join(root, "app", "real")
		mkdir(t, real)
		write(t, filepath.Join(real, "route.go"), "package route")
		w := start(t, root, opts)

		link := filepath.Join(root, "app", "alias")
		symlink(t, real, link)
		collect(t, w, link)
		write(t, filepath.Join(real, "route.go"), "package route // edited")
		collect(t, w, filepath.Join(real, "route.go"), filepath.Join(link, "route.go"))
	})
}

// TestSymlinkCycle checks that a link back to a folder above it is not
// followed round and round, and does not stop the rest from being
// watched.
func TestSymlinkCycle(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		root := t.TempDir()
		mkdir(t, filepath.Join(root, "app"))
		symlink(t, root, filepath.Join(root, "app", "loop"))
		symlink(t, filepath.Join(root, "app"), filepath.Join(root, "app", "self"))
		w := start(t, root, opts)
		p := filepath.Join(root, "app", "route.go")
		write(t, p, "package route")
		collect(t, w, p)
	})
}

// TestPollSameSizeSameTime checks that polling sees an edit that keeps the
// size and the modification time: what a file system with coarse times (a
// bind mount from macOS, FAT, some network shares) shows of two quick
// saves.
func TestPollSameSizeSameTime(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "route.go")
	write(t, p, "package route // one")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	w := start(t, dir, Options{Poll: true, PollInterval: 20 * time.Millisecond})
	barrier(t, w, dir) // a scan has recorded the file
	write(t, p, "package route // two")
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	collect(t, w, p)
}
