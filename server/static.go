package server

import (
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// publicFiles lists the regular files under dir (public/) by slash-separated
// name, so that a request for anything else costs no system call. A change in
// public/ makes a new generation, and with it a new list.
func publicFiles(dir string) map[string]bool {
	files := make(map[string]bool)
	if dir == "" {
		return files
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if rel, err := filepath.Rel(dir, p); err == nil {
			files[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	return files
}

// serveStatic answers GET and HEAD requests for the files listed in public,
// found under dir, and reports whether it did. Directories are never listed,
// and no path, with whatever encoding, dot segments, backslashes or symlinks,
// reaches outside dir: the file is opened through an os.Root.
func serveStatic(w http.ResponseWriter, r *http.Request, dir string, public map[string]bool) bool {
	if len(public) == 0 || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	name, ok := staticName(r.URL.EscapedPath())
	if !ok || !public[name] {
		return false
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return false
	}
	defer root.Close()
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), f)
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
