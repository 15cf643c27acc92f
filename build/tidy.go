package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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
	v, err := NewView(ctx, proj, tmp, goCmd)
	if err != nil {
		return false, err
	}
	if err := v.addMain(); err != nil {
		return false, err
	}
	// The relative replacements, read from the user's go.mod before the
	// view's copy was made absolute.
	reps, err := relativeReplaces(ctx, goCmd, proj.ModuleDir)
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
	for old, path := range reps {
		if _, err := runGo(ctx, goCmd, v.Root, "mod", "edit", "-replace="+old+"="+path); err != nil {
			return false, err
		}
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
