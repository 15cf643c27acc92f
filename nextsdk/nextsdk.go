// Package nextsdk is devserver's copy of Next.js's Go SDK, the module
// next/go (its package next/go/proxy, for proxy.go), for apps whose go.mod
// does not point next/go at the SDK inside node_modules. Dir puts it on
// disk, where the interpreter reads it and a build's go.mod replaces
// next/go with it.
package nextsdk

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// ModulePath is the SDK's module path.
const ModulePath = "next/go"

// goMod is the SDK module's go.mod: go 1.21, as Next.js's.
const goMod = "module next/go\n\ngo 1.21\n"

//go:embed proxy/proxy.go proxy/config.go
var sources embed.FS

var (
	dirOnce sync.Once
	dir     string
	dirErr  error
)

// Dir returns a folder holding the SDK module (go.mod and proxy/), written
// once per content into the user's cache folder (or the temporary folder)
// and never changed after: a folder per version of devserver's copy.
func Dir() (string, error) {
	dirOnce.Do(func() { dir, dirErr = materialize() })
	return dir, dirErr
}

// materialize writes the SDK into a folder named by its content's hash,
// unless a complete copy is there.
func materialize() (string, error) {
	files := map[string][]byte{"go.mod": []byte(goMod)}
	err := fs.WalkDir(sources, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = sources.ReadFile(p)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("next/go SDK: %w", err)
	}
	h := sha256.New()
	for _, name := range []string{"go.mod", "proxy/proxy.go", "proxy/config.go"} {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(files[name]))
		h.Write(files[name])
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	root := filepath.Join(base, "devserver", "next-go-"+hex.EncodeToString(h.Sum(nil))[:16])
	if _, err := os.Stat(filepath.Join(root, ".complete")); err == nil {
		return root, nil
	}
	// Written beside the final folder and renamed into place, so that a
	// concurrent devserver never reads half a copy.
	tmp, err := os.MkdirTemp(filepath.Dir(root), ".next-go-")
	if err != nil {
		if err := os.MkdirAll(filepath.Dir(root), 0o755); err != nil {
			return "", fmt.Errorf("next/go SDK: %w", err)
		}
		if tmp, err = os.MkdirTemp(filepath.Dir(root), ".next-go-"); err != nil {
			return "", fmt.Errorf("next/go SDK: %w", err)
		}
	}
	for name, b := range files {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", fmt.Errorf("next/go SDK: %w", err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return "", fmt.Errorf("next/go SDK: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, ".complete"), nil, 0o644); err != nil {
		return "", fmt.Errorf("next/go SDK: %w", err)
	}
	if err := os.Rename(tmp, root); err != nil {
		os.RemoveAll(tmp)
		if _, statErr := os.Stat(filepath.Join(root, ".complete")); statErr != nil {
			return "", fmt.Errorf("next/go SDK: %w", err)
		}
	}
	return root, nil
}
