package server

import (
	"bytes"
	"compress/gzip"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// CompressMin is the smallest body worth compressing, as the compression
// middleware of next start has it (1 KiB): below it the gzip framing and
// the CPU cost more than they save.
const CompressMin = 1 << 10

// gzipped returns body compressed with gzip and sets Content-Encoding,
// when the response may be compressed: a compressible type (text, JSON,
// JavaScript, XML, SVG) of at least CompressMin bytes, to a client that
// accepts gzip, not already encoded and not marked no-transform. A
// compressible response says Vary: Accept-Encoding either way, so that a
// cache keeps both. Otherwise body comes back as it is. Only whole bodies
// are compressed: a stream is sent as it is made (see writeResponse).
func gzipped(r *http.Request, h http.Header, status int, body []byte) []byte {
	if len(body) < CompressMin || !bodyAllowed(status) || h.Get("Content-Encoding") != "" ||
		!compressible(h.Get("Content-Type")) || strings.Contains(h.Get("Cache-Control"), "no-transform") {
		return body
	}
	addVary(h, "Accept-Encoding")
	if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
		return body
	}
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	var out bytes.Buffer
	out.Grow(len(body) / 3)
	zw.Reset(&out)
	if _, err := zw.Write(body); err != nil || zw.Close() != nil {
		return body
	}
	h.Set("Content-Encoding", "gzip")
	if etag := h.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
		h.Set("ETag", "W/"+etag) // another representation: no longer byte for byte
	}
	return out.Bytes()
}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return zw
}}

// compressible reports whether a Content-Type is worth compressing.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"),
		mt == "application/json", strings.HasSuffix(mt, "+json"),
		mt == "application/javascript", mt == "application/ecmascript",
		mt == "application/xml", strings.HasSuffix(mt, "+xml"),
		mt == "application/x-www-form-urlencoded", mt == "application/wasm":
		return true
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header accepts gzip (or
// any coding) with a non-zero quality.
func acceptsGzip(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" && coding != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}

// addVary adds name to the Vary header unless it is there.
func addVary(h http.Header, name string) {
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, name) {
				return
			}
		}
	}
	h.Add("Vary", name)
}
