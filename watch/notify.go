package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/fsnotify/fsnotify"
)

// handleEvent turns one fsnotify event into zero or more changed paths and
// keeps the set of watched directories in step with the tree, since fsnotify
// watches are not recursive.
func (w *Watcher) handleEvent(ev fsnotify.Event, add func(path string, dir bool)) {
	// Chmod alone is noise: Spotlight, antivirus and backup tools touch
	// attributes constantly, and a content change always comes with a
	// Write or Create as well.
	if ev.Op&^fsnotify.Chmod == 0 {
		return
	}
	name := filepath.Clean(ev.Name)
	rel, ok := w.rel(name)
	if !ok {
		return
	}

	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		// The path is gone, so whether it was a directory is known only
		// from what was seen before.
		if watched, isDir := w.dirs[name]; isDir {
			w.forget(name)
			if watched {
				add(name, true)
			}
			return
		}
		if !w.ignored(rel, false) {
			add(name, false)
		}
		return
	}

	// Create or Write. If the path has already vanished, a Remove follows
	// and settles the matter; report it as a file meanwhile.
	fi, err := os.Lstat(name)
	isDir := err == nil && fi.IsDir()
	if w.ignored(rel, isDir) {
		if isDir && ev.Has(fsnotify.Create) {
			w.record(name, false)
		}
		return
	}
	if !isDir {
		add(name, false)
		return
	}
	// kqueue reports a Write on a directory whose entries changed; the
	// entries themselves produce their own events, so that is dropped.
	if !ev.Has(fsnotify.Create) {
		return
	}
	if _, known := w.dirs[name]; known {
		return // already picked up by the walk of a parent created just before
	}
	add(name, true)
	if err := w.fsw.Add(name); err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			w.report(wrapAddErr(name, err))
		}
		return
	}
	w.record(name, true)
	// Anything created in the directory before the watch existed produced
	// no event; the walk finds it.
	if err := w.addTree(name, add); err != nil {
		w.report(err)
	}
}

// handleError forwards fsnotify's errors. An overflow means events were
// lost, possibly including directory creations, so the tree is walked again
// to restore missing watches and the root is reported to tell the caller to
// rescan.
func (w *Watcher) handleError(err error, add func(path string, dir bool)) {
	w.report(err)
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		return
	}
	add(w.root, true)
	var gone []string
	for dir := range w.dirs {
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
			gone = append(gone, dir)
		}
	}
	for _, dir := range gone {
		if dir != w.root {
			w.forget(dir)
		}
	}
	if err := w.addTree(w.root, nil); err != nil {
		w.report(err)
	}
}

// addTree watches every directory under dir that is not watched yet. dir
// itself must already be watched. If add is non-nil, every file found is
// passed to it. The only error returned is one wrapping ErrWatchLimit,
// because once the limit is hit every further Add fails too and the walk is
// pointless; other problems are reported and the subtree skipped.
func (w *Watcher) addTree(dir string, add func(path string, dir bool)) error {
	var limitErr error
	walkErr := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
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
		if !ok {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			if add != nil && !w.ignored(rel, false) {
				add(p, false)
			}
			return nil
		}
		if w.ignored(rel, true) {
			w.record(p, false)
			return filepath.SkipDir
		}
		if watched, known := w.dirs[p]; known && watched {
			return nil
		}
		if err := w.fsw.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			err = wrapAddErr(p, err)
			if errors.Is(err, ErrWatchLimit) {
				limitErr = err
				return err
			}
			w.report(err)
			return filepath.SkipDir
		}
		w.record(p, true)
		if add != nil {
			add(p, true)
		}
		return nil
	})
	if limitErr != nil {
		return limitErr
	}
	if walkErr != nil && !errors.Is(walkErr, fs.ErrNotExist) {
		w.report(walkErr)
	}
	return nil
}

// record notes that dir exists; watched is false for ignored directories,
// which are remembered only so that their later removal is recognised as a
// directory removal and not reported.
func (w *Watcher) record(dir string, watched bool) {
	w.dirs[dir] = watched
	if dir == w.root {
		return
	}
	parent := filepath.Dir(dir)
	kids := w.children[parent]
	if kids == nil {
		kids = make(map[string]struct{})
		w.children[parent] = kids
	}
	kids[dir] = struct{}{}
}

// forget drops dir and everything recorded below it. A moved directory
// keeps its inotify watches under the old names, so they must be removed
// explicitly or events would be reported with stale paths and re-adding
// the new name would be a no-op.
func (w *Watcher) forget(dir string) {
	for kid := range w.children[dir] {
		w.forget(kid)
	}
	delete(w.children, dir)
	if watched := w.dirs[dir]; watched {
		// Fails harmlessly when the kernel has already dropped the watch.
		_ = w.fsw.Remove(dir)
	}
	delete(w.dirs, dir)
	if kids := w.children[filepath.Dir(dir)]; kids != nil {
		delete(kids, dir)
	}
}
