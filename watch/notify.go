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
	name := filepath.Clean(ev.Name)
	// A change to the target of a followed link is a change under the
	// link; the target itself counts only if it is under the root.
	for _, alias := range w.aliases(name) {
		w.handlePath(alias, ev.Op, add)
	}
	w.handlePath(name, ev.Op, add)
}

// handlePath handles op on name, a path under the root or not.
func (w *Watcher) handlePath(name string, op fsnotify.Op, add func(path string, dir bool)) {
	rel, ok := w.rel(name)
	if !ok {
		return
	}
	// Chmod alone is mostly noise: Spotlight, antivirus and backup tools
	// touch attributes constantly, and a content change always comes with
	// a Write or Create as well. A change of permissions is not: a file
	// made unreadable, then readable again, reads differently.
	if op&^fsnotify.Chmod == 0 && !w.permChanged(name) {
		return
	}

	if op.Has(fsnotify.Remove) || op.Has(fsnotify.Rename) {
		// A link to a folder is watched at its target, not at its path:
		// what it was is known from the link.
		linkedDir := w.links[name].dir
		w.unlink(name)
		delete(w.perms, name)
		if linkedDir && !w.ignored(rel, true) {
			add(name, true)
			return
		}
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

	// Create, Write or a change of permissions. If the path has already
	// vanished, a Remove follows and settles the matter; report it as a
	// file meanwhile.
	fi, err := os.Lstat(name)
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if w.ignored(rel, false) {
			return
		}
		if op.Has(fsnotify.Create) {
			w.followLink(name, add)
		}
		add(name, w.links[name].dir) // the link, or its target, changed
		return
	}
	isDir := err == nil && fi.IsDir()
	if w.ignored(rel, isDir) {
		if isDir && op.Has(fsnotify.Create) {
			w.record(name, false)
		}
		return
	}
	if !isDir {
		w.recordPerm(name)
		add(name, false)
		return
	}
	if op == fsnotify.Chmod {
		// A folder made readable again may hold what the walk could not
		// see: watch and report it.
		add(name, true)
		if err := w.addTree(name, add); err != nil {
			w.report(err)
		}
		return
	}
	// kqueue reports a Write on a directory whose entries changed; the
	// entries themselves produce their own events, so that is dropped.
	if !op.Has(fsnotify.Create) {
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
	w.recordPerm(name)
	// Anything created in the directory before the watch existed produced
	// no event; the walk finds it.
	if err := w.addTree(name, add); err != nil {
		w.report(err)
	}
}

// recordPerm notes the permissions of p (of its target, for a link), for
// permChanged to compare with.
func (w *Watcher) recordPerm(p string) {
	if fi, err := os.Stat(p); err == nil {
		if w.perms == nil {
			w.perms = make(map[string]fs.FileMode)
		}
		w.perms[p] = fi.Mode().Perm()
	}
}

// permChanged reports whether p's permissions differ from those last
// recorded (or none were), and records them.
func (w *Watcher) permChanged(p string) bool {
	old, known := w.perms[p]
	w.recordPerm(p)
	now, ok := w.perms[p]
	return ok && (!known || now != old)
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
		if d.Type()&fs.ModeSymlink != 0 {
			if !w.ignored(rel, false) {
				w.followLink(p, add)
			}
			return nil
		}
		if !d.IsDir() {
			if !w.ignored(rel, false) {
				w.recordPerm(p)
				if add != nil {
					add(p, false)
				}
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
		w.recordPerm(p)
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
