package build

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/devserver/devserver/internal/goembed"
)

// copyEmbedded puts into dst, the mirror's folder of the package in dir,
// a copy of every file the package's //go:embed patterns embed (as the view
// reads its Go files), at the same place relative to the package. The Go
// tool refuses to embed a link, and the mirror holds links or nothing for
// every other file. A pattern that embeds nothing or is refused is left
// for the Go tool to report on the mirror, where it fails too.
func (v *View) copyEmbedded(dir, dst string) error {
	srcs := make(map[string][]byte)
	embeds := false
	for _, name := range v.sourceFiles(dir) {
		src, err := v.readSource(dir, name)
		if err != nil {
			return err
		}
		srcs[name] = src
		embeds = embeds || goembed.ImportsEmbed(src)
	}
	if !embeds {
		return nil
	}
	for _, pattern := range goembed.Patterns(srcs) {
		files, err := goembed.Resolve(dir, pattern)
		if err != nil {
			continue // the Go tool says why, on the mirror
		}
		for _, rel := range files {
			if err := copyInto(filepath.Join(dir, filepath.FromSlash(rel)), dst, rel); err != nil {
				return fmt.Errorf("embed %s: %w", filepath.Join(dir, filepath.FromSlash(rel)), err)
			}
		}
	}
	return nil
}

// copyInto copies the file src to root/rel, replacing what the mirror has
// there (a link to src). A folder on the way that is a link (a linked
// testdata) is first made a folder of links to what it held, so that the
// copy never writes through a link into the user's files.
func copyInto(src, root, rel string) error {
	dir := root
	for _, elem := range strings.Split(filepath.Dir(filepath.FromSlash(rel)), string(filepath.Separator)) {
		if elem == "." {
			break
		}
		dir = filepath.Join(dir, elem)
		if err := unlinkDir(dir); err != nil {
			return err
		}
	}
	dst := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.Remove(dst); err != nil && !os.IsNotExist(err) {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// unlinkDir turns dir, in the mirror, from a link to a folder into a folder
// of links to each of its entries. Anything else is left as it is.
func unlinkDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	target, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return err
	}
	if err := os.Remove(dir); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.Symlink(filepath.Join(target, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
