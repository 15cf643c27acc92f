package watch

import (
	"os"
	"path/filepath"
	"strings"
)

// Symbolic links are followed: a linked folder or file under the root is
// part of the project as its target is (the Go tool and the interpreter
// read through links), so a change to the target is reported under the
// link's path. The target's directory is watched under its real path and
// its events are translated: the kernel reports a watched inode under one
// path only, and a target inside the root is already watched there.

// link is a symbolic link under the root and where it leads.
type link struct {
	path   string // the link, under the root
	target string // its target, resolved: absolute and free of links
	dir    bool   // the target is a directory
}

// followLink records the link at p and watches its target (and, for a
// folder, the target's tree), passing what it holds to add when add is
// not nil. A link whose target is missing, or leads back to where it is
// (a cycle), is not followed.
func (w *Watcher) followLink(p string, add func(path string, dir bool)) {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return
	}
	fi, err := os.Stat(target)
	if err != nil {
		return
	}
	l := link{path: p, target: target, dir: fi.IsDir()}
	if parent, err := filepath.EvalSymlinks(filepath.Dir(p)); l.dir && (err != nil || parent == target || within(parent, target)) {
		return // a cycle: the link is inside its own target
	}
	if w.links == nil {
		w.links = make(map[string]link)
	}
	w.links[p] = l
	watchDir := target
	if !l.dir {
		watchDir = filepath.Dir(target)
		w.recordPerm(p)
		if add != nil {
			add(p, false)
		}
	}
	if _, ok := w.dirs[watchDir]; !ok {
		if err := w.fsw.Add(watchDir); err != nil {
			w.report(wrapAddErr(watchDir, err))
			return
		}
		w.record(watchDir, true)
	}
	if l.dir {
		if add != nil {
			add(p, true)
		}
		// The tree is walked under the link's path, so that what it holds
		// is named as the project sees it.
		// The trailing separator makes the walk enter the link.
		if err := w.addTree(p+string(filepath.Separator), add); err != nil {
			w.report(err)
		}
	}
}

// aliases returns the paths under the root through which the real path
// name is seen: one per link whose target is name or holds it.
func (w *Watcher) aliases(name string) []string {
	var out []string
	for _, l := range w.links {
		switch {
		case name == l.target:
			out = append(out, l.path)
		case l.dir && within(name, l.target):
			out = append(out, l.path+name[len(l.target):])
		}
	}
	return out
}

// unlink forgets the links at or under p, which was removed or renamed.
func (w *Watcher) unlink(p string) {
	for path := range w.links {
		if path == p || within(path, p) {
			delete(w.links, path)
		}
	}
}

// within reports whether p is strictly inside dir.
func within(p, dir string) bool {
	return strings.HasPrefix(p, dir+string(filepath.Separator))
}
