// Package devmod owns the devserver module as a user's project requires
// it. The module is not published, so the devserver binary carries the
// source of the packages a project and its builds import (next, the
// server and its helpers, embedded by the main package) and seeds it into
// the Go module cache as a module version of its own, v0.0.0-local-<hash
// of the source>. A project's go.mod then requires that version like any
// other, without a replace directive: the go command, gopls and devserver
// build find it in the cache, and its checksums are in the project's
// go.sum, so neither the module proxy nor the checksum database is asked
// for it.
package devmod

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

// Path is the devserver module's path.
const Path = "github.com/devserver/devserver"

// localPrefix starts the version of an embedded copy; what follows is the
// hash of its files, so that every different source has its own version.
const localPrefix = "v0.0.0-local-"

var (
	sourceMu sync.Mutex
	source   fs.FS
)

// SetSource gives the package the module's source: its go.mod and go.sum at
// the root and the folders of the packages to carry. The devserver command
// calls it from its main package, the only place that can embed them.
func SetSource(fsys fs.FS) {
	sourceMu.Lock()
	defer sourceMu.Unlock()
	source = fsys
	loadOnce = sync.Once{}
}

// Module is the embedded source as a module version.
type Module struct {
	Version string
	// GoMod is the module's go.mod; GoSum its go.sum, the checksums of
	// the modules it requires.
	GoMod, GoSum []byte
	zip          []byte
	zipHash      string // the h1: checksum of the zip
	modHash      string // the h1: checksum of go.mod
}

var (
	loadOnce sync.Once
	loaded   *Module
	loadErr  error
)

// Load returns the embedded module, or an error when this binary carries
// none (a test binary, say).
func Load() (*Module, error) {
	sourceMu.Lock()
	defer sourceMu.Unlock()
	loadOnce.Do(func() { loaded, loadErr = load(source) })
	return loaded, loadErr
}

// load makes the module zip of fsys, as the module proxy would serve it.
func load(fsys fs.FS) (*Module, error) {
	if fsys == nil {
		return nil, errors.New("this devserver binary carries no copy of the devserver module")
	}
	files, err := moduleFiles(fsys)
	if err != nil {
		return nil, err
	}
	m := &Module{}
	if m.GoMod, err = fs.ReadFile(fsys, "go.mod"); err != nil {
		return nil, fmt.Errorf("devserver module: %w", err)
	}
	m.GoSum, _ = fs.ReadFile(fsys, "go.sum")
	h := sha256.New()
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("devserver module: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(b))
		h.Write(b)
	}
	m.Version = localPrefix + hex.EncodeToString(h.Sum(nil))[:12]
	var zipFiles []modzip.File
	for _, f := range files {
		zipFiles = append(zipFiles, fsFile{fsys, f})
	}
	var buf bytes.Buffer
	if err := modzip.Create(&buf, module.Version{Path: Path, Version: m.Version}, zipFiles); err != nil {
		return nil, fmt.Errorf("devserver module: %w", err)
	}
	m.zip = buf.Bytes()
	if m.zipHash, err = hashZip(m.zip); err != nil {
		return nil, err
	}
	m.modHash, err = dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(m.GoMod)), nil
	})
	return m, err
}

// moduleFiles lists the files of fsys that belong in the module zip, in
// order: every regular file but tests, testdata and nested modules. A
// project's go mod tidy reads the tests of the packages it imports, which
// import packages not carried here.
func moduleFiles(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return fs.SkipDir
			}
			if p != "." {
				if _, err := fs.Stat(fsys, path.Join(p, "go.mod")); err == nil {
					return fs.SkipDir
				}
			}
			return nil
		}
		if d.Type().IsRegular() && !strings.HasSuffix(p, "_test.go") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// hashZip is dirhash.HashZip of a zip in memory.
func hashZip(b []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return "", err
	}
	var names []string
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		byName[f.Name] = f
	}
	return dirhash.Hash1(names, func(name string) (io.ReadCloser, error) { return byName[name].Open() })
}

// IsLocal reports whether version is that of a copy a devserver binary
// carried (and may seed), rather than one the module proxy can serve.
func IsLocal(version string) bool { return strings.HasPrefix(version, localPrefix) }

// SumLines returns the go.sum lines of m: its own two checksums, then the
// checksums of the modules it requires.
func (m *Module) SumLines() []byte {
	own := fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", Path, m.Version, m.zipHash, Path, m.Version, m.modHash)
	return append([]byte(own), m.GoSum...)
}

// Seed writes m into the download cache of the Go module cache goCmd uses
// ("go" when empty), unless it is there already, so that the go command
// finds it without asking the module proxy.
func (m *Module) Seed(ctx context.Context, goCmd string) error {
	if goCmd == "" {
		goCmd = "go"
	}
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOMODCACHE").Output()
	if err != nil {
		return fmt.Errorf("seed the devserver module: go env GOMODCACHE: %w", err)
	}
	cache := strings.TrimSpace(string(out))
	if cache == "" {
		return errors.New("seed the devserver module: go env GOMODCACHE is empty")
	}
	escaped, err := module.EscapePath(Path)
	if err != nil {
		return err
	}
	dir := filepath.Join(cache, "cache", "download", filepath.FromSlash(escaped), "@v")
	base := filepath.Join(dir, m.Version)
	if have, err := os.ReadFile(base + ".ziphash"); err == nil && string(have) == m.zipHash {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("seed the devserver module: %w", err)
	}
	info, _ := json.Marshal(struct {
		Version string
		Time    time.Time
	}{m.Version, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	// The zip goes first and the ziphash last: the go command takes a
	// version whose ziphash exists as complete.
	for _, f := range []struct {
		ext  string
		data []byte
	}{{".mod", m.GoMod}, {".info", info}, {".zip", m.zip}, {".ziphash", []byte(m.zipHash)}} {
		if err := writeAtomic(base+f.ext, f.data); err != nil {
			return fmt.Errorf("seed the devserver module: %w", err)
		}
	}
	return nil
}

// writeAtomic writes data to name through a temporary file renamed into
// place, so that a concurrent go command never reads half of it.
func writeAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o444); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// fsFile is a file of an fs.FS as a module zip file.
type fsFile struct {
	fsys fs.FS
	name string
}

func (f fsFile) Path() string                 { return f.name }
func (f fsFile) Lstat() (fs.FileInfo, error)  { return fs.Stat(f.fsys, f.name) }
func (f fsFile) Open() (io.ReadCloser, error) { return f.fsys.Open(f.name) }
