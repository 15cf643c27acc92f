package watch

import (
	"errors"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// fileState is what polling compares between scans. Directories are
// recorded with only their mode, because a directory's size and mtime
// change whenever an entry is added or removed, and those entries are
// reported on their own; the fsnotify backend does not report the parent
// either.
type fileState struct {
	size  int64
	mtime time.Time
	mode  fs.FileMode
	// sum hashes the content of a file modified lately (see recent); 0
	// when not taken.
	sum uint64
}

func (s fileState) equal(t fileState) bool {
	return s.size == t.size && s.mode == t.mode && s.mtime.Equal(t.mtime) && (s.sum == 0 || t.sum == 0 || s.sum == t.sum)
}

// Some file systems keep coarse modification times (a Docker bind mount
// from macOS, FAT, some network shares: a second or two), so two saves of
// the same size within that time look alike to size and mtime. The
// content of a file modified within recent of a scan is hashed too, when
// it is at most maxSummed bytes: source files are small, and only those
// being edited are read.
const (
	recent    = 3 * time.Second
	maxSummed = 1 << 20
)

// summed returns st with the hash of p's content when p was modified
// lately.
func summed(p string, st fileState, now time.Time) fileState {
	if !st.mode.IsRegular() || st.size > maxSummed || now.Sub(st.mtime) > recent {
		return st
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return st
	}
	h := fnv.New64a()
	h.Write(b)
	st.sum = h.Sum64() | 1 // never 0, which means "not taken"
	return st
}

// errStopped aborts a scan when the Watcher is closed, so that Close does
// not wait for a walk of a large tree on a slow network share.
var errStopped = errors.New("watcher closed")

// scan walks the tree under the root, applying the ignore rules and
// following links, and returns the state of every path in it.
func (w *Watcher) scan() (map[string]fileState, error) {
	snap := make(map[string]fileState, len(w.snap))
	return snap, w.scanTree(w.root, snap)
}

// scanTree adds the state of every path under dir to snap. A link is
// recorded with its target's state, and a linked folder is walked under
// the link's path, unless it leads back to where it is.
func (w *Watcher) scanTree(dir string, snap map[string]fileState) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		select {
		case <-w.done:
			return errStopped
		default:
		}
		if err != nil {
			if p == dir {
				return err
			}
			// A path that vanished mid-walk is simply not in the snapshot;
			// an unreadable directory is skipped, not fatal.
			if !errors.Is(err, fs.ErrNotExist) {
				w.report(err)
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if p == dir {
			return nil
		}
		rel, ok := w.rel(p)
		if !ok || w.ignored(rel, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if fi, err := d.Info(); err == nil {
				snap[p] = fileState{mode: fi.Mode()} // permissions included
			}
			return nil
		}
		var fi fs.FileInfo
		if d.Type()&fs.ModeSymlink != 0 {
			if fi, err = os.Stat(p); err != nil {
				return nil // a dangling link: nothing to read
			}
			if fi.IsDir() {
				return w.scanLinkedDir(p, snap)
			}
		} else if fi, err = d.Info(); err != nil {
			return nil // removed since the directory was read
		}
		snap[p] = summed(p, fileState{size: fi.Size(), mtime: fi.ModTime(), mode: fi.Mode()}, time.Now())
		return nil
	})
}

// scanLinkedDir scans the folder the link p leads to, under p's path.
func (w *Watcher) scanLinkedDir(p string, snap map[string]fileState) error {
	target, err := filepath.EvalSymlinks(p)
	parent, perr := filepath.EvalSymlinks(filepath.Dir(p))
	if err != nil || perr != nil || parent == target || within(parent, target) {
		return nil // a cycle, or gone
	}
	snap[p] = fileState{mode: fs.ModeDir}
	if err := w.scanTree(p+string(filepath.Separator), snap); errors.Is(err, errStopped) {
		return err
	}
	return nil
}

// poll scans the tree and passes every path that was created, changed or
// deleted since the previous scan to add.
func (w *Watcher) poll(add func(path string, dir bool)) {
	snap, err := w.scan()
	if err != nil {
		if !errors.Is(err, errStopped) {
			// Most likely a transient failure of the file system holding
			// the root. Keep the old snapshot rather than report every
			// file as deleted and, a moment later, as created again.
			w.report(err)
		}
		return
	}
	for p, s := range snap {
		if old, ok := w.snap[p]; !ok || !old.equal(s) {
			add(p, s.mode.IsDir())
		}
	}
	for p, old := range w.snap {
		if _, ok := snap[p]; !ok {
			add(p, old.mode.IsDir())
		}
	}
	w.snap = snap
}
