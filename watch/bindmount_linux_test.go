package watch

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestBindMount watches a bind mount while the files change through the
// mounted folder's own path, as a container's watcher sees a host's
// editor save into a mounted project. It needs the right to mount (root),
// and skips, saying so, without it.
func TestBindMount(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		host, mnt := t.TempDir(), t.TempDir()
		mkdir(t, filepath.Join(host, "app", "x"))
		write(t, filepath.Join(host, "app", "x", "route.go"), "package route")
		if err := syscall.Mount(host, mnt, "", syscall.MS_BIND, ""); err != nil {
			t.Skipf("cannot bind-mount here (%v): needs root", err)
		}
		t.Cleanup(func() {
			if err := syscall.Unmount(mnt, 0); err != nil {
				t.Errorf("unmount %s: %v", mnt, err)
			}
		})
		w := start(t, mnt, opts) // closed before the unmount: cleanups run last in, first out

		write(t, filepath.Join(host, "app", "x", "route.go"), "package route // saved on the host")
		collect(t, w, filepath.Join(mnt, "app", "x", "route.go"))
		tmp := filepath.Join(host, "app", "x", "route.go.tmp")
		write(t, tmp, "package route // saved atomically on the host")
		if err := os.Rename(tmp, filepath.Join(host, "app", "x", "route.go")); err != nil {
			t.Fatal(err)
		}
		collect(t, w, filepath.Join(mnt, "app", "x", "route.go"))
		mkdir(t, filepath.Join(host, "app", "y"))
		write(t, filepath.Join(host, "app", "y", "route.go"), "package route")
		collect(t, w, filepath.Join(mnt, "app", "y", "route.go"))
	})
}
