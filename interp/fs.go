package interp

import (
	"bytes"
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
	rw     *rewriter
	mods   *modules // other modules of the build list
}

func newSrcFS(p *Project, mods *modules) srcFS {
	f := srcFS{prefix: "src/" + p.Module, dir: p.ModuleDir, rw: &rewriter{}, mods: mods}
	f.rw.resolve = func(importPath string) (string, bool) { return f.real("src/" + importPath) }
	return f
}

// real maps a virtual name to the file on disk: in the user's module, or
// in another module of its build list.
func (f srcFS) real(name string) (string, bool) {
	if name == f.prefix {
		return f.dir, true
	}
	rest, ok := strings.CutPrefix(name, f.prefix+"/")
	if !ok {
		if path, ok := strings.CutPrefix(name, "src/"); ok && path != "" {
			if dir, ok, err := f.mods.pkgDir(path); ok && err == nil {
				return dir, true
			}
		}
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
		if path, isSrc := strings.CutPrefix(name, "src/"); isSrc {
			if _, provided, err := f.mods.pkgDir(path); provided && err != nil {
				return nil, &fs.PathError{Op: "open", Path: name, Err: err}
			}
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if err := f.rw.refusal(filepath.Dir(p)); err != nil && strings.HasSuffix(name, ".go") {
		return nil, err
	}
	if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
		return os.Open(p)
	}
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return os.Open(p)
	}
	src, err := f.rw.file(p, name, strings.HasPrefix(name, f.prefix+"/"))
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(src), info: memInfo{fi, int64(len(src))}}, nil
}

// memFile is a rewritten source file.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (m *memFile) Stat() (fs.FileInfo, error) { return m.info, nil }
func (m *memFile) Close() error               { return nil }

// memInfo is the real file's information with the rewritten size.
type memInfo struct {
	fs.FileInfo
	size int64
}

func (m memInfo) Size() int64 { return m.size }
