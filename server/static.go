package server

import (
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
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
	modTime := fi.ModTime()
	if modTime.IsZero() {
		modTime = builtAt() // embedded in a built binary
	}
	h := w.Header()
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "public, max-age=0")
	}
	h.Set("ETag", weakETag(fi.Size(), modTime))
	http.ServeContent(w, r, fi.Name(), modTime, rs)
	return true
}

// weakETag is the ETag Next.js sends for a file of public/ (the send
// package's): its size and modification time in hex, weak since it does
// not hash the content.
func weakETag(size int64, modTime time.Time) string {
	return `W/"` + strconv.FormatInt(size, 16) + "-" + strconv.FormatInt(modTime.UnixMilli(), 16) + `"`
}

// builtAt is the modification time of the running binary, which stands
// for the files embedded in it: they change only with it. The zero time
// when it cannot be found.
var builtAt = sync.OnceValue(func() time.Time {
	exe, err := os.Executable()
	if err != nil {
		return time.Time{}
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return time.Time{}
	}
	return fi.ModTime().Truncate(time.Second)
})

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
