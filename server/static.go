package server

import (
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// publicFiles lists the regular files of public/ by slash-separated name,
// so that a request for anything else costs no system call. A change in
// public/ makes a new generation, and with it a new list.
func (a App) publicFiles() map[string]bool {
	files := make(map[string]bool)
	if a.Public != nil {
		_ = fs.WalkDir(a.Public, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files[p] = true
			}
			return nil
		})
		return files
	}
	if a.PublicDir == "" {
		return files
	}
	_ = filepath.WalkDir(a.PublicDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if rel, err := filepath.Rel(a.PublicDir, p); err == nil {
			files[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	return files
}

// serveStatic answers GET and HEAD requests for the files listed in public
// and reports whether it did. Directories are never listed, and no path,
// with whatever encoding, dot segments, backslashes or symlinks, reaches
// outside public/: on disk the file is opened through an os.Root.
func (a App) serveStatic(w http.ResponseWriter, r *http.Request, public map[string]bool) bool {
	if len(public) == 0 || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	name, ok := staticName(r.URL.EscapedPath())
	if !ok || !public[name] {
		return false
	}
	fsys := a.Public
	if fsys == nil {
		root, err := os.OpenRoot(a.PublicDir)
		if err != nil {
			return false
		}
		defer root.Close()
		fsys = root.FS()
	}
	f, err := fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	rs, seekable := f.(io.ReadSeeker)
	if err != nil || !fi.Mode().IsRegular() || !seekable {
		return false
	}
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), rs)
	return true
}

// staticName turns an escaped URL path into a slash-separated name relative
// to public/, refusing any segment that could mean something other than a
// plain file name.
func staticName(escaped string) (string, bool) {
	segs := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	for i, s := range segs {
		d, err := url.PathUnescape(s)
		if err != nil || d == "" || d == "." || d == ".." ||
			strings.ContainsAny(d, "/\\\x00") {
			return "", false
		}
		segs[i] = d
	}
	return strings.Join(segs, "/"), true
}
