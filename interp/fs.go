package interp

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// srcFS is the GOPATH-shaped view yaegi reads source code through: the user's
// module appears at src/<module path>/, and nothing else exists, so an import
// of anything but the standard library, next and the user's own packages
// fails with yaegi's "unable to find source" error.
type srcFS struct {
	prefix string // "src/<module path>"
	dir    string // the module directory on disk
}

func newSrcFS(p *Project) srcFS {
	return srcFS{prefix: "src/" + p.Module, dir: p.ModuleDir}
}

// real maps a virtual name to the file on disk.
func (f srcFS) real(name string) (string, bool) {
	if name == f.prefix {
		return f.dir, true
	}
	rest, ok := strings.CutPrefix(name, f.prefix+"/")
	if !ok {
		return "", false
	}
	// Go's vendor lookup probes src/<module>/vendor/...; the user's vendor
	// directory is not used for packages of the module itself.
	return filepath.Join(f.dir, filepath.FromSlash(rest)), true
}

// Open implements fs.FS.
func (f srcFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	p, ok := f.real(name)
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return os.Open(p)
}
