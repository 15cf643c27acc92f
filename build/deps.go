package build

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"golang.org/x/mod/modfile"

	"github.com/devserver/devserver/internal/devmod"
	"github.com/devserver/devserver/nextsdk"
)

// devserverModule is this module's path: a build's generated main imports
// its server.
const devserverModule = "github.com/devserver/devserver"

// requireSDK points next/go, the Go SDK of Next.js, at devserver's copy
// (nextsdk) unless f already replaces it with a folder that exists, as
// next dev leaves it (./node_modules/next/go): a proxy.go importing
// next/go/proxy builds either way, and the user's go.mod is not changed.
func requireSDK(f *modfile.File, modDir string) error {
	for _, r := range f.Replace {
		if r.Old.Path != nextsdk.ModulePath || r.New.Version != "" {
			continue
		}
		dir := r.New.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(modDir, filepath.FromSlash(dir))
		}
		if fileExists(filepath.Join(dir, "go.mod")) {
			return nil
		}
	}
	dir, err := nextsdk.Dir()
	if err != nil {
		return err
	}
	if err := f.AddRequire(nextsdk.ModulePath, "v0.0.0"); err != nil {
		return fmt.Errorf("require %s: %w", nextsdk.ModulePath, err)
	}
	return f.AddReplace(nextsdk.ModulePath, "", dir, "")
}

// requireDevserver makes f require devserver, whose server the generated
// main imports, when the app does not (a Next.js project does not): the
// source this devserver was built from when it is still there (its go.sum
// is returned, to add to the view's), else the version this devserver is.
func requireDevserver(f *modfile.File) (sum []byte, err error) {
	for _, r := range f.Require {
		if r.Mod.Path == devserverModule {
			return requireOwnCopy(f, r.Mod.Version)
		}
	}
	if root := sourceRoot(); root != "" {
		if err := f.AddRequire(devserverModule, "v0.0.0"); err != nil {
			return nil, err
		}
		if err := f.AddReplace(devserverModule, "", root, ""); err != nil {
			return nil, err
		}
		sum, _ := os.ReadFile(filepath.Join(root, "go.sum"))
		return sum, nil
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == devserverModule && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return nil, f.AddRequire(devserverModule, bi.Main.Version)
	}
	return nil, fmt.Errorf("the app's go.mod does not require %s, and the source of this devserver cannot be found: add it (go get %s)", devserverModule, devserverModule)
}

// requireOwnCopy makes f require this devserver's copy of its module in
// place of another devserver's, a v0.0.0-local version that devserver init
// wrote (see package devmod) and that an older or newer devserver carries:
// the generated main is this devserver's, and compiles against its own
// server package only. The copy's checksums are returned, for the view's
// go.sum. A published version, or a replace directive, is the user's
// choice and stays; so does everything when this devserver carries no
// copy (its tests).
func requireOwnCopy(f *modfile.File, required string) (sum []byte, err error) {
	if !devmod.IsLocal(required) {
		return nil, nil
	}
	for _, r := range f.Replace {
		if r.Old.Path == devserverModule {
			return nil, nil
		}
	}
	mod, err := devmod.Load()
	if err != nil || mod.Version == required {
		return nil, nil
	}
	if err := f.AddRequire(devserverModule, mod.Version); err != nil {
		return nil, fmt.Errorf("require %s %s: %w", devserverModule, mod.Version, err)
	}
	return mod.SumLines(), nil
}

// sourceRoot returns the folder of devserver's source this package was
// compiled from, if it is still there, or "".
func sourceRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "" // built with -trimpath
	}
	root := filepath.Dir(filepath.Dir(file))
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || modfile.ModulePath(data) != devserverModule {
		return ""
	}
	return root
}
