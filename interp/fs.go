package interp

import (
	"bytes"
	"go/build"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/devserver/devserver/approuter"
)

// srcFS is the GOPATH-shaped view yaegi reads source code through: the user's
// module appears at src/<module path>/, and nothing else exists, so an import
// of anything but the standard library, next and the user's own packages
// fails with yaegi's "unable to find source" error.
type srcFS struct {
	prefix string // "src/<module path>"
	dir    string // the module directory on disk
	appDir string // app/ on disk: its route packages get approuter.ParamValuesFile
	rw     *rewriter
	mods   *modules // other modules of the build list
	// snap, when set, is the load's snapshot: the Go files of a folder
	// are those it read, with the content it read, whatever the folder
	// holds by the time yaegi asks.
	snap *snapshot
}

func newSrcFS(p *Project, mods *modules) srcFS {
	noteModule(p.Module)
	f := srcFS{prefix: "src/" + p.Module, dir: p.ModuleDir, appDir: p.AppDir, rw: &rewriter{}, mods: mods}
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
	if (rest == "vendor" || strings.HasPrefix(rest, "vendor/")) && f.mods.noGoCommand() {
		// Without the go command, no module is read, vendored or not:
		// vendored code would load past everything that keeps a module
		// the interpreter is not proven to run off the fast tier (no
		// compiled tier takes it over), and its standard-library imports
		// are not among those the load gives the interpreter. The import
		// fails as any module's does, saying why.
		return "", false
	}
	return filepath.Join(f.dir, filepath.FromSlash(rest)), true
}

// Open implements fs.FS.
func (f srcFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	p, ok := f.real(name)
	if ok && filepath.Base(p) == approuter.ParamValuesFile {
		if src := f.paramValues(filepath.Dir(p)); src != nil {
			return &memFile{Reader: bytes.NewReader(src), info: memInfo{virtualInfo{name: approuter.ParamValuesFile}, int64(len(src))}}, nil
		}
	}
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
	if !isSource(name) {
		return os.Open(p)
	}
	if f.snap != nil {
		return f.openSnapshot(name, p)
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

// isSource reports whether the file name is a Go file of a package, not
// of its tests.
func isSource(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}

// openSnapshot opens the Go file name (at p on disk) as the load's snapshot
// read it: a file made since does not exist, one removed since still does.
func (f srcFS) openSnapshot(name, p string) (fs.File, error) {
	pkg, base := f.snap.pkg(filepath.Dir(p)), filepath.Base(p)
	if err := pkg.unreadable[base]; err != nil {
		return nil, err
	}
	if _, ok := pkg.files[base]; !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	src, err := f.rw.file(p, name, strings.HasPrefix(name, f.prefix+"/"))
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(src), info: memInfo{virtualInfo{name: base}, int64(len(src))}}, nil
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

// ReadDir implements fs.ReadDirFS: the folder's entries, and for a route
// package of app/ the ParamValues file Next.js generates for route.go
// (approuter.ParamValuesSource), which exists only here.
func (f srcFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := f.readDir(name)
	if err != nil {
		return nil, err
	}
	if p, ok := f.real(name); ok {
		entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return f.excluded(p, e) })
		if src := f.paramValues(p); src != nil {
			entries = append(entries, fs.FileInfoToDirEntry(virtualInfo{name: approuter.ParamValuesFile, size: int64(len(src))}))
		}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// readDir lists the folder name: from disk, but with its Go files as the
// load's snapshot has them when there is one.
func (f srcFS) readDir(name string) ([]fs.DirEntry, error) {
	entries, err := f.readDiskDir(name)
	p, ok := f.real(name)
	if f.snap == nil || !ok {
		return entries, err
	}
	pkg := f.snap.pkg(p)
	if err != nil && len(pkg.files)+len(pkg.unreadable) == 0 {
		return nil, err
	}
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return !e.IsDir() && isSource(e.Name()) })
	for n, facts := range pkg.files {
		entries = append(entries, fs.FileInfoToDirEntry(virtualInfo{name: n, size: int64(len(facts.src))}))
	}
	for n := range pkg.unreadable {
		entries = append(entries, fs.FileInfoToDirEntry(virtualInfo{name: n}))
	}
	return entries, nil
}

// readDiskDir lists the folder name as it is on disk.
func (f srcFS) readDiskDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	dir, ok := file.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	return dir.ReadDir(-1)
}

// paramValues returns the ParamValues file of the folder dir, or nil when
// it is not a route package of app/ that needs one.
func (f srcFS) paramValues(dir string) []byte {
	if rel, err := filepath.Rel(f.appDir, dir); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	return approuter.ParamValuesSource(dir)
}

// virtualInfo describes a file that exists only in this view.
type virtualInfo struct {
	name string
	size int64
}

func (v virtualInfo) Name() string       { return v.name }
func (v virtualInfo) Size() int64        { return v.size }
func (v virtualInfo) Mode() fs.FileMode  { return 0o444 }
func (v virtualInfo) ModTime() time.Time { return time.Time{} }
func (v virtualInfo) IsDir() bool        { return false }
func (v virtualInfo) Sys() any           { return nil }

// excluded reports whether the Go tool leaves the file e of the folder dir
// out of its package: build constraints (//go:build ignore on a generator
// in package main) and GOOS/GOARCH file name suffixes. yaegi would read it
// and refuse the package for its second package name. The constraints are
// read from the snapshot's content when there is one.
func (f srcFS) excluded(dir string, e fs.DirEntry) bool {
	name := e.Name()
	if e.IsDir() || !isSource(name) {
		return false
	}
	ctxt := build.Default
	if f.snap != nil {
		facts := f.snap.pkg(dir).files[name]
		if facts == nil {
			return false // unreadable: the interpreter reports why
		}
		ctxt.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(facts.src)), nil }
	}
	ok, err := ctxt.MatchFile(dir, name)
	return err == nil && !ok
}
