package server

import (
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
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

// serveStatic answers requests for the files listed in public and reports
// whether it did. A file of a compressible type is compressed
// as next start's middleware compresses it (see fileWriter). Directories are never listed, and no path,
// with whatever encoding, dot segments, backslashes or symlinks, reaches
// outside public/: on disk the file is opened through an os.Root.
//
// As next start: a file whose name starts with a dot is not served (in a
// folder whose name does, it is), and another method answers 405 with the
// methods allowed.
func (a App) serveStatic(w http.ResponseWriter, r *http.Request, public map[string]bool) bool {
	if len(public) == 0 {
		return false
	}
	name, ok := staticName(r.URL.EscapedPath())
	if !ok || !public[name] || strings.HasPrefix(path.Base(name), ".") {
		return false
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return true
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
	if h.Get("Content-Type") == "" {
		// next start's type, not Go's (which depends on the machine's
		// mime.types and sniffs unknown files).
		h.Set("Content-Type", publicType(name))
	}
	fw := &fileWriter{ResponseWriter: w, r: r}
	if !modTime.IsZero() && !modTime.Equal(time.Unix(0, 0)) { // as ServeContent sends it
		fw.lastModified = modTime.UTC().Format(http.TimeFormat)
	}
	defer fw.close()
	http.ServeContent(fw, withSendRanges(r, fi.Size()), fi.Name(), modTime, rs)
	return true
}

// publicType returns the Content-Type next start sends for the file of
// public/ at name: the type of its extension as send's mime.lookup reads it
// (what follows the last dot or slash, lower-cased, so that a name without
// a dot is looked up whole), application/octet-stream when unknown.
func publicType(name string) string {
	ext := name
	if i := strings.LastIndexAny(name, `./\`); i >= 0 {
		ext = name[i+1:]
	}
	if t, ok := publicTypes[strings.ToLower(ext)]; ok {
		return t
	}
	return publicDefaultType
}

// fileWriter is the writer http.ServeContent answers a file of public/
// through, to make the answer next start's. It compresses the body as it
// is written, deciding when the status is written, as next start's
// middleware decides when the headers go out: by contentCoding, with the
// length the Content-Length header declares. Like the middleware, it
// compresses a 206 too (the range of the file, with its Content-Range as
// it is), and leaves the ETag alone, weak already. A 304 keeps its
// Last-Modified, which ServeContent drops when there is an ETag and
// next start's send keeps. close must be called once the body is written.
type fileWriter struct {
	http.ResponseWriter
	r            *http.Request
	lastModified string // the file's, in HTTP date format
	wroteHeader  bool
	zw           resettableWriter // nil: sent as it is
	pool         *sync.Pool       // where zw goes back
}

// WriteHeader decides the coding of the body and sends the headers.
func (c *fileWriter) WriteHeader(status int) {
	if c.wroteHeader {
		c.ResponseWriter.WriteHeader(status) // net/http reports the superfluous call
		return
	}
	c.wroteHeader = true
	h := c.Header()
	if status == http.StatusNotModified && c.lastModified != "" && h.Get("Last-Modified") == "" {
		h.Set("Last-Modified", c.lastModified)
	}
	if coding := contentCoding(c.r, h, status, declaredLength(h), nil); coding != "" {
		c.pool = writers(coding)
		c.zw = c.pool.Get().(resettableWriter)
		c.zw.Reset(c.ResponseWriter)
		setEncoded(h, coding)
		h.Del("Content-Length") // the compressed length is not known yet
	}
	c.ResponseWriter.WriteHeader(status)
}

// Write writes p to the body, compressed when WriteHeader chose to.
func (c *fileWriter) Write(p []byte) (int, error) {
	if !c.wroteHeader {
		c.WriteHeader(http.StatusOK)
	}
	if c.zw != nil {
		return c.zw.Write(p)
	}
	return c.ResponseWriter.Write(p)
}

// ReadFrom copies src to the body; uncompressed, through the underlying
// writer's ReadFrom, so that a file still goes out by sendfile.
func (c *fileWriter) ReadFrom(src io.Reader) (int64, error) {
	if !c.wroteHeader {
		c.WriteHeader(http.StatusOK)
	}
	if c.zw != nil {
		return io.Copy(c.zw, src)
	}
	if rf, ok := c.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(onlyWriter{c.ResponseWriter}, src)
}

// onlyWriter hides every method of a writer but Write, so that io.Copy
// does not call back into a ReadFrom.
type onlyWriter struct{ io.Writer }

// Unwrap lets http.ResponseController reach the connection's writer.
func (c *fileWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// close ends the compressed stream, writing its trailer, and returns its
// writer to the pool. A write error (the client went away) has been seen
// by the writer of the body already.
func (c *fileWriter) close() {
	if c.zw == nil {
		return
	}
	_ = c.zw.Close()
	c.zw.Reset(io.Discard) // hold no reference to the connection in the pool
	c.pool.Put(c.zw)
	c.zw = nil
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
