package linkwalk

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestWalkEntersLinkedFolders(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	for _, d := range []string{filepath.Join(root, "app", "real"), filepath.Join(outside, "users", "[id]")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(root, "app", "real", "route.go"), filepath.Join(outside, "users", "route.go"), filepath.Join(outside, "users", "[id]", "route.go"), filepath.Join(outside, "file.go")} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"app/users":   filepath.Join(outside, "users"),
		"app/f.go":    filepath.Join(outside, "file.go"),
		"app/up":      root,                         // a cycle
		"app/real/me": filepath.Join(root, "app"),   // a cycle through a parent
		"app/gone":    filepath.Join(outside, "no"), // dangling
	}
	for l, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(l))); err != nil {
			t.Fatal(err)
		}
	}
	var dirs, files []string
	err := Walk(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			dirs = append(dirs, filepath.ToSlash(rel))
		} else {
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantDirs := []string{".", "app", "app/real", "app/users", "app/users/[id]"}
	wantFiles := []string{"app/f.go", "app/gone", "app/real/me", "app/real/route.go", "app/up", "app/users/[id]/route.go", "app/users/route.go"}
	slices.Sort(dirs)
	slices.Sort(files)
	if !slices.Equal(dirs, wantDirs) || !slices.Equal(files, wantFiles) {
		t.Errorf("folders %q\nwant    %q\nfiles   %q\nwant    %q", dirs, wantDirs, files, wantFiles)
	}
}

func TestWalkSkipDirOnALink(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "x.go"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "skip")); err != nil {
		t.Fatal(err)
	}
	var seen []string
	_ = Walk(root, func(p string, d fs.DirEntry, err error) error {
		seen = append(seen, filepath.Base(p))
		if d.IsDir() && filepath.Base(p) == "skip" {
			return filepath.SkipDir
		}
		return nil
	})
	if slices.Contains(seen, "x.go") {
		t.Errorf("entered a linked folder fn skipped: %q", seen)
	}
}
