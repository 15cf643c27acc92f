package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"

	"github.com/devserver/devserver/internal/gowork"
	"github.com/devserver/devserver/interp"
)

// Tidy does for the module holding proj what `go mod tidy` does, which the
// Go tool refuses to do itself once route folders such as [id] exist: it
// runs go mod tidy in the view, where those packages have sanitised paths
// and the main package of a build is present (so what a build needs is
// kept too), then writes go.mod and go.sum back, relative replace
// directives as they were. It reports whether either file changed.
func Tidy(ctx context.Context, proj *interp.Project, goCmd string) (bool, error) {
	tmp, err := os.MkdirTemp("", "devserver-tidy-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(tmp)
	v, err := NewView(proj, tmp)
	if err != nil {
		return false, err
	}
	if err := v.addMain(); err != nil {
		return false, err
	}
	// The relative replacements, read from the user's go.mod before the
	// view's copy was made absolute.
	user, err := readModFile(proj.ModuleDir)
	if err != nil {
		return false, err
	}
	if _, err := runGo(ctx, goCmd, v.Root, "mod", "tidy"); err != nil {
		var ge *GoError
		if errors.As(err, &ge) {
			return false, fmt.Errorf("tidy: go mod tidy failed:\n%s", v.RealPaths(ge.Stderr))
		}
		return false, err
	}
	if err := dropAdded(v.Root, v.added); err != nil {
		return false, err
	}
	if err := dropWorkspace(v.Root, v.workspace, user); err != nil {
		return false, err
	}
	if err := restoreReplaces(v.Root, relativeReplaces(user)); err != nil {
		return false, err
	}
	changed := false
	for _, name := range []string{"go.mod", "go.sum"} {
		tidied, err := os.ReadFile(filepath.Join(v.Root, name))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return false, err
		}
		dst := filepath.Join(proj.ModuleDir, name)
		old, err := os.ReadFile(dst)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
		if bytes.Equal(old, tidied) {
			continue
		}
		if err := os.WriteFile(dst, tidied, 0o644); err != nil {
			return false, err
		}
		changed = true
	}
	return changed, nil
}

// restoreReplaces sets the replace directives reps (relative, as the user
// wrote them) back into the go.mod in dir, whose copies were made absolute.
func restoreReplaces(dir string, reps []*modfile.Replace) error {
	if len(reps) == 0 {
		return nil
	}
	f, err := readModFile(dir)
	if err != nil {
		return err
	}
	for _, r := range reps {
		if err := f.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, ""); err != nil {
			return fmt.Errorf("tidy: %w", err)
		}
	}
	return writeModFile(f, filepath.Join(dir, "go.mod"))
}

// dropAdded removes from the go.mod in dir the requirements and
// replacements the view added (devserver, next/go): they name folders of
// this machine, and the app's go.mod did not ask for them.
// dropWorkspace drops from the go.mod in dir the replacements that stood
// for the workspace ws (see View.writeModFile), where the user's go.mod,
// user, has none of its own: go.work keeps them, not go.mod.
func dropWorkspace(dir string, ws *gowork.Workspace, user *modfile.File) error {
	if ws == nil {
		return nil
	}
	own := make(map[string]bool)
	for _, r := range user.Replace {
		own[r.Old.Path] = true
	}
	f, err := readModFile(dir)
	if err != nil {
		return err
	}
	for _, r := range ws.Replaces {
		if !own[r.Old] {
			if err := f.DropReplace(r.Old, r.OldVersion); err != nil {
				return fmt.Errorf("tidy: %w", err)
			}
		}
	}
	return writeModFile(f, filepath.Join(dir, "go.mod"))
}

func dropAdded(dir string, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	f, err := readModFile(dir)
	if err != nil {
		return err
	}
	for _, p := range paths {
		if err := f.DropRequire(p); err != nil {
			return fmt.Errorf("tidy: %w", err)
		}
		if err := f.DropReplace(p, ""); err != nil {
			return fmt.Errorf("tidy: %w", err)
		}
	}
	return writeModFile(f, filepath.Join(dir, "go.mod"))
}
