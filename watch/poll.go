package watch

import (
	"errors"
	"io/fs"
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
}

func (s fileState) equal(t fileState) bool {
	return s.size == t.size && s.mode == t.mode && s.mtime.Equal(t.mtime)
}

// errStopped aborts a scan when the Watcher is closed, so that Close does
// not wait for a walk of a large tree on a slow network share.
var errStopped = errors.New("watcher closed")

// scan walks the tree under the root, applying the ignore rules, and
// returns the state of every path in it.
func (w *Watcher) scan() (map[string]fileState, error) {
	snap := make(map[string]fileState, len(w.snap))
	err := filepath.WalkDir(w.root, func(p string, d fs.DirEntry, err error) error {
		select {
		case <-w.done:
			return errStopped
		default:
		}
		if err != nil {
			if p == w.root {
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
		if p == w.root {
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
			snap[p] = fileState{mode: fs.ModeDir}
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil // removed since the directory was read
		}
		snap[p] = fileState{size: fi.Size(), mtime: fi.ModTime(), mode: fi.Mode()}
		return nil
	})
	return snap, err
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
