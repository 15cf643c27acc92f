// Package goline reads the Go language version a module's code is
// compiled at: the go line of its go.mod, as the go command settles it.
package goline

import (
	"go/build"
	"go/version"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// DevserverModule is devserver's module path. An app whose code imports
// one of its packages must require it to be built with go build, which
// raises the app's go line to devserver's (go get does): such an app is
// compiled at that version, whatever its go.mod says (see Lang).
const DevserverModule = "github.com/devserver/devserver"

// OfDevserver reports whether the import path is of devserver's module.
func OfDevserver(path string) bool {
	return path == DevserverModule || strings.HasPrefix(path, DevserverModule+"/")
}

// Lang returns the language version ("go1.22") that go build compiles the
// packages of the module in modDir at: the go line of its go.mod, or the
// go line of a module it requires when that is newer, as the go command
// raises the go line to the newest of its build list's (since Go 1.21),
// which plain go build in the module refuses to do until go mod tidy has.
// It is "" without a go.mod or a go line (the go command then assumes one,
// or refuses). A required module whose go.mod cannot be read (not
// downloaded) does not count.
func Lang(modDir string) string {
	name := filepath.Join(modDir, "go.mod")
	data, err := os.ReadFile(name)
	if err != nil {
		return ""
	}
	f, err := modfile.Parse(name, data, nil)
	if err != nil || f.Go == nil {
		return ""
	}
	v := "go" + f.Go.Version
	for _, r := range f.Require {
		if dv := requiredGo(modDir, f, r.Mod); dv != "" && version.Compare(dv, v) > 0 {
			v = dv
		}
	}
	return version.Lang(v)
}

// requiredGo returns the go line ("go1.26.0") of the go.mod of the module
// m that f, the go.mod in modDir, requires: of the folder or the module
// version replacing it, else of m in the module cache; "" when unknown.
func requiredGo(modDir string, f *modfile.File, m module.Version) string {
	var data []byte
	var err error
	for _, r := range f.Replace {
		if r.Old.Path != m.Path || r.Old.Version != "" && r.Old.Version != m.Version {
			continue
		}
		if r.New.Version == "" {
			dir := r.New.Path
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(modDir, filepath.FromSlash(dir))
			}
			data, err = os.ReadFile(filepath.Join(dir, "go.mod"))
		} else {
			data, err = cachedMod(r.New)
		}
		return goOf(data, err)
	}
	data, err = cachedMod(m)
	return goOf(data, err)
}

// goOf is the go line of the go.mod data, or "".
func goOf(data []byte, err error) string {
	if err != nil {
		return ""
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil || f.Go == nil {
		return ""
	}
	return "go" + f.Go.Version
}

// cachedMod reads the go.mod of m from the module cache.
func cachedMod(m module.Version) ([]byte, error) {
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		cache = filepath.Join(filepath.SplitList(build.Default.GOPATH)[0], "pkg", "mod")
	}
	path, err := module.EscapePath(m.Path)
	if err != nil {
		return nil, err
	}
	ver, err := module.EscapeVersion(m.Version)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(cache, "cache", "download", filepath.FromSlash(path), "@v", ver+".mod"))
}
