// Package linkwalk walks a file tree as filepath.WalkDir does, but enters
// linked folders: a symbolic link to a folder under app/ makes its routes
// part of the app, in dev and in a build alike (the interpreter and the Go
// tool read through links once they know the folder).
package linkwalk

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Walk calls fn for every file and folder under root, as filepath.WalkDir
// does. A link to a folder is entered: fn sees it as a folder (d.IsDir()
// is true) and what it holds under the link's path. A link that leads back
// to a folder it is in is passed to fn as the link it is, and not entered.
func Walk(root string, fn fs.WalkDirFunc) error {
	return walk(root, root, fn)
}

// walk walks dir, whose path fn is given as shown.
func walk(dir, shown string, fn fs.WalkDirFunc) error {
	base := strings.TrimSuffix(dir, string(filepath.Separator))
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		name := shown + strings.TrimPrefix(p, base)
		if p == dir {
			if dir != shown {
				return nil // the link itself was passed to fn by its parent's walk
			}
			return fn(name, d, err)
		}
		if err != nil || d.Type()&fs.ModeSymlink == 0 {
			return fn(name, d, err)
		}
		fi, serr := os.Stat(p)
		if serr != nil || !fi.IsDir() || cycle(p) {
			return fn(name, d, err)
		}
		if err := fn(name, fs.FileInfoToDirEntry(fi), nil); err != nil {
			if err == filepath.SkipDir {
				return nil
			}
			return err
		}
		// The trailing separator makes WalkDir enter the link.
		return walk(p+string(filepath.Separator), name, fn)
	})
}

// cycle reports whether the link p leads to a folder that holds it.
func cycle(p string) bool {
	target, err := filepath.EvalSymlinks(p)
	parent, perr := filepath.EvalSymlinks(filepath.Dir(p))
	return err != nil || perr != nil || parent == target || strings.HasPrefix(parent, target+string(filepath.Separator))
}
