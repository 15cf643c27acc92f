package interp

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/mod/modfile"
)

// Project is a user's app as the interpreter sees it: where its Go module
// lives and where app/ is.
type Project struct {
	// Dir is the project directory: the one holding app/ and public/.
	Dir string
	// AppDir is the app directory: Dir/app, else Dir/src/app, or Dir
	// itself for a bare app dir.
	AppDir string
	// ModuleDir is the directory of the go.mod that holds AppDir; Dir when
	// there is none.
	ModuleDir string
	// Module is the module path from go.mod, or "app" without a go.mod, in
	// which case route files can import only the standard library and next.
	Module string
}

// FindProject resolves dir, given on the command line, to a Project. dir is
// either a project directory that holds app/, or the app directory itself.
func FindProject(dir string) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("project %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("project %s: not a directory", dir)
	}
	p := &Project{Dir: abs, AppDir: filepath.Join(abs, "app")}
	if !isDir(p.AppDir) && isDir(filepath.Join(abs, "src", "app")) {
		// As Next.js: src/app when there is no app/ at the top.
		p.AppDir = filepath.Join(abs, "src", "app")
	}
	if !isDir(p.AppDir) {
		// A bare app directory: its parent plays the project, so public/
		// beside it still works.
		p.AppDir = abs
		p.Dir = filepath.Dir(abs)
	}
	p.ModuleDir, p.Module, err = findModule(p.AppDir)
	if err != nil {
		return nil, err
	}
	if p.ModuleDir == "" {
		p.ModuleDir, p.Module = p.Dir, "app"
	}
	return p, nil
}

// findModule walks up from dir to the nearest go.mod.
func findModule(dir string) (modDir, modPath string, err error) {
	for d := dir; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			mp := modfile.ModulePath(data)
			if mp == "" {
				return "", "", fmt.Errorf("%s: no module line", filepath.Join(d, "go.mod"))
			}
			return d, mp, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", nil
		}
		d = parent
	}
}

// ImportPath returns the import path of the package in directory dir, which
// must be inside the module.
func (p *Project) ImportPath(dir string) (string, error) {
	rel, err := filepath.Rel(p.ModuleDir, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside module %s (%s)", dir, p.Module, p.ModuleDir)
	}
	if rel == "." {
		return p.Module, nil
	}
	return p.Module + "/" + filepath.ToSlash(rel), nil
}

// BinaryName is the name devserver build gives the binary when no -o is
// given: the module's BinaryName, or the project folder's name when there
// is no go.mod (its module path, "app", would name the app folder).
func (p *Project) BinaryName() string {
	if !fileExists(filepath.Join(p.ModuleDir, "go.mod")) {
		return exe(filepath.Base(p.Dir))
	}
	return BinaryName(p.Module)
}

// BinaryName names the binary of a module's main package as go build does:
// the last element of the module path, or the one before it when the last
// is a major version (example.com/shop/v2 → shop), with .exe on Windows.
func BinaryName(modulePath string) string {
	dir, elem := path.Split(modulePath)
	if dir != "" && isMajorVersion(elem) {
		_, elem = path.Split(strings.TrimSuffix(dir, "/"))
	}
	return exe(elem)
}

// isMajorVersion reports whether elem is v2, v3, ...: the path element
// that go build skips when it names a binary.
func isMajorVersion(elem string) bool {
	if len(elem) < 2 || elem[0] != 'v' || elem[1] == '0' || elem == "v1" {
		return false
	}
	for _, r := range elem[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// exe adds the executable suffix of the platform to name.
func exe(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

// Rel returns path relative to the project directory, for messages.
func (p *Project) Rel(path string) string {
	if rel, err := filepath.Rel(p.Dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}

// refresh returns a copy of p with the module path read again from go.mod;
// p itself when go.mod cannot be read or names no module.
func (p *Project) refresh() *Project {
	data, err := os.ReadFile(filepath.Join(p.ModuleDir, "go.mod"))
	if err != nil {
		return p
	}
	mp := modfile.ModulePath(data)
	if mp == "" || mp == p.Module {
		return p
	}
	cp := *p
	cp.Module = mp
	return &cp
}

// fileExists reports whether p exists and is not a folder.
func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// isDir reports whether p is a folder.
func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
