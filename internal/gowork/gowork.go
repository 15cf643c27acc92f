// Package gowork reads the Go workspace (go.work) a module belongs to, as
// replace directives: devserver runs the go command on copies of a
// module (the build's mirror) and with GOWORK=off, where a workspace's
// relative use paths would name nothing, so the other modules the
// workspace uses are handed over as replacements by their folders, as the
// go command itself resolves them in workspace mode.
package gowork

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
)

// Workspace is what a go.work file means for one of its modules.
type Workspace struct {
	// File is the go.work file's path.
	File string
	// Content is the go.work file's content, for cache keys.
	Content []byte
	// Replaces are the other modules the workspace uses, each replaced
	// by its folder, then the workspace's own replace directives, every
	// folder an absolute path.
	Replaces []Replace
	// Sums are the go.sum lines of the other modules and of go.work.sum:
	// the checksums their requirements need.
	Sums []byte
}

// Replace is one replacement: Old (at OldVersion, "" for every version)
// by New, a folder or a module path at NewVersion.
type Replace struct {
	Old, OldVersion, New, NewVersion string
}

// Find returns the workspace the module in modDir belongs to, as the go
// command finds it: the file GOWORK names, or else the first go.work in
// modDir or a folder above it. It returns nil, nil when there is none,
// GOWORK is off, or the workspace does not use the module.
func Find(modDir string) (*Workspace, error) {
	file, err := locate(modDir)
	if file == "" || err != nil {
		return nil, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	wf, err := modfile.ParseWork(file, data, nil)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(file)
	abs, err := filepath.Abs(modDir)
	if err != nil {
		return nil, err
	}
	ws := &Workspace{File: file, Content: data}
	member := false
	var sums bytes.Buffer
	for _, u := range wf.Use {
		used := u.Path
		if !filepath.IsAbs(used) {
			used = filepath.Join(dir, filepath.FromSlash(used))
		}
		if filepath.Clean(used) == filepath.Clean(abs) {
			member = true
			continue
		}
		path, err := modulePath(used)
		if err != nil {
			return nil, fmt.Errorf("%s: use %s: %w", file, u.Path, err)
		}
		ws.Replaces = append(ws.Replaces, Replace{Old: path, New: used})
		if sum, err := os.ReadFile(filepath.Join(used, "go.sum")); err == nil {
			sums.Write(sum)
		}
	}
	if !member {
		return nil, nil
	}
	for _, r := range wf.Replace {
		n := Replace{Old: r.Old.Path, OldVersion: r.Old.Version, New: r.New.Path, NewVersion: r.New.Version}
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) {
			n.New = filepath.Join(dir, filepath.FromSlash(r.New.Path))
		}
		ws.Replaces = append(ws.Replaces, n)
	}
	if sum, err := os.ReadFile(filepath.Join(dir, "go.work.sum")); err == nil {
		sums.Write(sum)
	}
	ws.Sums = sums.Bytes()
	return ws, nil
}

// Apply adds the workspace's replacements to f, a module's go.mod, where
// f does not replace the same module already (the go command refuses a
// workspace whose replacements conflict, so either says the same).
func (ws *Workspace) Apply(f *modfile.File) error {
	have := make(map[string]bool)
	for _, r := range f.Replace {
		have[r.Old.Path] = true
	}
	for _, r := range ws.Replaces {
		if have[r.Old] {
			continue
		}
		if err := f.AddReplace(r.Old, r.OldVersion, r.New, r.NewVersion); err != nil {
			return fmt.Errorf("%s: %w", ws.File, err)
		}
	}
	return nil
}

// locate returns the go.work file that applies in dir, or "".
func locate(dir string) (string, error) {
	switch env := os.Getenv("GOWORK"); env {
	case "off":
		return "", nil
	case "":
	default:
		return env, nil
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		file := filepath.Join(dir, "go.work")
		if fi, err := os.Stat(file); err == nil && !fi.IsDir() {
			return file, nil
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// modulePath returns the module path of the go.mod in dir.
func modulePath(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", err
	}
	path := modfile.ModulePath(data)
	if path == "" {
		return "", fmt.Errorf("%s has no module line", filepath.Join(dir, "go.mod"))
	}
	return path, nil
}
