package server

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"io"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// CompressMin is the smallest body worth compressing, the threshold of the
// compression middleware of next start (1 KiB): below it the framing and
// the CPU cost more than they save.
const CompressMin = 1 << 10

// Content codings a response may be sent in.
const (
	codingGzip    = "gzip"
	codingDeflate = "deflate"
)

// contentCoding returns the coding to send a whole body of n bytes in,
// or "" to send it as it is, and adds Accept-Encoding to Vary when the
// answer depends on it. The rules are those of the compression middleware
// next start runs (the npm package compression), in its order:
//
//   - only a compressible Content-Type (see compressible), and not when
//     Cache-Control says no-transform;
//   - such a response says Vary: Accept-Encoding whatever happens next,
//     so that a cache keeps one copy per coding;
//   - not below CompressMin, not already encoded, not for HEAD;
//   - gzip or deflate as Accept-Encoding prefers them (see negotiate).
//
// vary is room for the value of the Vary header it may add (nil: it is
// made). Only whole bodies are compressed: a stream is sent as it is made
// (see writeResponse), where next start's middleware compresses it too.
func contentCoding(r *http.Request, h http.Header, status, n int, vary *[1]string) string {
	if !compressible(headerValue(h, "Content-Type")) || noTransform(h) {
		return ""
	}
	addVary(h, "Accept-Encoding", vary)
	if n < CompressMin || !bodyAllowed(status) || r.Method == http.MethodHead {
		return ""
	}
	if ce := headerValue(h, "Content-Encoding"); ce != "" && ce != "identity" {
		return ""
	}
	return negotiate(strings.Join(r.Header.Values("Accept-Encoding"), ", "))
}

// varyCompressible adds Accept-Encoding to the Vary header of a response
// of a compressible type that may be transformed, as contentCoding does,
// for one that is not compressed whatever the client accepts: next
// start's middleware would compress it, and a cache in front must not
// take one of next start's answers for another's. room is as for whole.
func varyCompressible(h http.Header, room *headerRoom) {
	if compressible(headerValue(h, "Content-Type")) && !noTransform(h) {
		if room == nil {
			room = new(headerRoom)
		}
		addVary(h, "Accept-Encoding", &room.vary)
	}
}

// compressed returns body encoded as contentCoding decides, with its
// Content-Encoding set, or body as it is.
func compressed(r *http.Request, h http.Header, status int, body []byte, vary *[1]string) []byte {
	coding := contentCoding(r, h, status, len(body), vary)
	if coding == "" {
		return body
	}
	out, err := encode(coding, body)
	if err != nil {
		return body
	}
	setEncoded(h, coding)
	return out
}

// setEncoded marks a response as sent in coding.
func setEncoded(h http.Header, coding string) {
	h.Set("Content-Encoding", coding)
	if etag := h.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
		h.Set("ETag", "W/"+etag) // another representation: no longer byte for byte
	}
}

// encode compresses body with coding: gzip (RFC 1952), or deflate, which
// in HTTP is the zlib format (RFC 1950) around a DEFLATE stream, as
// Node's zlib.createDeflate writes it and browsers expect it.
func encode(coding string, body []byte) ([]byte, error) {
	pool := writers(coding)
	zw := pool.Get().(resettableWriter)
	defer pool.Put(zw)
	var out bytes.Buffer
	out.Grow(len(body) / 3)
	zw.Reset(&out)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// writers returns the pool of writers of coding, gzip or deflate.
func writers(coding string) *sync.Pool {
	if coding == codingDeflate {
		return &zlibWriters
	}
	return &gzipWriters
}

// resettableWriter is a *gzip.Writer or a *zlib.Writer.
type resettableWriter interface {
	io.WriteCloser
	Reset(io.Writer)
}

var (
	gzipWriters = sync.Pool{New: func() any {
		zw, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
		return zw
	}}
	zlibWriters = sync.Pool{New: func() any {
		zw, _ := zlib.NewWriterLevel(nil, zlib.DefaultCompression)
		return zw
	}}
)

// headerValue is h.Get for a canonical key, without canonicalizing it.
func headerValue(h http.Header, key string) string {
	if vs := h[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// noTransformDirective is how the compression middleware finds a
// no-transform directive in Cache-Control.
var noTransformDirective = regexp.MustCompile(`(?:^|,)\s*?no-transform\s*?(?:,|$)`)

// noTransform reports whether Cache-Control forbids transforming the body.
func noTransform(h http.Header) bool {
	cc := headerValue(h, "Cache-Control")
	return cc != "" && strings.Contains(cc, "no-transform") && noTransformDirective.MatchString(cc)
}

// compressible reports whether a Content-Type is worth compressing, as the
// npm package compressible decides for next start's middleware: a type
// the MIME database it bundles marks compressible (compressibleTypes),
// else any text/ type and any +json, +text or +xml one. The type is what
// precedes the first ";" or space, in any case.
func compressible(contentType string) bool {
	t := strings.TrimLeft(contentType, " \t\n\r\f\v")
	for i := 0; i < len(t); i++ {
		if c := t[i]; c == ';' || isSpace(c) {
			t = t[:i]
			break
		}
	}
	if t == "" {
		return false
	}
	if t == "application/json" { // most responses: no lowering, no lookup
		return true
	}
	t = strings.ToLower(t)
	return compressibleTypes[t] || strings.HasPrefix(t, "text/") ||
		strings.HasSuffix(t, "+json") || strings.HasSuffix(t, "+text") || strings.HasSuffix(t, "+xml")
}

// isSpace reports whether c is white space to a JavaScript regular
// expression's \s, within ASCII.
func isSpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}

// compressibleTypes are the types of the MIME database next start's
// compression bundles (mime-db, through the package compressible) marked
// compressible that its text/, +json, +text and +xml rule does not
// already cover. The database marks none of those not compressible.
var compressibleTypes = map[string]bool{
	"application/dart": true, "application/ecmascript": true, "application/javascript": true,
	"application/json": true, "application/postscript": true, "application/raml+yaml": true,
	"application/rtf": true, "application/tar": true, "application/toml": true,
	"application/vnd.dart": true, "application/vnd.ms-fontobject": true,
	"application/vnd.ms-opentype": true, "application/wasm": true, "application/x-httpd-php": true,
	"application/x-javascript": true, "application/x-ns-proxy-autoconfig": true,
	"application/x-sh": true, "application/x-tar": true, "application/x-virtualbox-hdd": true,
	"application/x-virtualbox-ova": true, "application/x-virtualbox-ovf": true,
	"application/x-virtualbox-vbox": true, "application/x-virtualbox-vdi": true,
	"application/x-virtualbox-vhd": true, "application/x-virtualbox-vmdk": true,
	"application/x-www-form-urlencoded": true, "application/xml": true, "application/xml-dtd": true,
	"font/otf": true, "font/ttf": true, "image/bmp": true, "image/vnd.adobe.photoshop": true,
	"image/x-icon": true, "image/x-ms-bmp": true, "message/rfc822": true,
	"model/gltf-binary": true, "x-shader/x-fragment": true, "x-shader/x-vertex": true,
}

// negotiate returns the coding to send a compressible body in, given the
// request's Accept-Encoding: "gzip", "deflate", or "" for none. It is
// next start's choice: the best of gzip, deflate and identity by quality
// (see preferred), except that deflate is taken only when gzip is not
// acceptable at all, and then gzip is weighed against identity alone.
func negotiate(accept string) string {
	specs := parseAcceptEncoding(accept)
	coding := preferred(specs, codingGzip, codingDeflate, "identity")
	if coding == codingDeflate && preferred(specs, codingGzip) != "" {
		coding = preferred(specs, codingGzip, "identity")
	}
	if coding == "identity" {
		return ""
	}
	return coding
}

// encodingSpec is one coding of an Accept-Encoding header: its name, its
// quality (NaN for one that does not parse) and its position.
type encodingSpec struct {
	coding string
	q      float64
	pos    int
}

// parseAcceptEncoding parses an Accept-Encoding header as the npm package
// negotiator does: elements split at ",", a q parameter read with
// JavaScript's parseFloat, and identity added, at the lowest quality
// given, when neither it nor "*" is named.
func parseAcceptEncoding(accept string) []encodingSpec {
	parts := strings.Split(accept, ",")
	specs := make([]encodingSpec, 0, len(parts)+1)
	hasIdentity, minQ := false, 1.0
	for i, part := range parts {
		spec, ok := parseEncoding(strings.TrimSpace(part), i)
		if !ok {
			continue
		}
		specs = append(specs, spec)
		hasIdentity = hasIdentity || spec.coding == "*" || strings.EqualFold(spec.coding, "identity")
		q := spec.q
		if q == 0 || math.IsNaN(q) { // JavaScript's q || 1
			q = 1
		}
		minQ = min(minQ, q)
	}
	if !hasIdentity {
		specs = append(specs, encodingSpec{coding: "identity", q: minQ, pos: len(parts)})
	}
	return specs
}

// parseEncoding parses one element: a coding, then optional parameters
// after ";", of which the first named q gives the quality.
func parseEncoding(s string, pos int) (encodingSpec, bool) {
	coding, params, _ := strings.Cut(s, ";")
	if i := strings.IndexAny(coding, " \t\n\r\f\v"); i >= 0 {
		if strings.TrimSpace(coding[i:]) != "" {
			return encodingSpec{}, false // two words
		}
		coding = coding[:i]
	}
	if coding == "" {
		return encodingSpec{}, false
	}
	spec := encodingSpec{coding: coding, q: 1, pos: pos}
	if strings.Contains(s, ";") {
		for p := range strings.SplitSeq(params, ";") {
			kv := strings.Split(strings.TrimSpace(p), "=")
			if kv[0] == "q" {
				spec.q = math.NaN()
				if len(kv) > 1 {
					spec.q = parseFloatJS(kv[1])
				}
				break
			}
		}
	}
	return spec, true
}

// jsFloatPrefix is the longest prefix JavaScript's parseFloat reads.
var jsFloatPrefix = regexp.MustCompile(`^[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)`)

// parseFloatJS is JavaScript's parseFloat: the number at the start of s,
// after white space, or NaN.
func parseFloatJS(s string) float64 {
	m := jsFloatPrefix.FindString(strings.TrimSpace(s))
	if m == "" {
		return math.NaN()
	}
	m = strings.Replace(m, "Infinity", "Inf", 1)
	f, err := strconv.ParseFloat(m, 64)
	if ne, ok := err.(*strconv.NumError); ok && ne.Err != strconv.ErrRange {
		return math.NaN()
	}
	return f // out of range: ±Inf or 0, as JavaScript rounds it
}

// priority is how well an Accept-Encoding header accepts one coding: the
// quality and position of the element that names it best (s 1 for the
// coding itself, 0 for "*"), and the coding's place among those offered.
type priority struct {
	q         float64
	s, o, idx int
}

// preferred returns the coding of offered the client prefers, or "" when
// it accepts none (quality 0): highest quality first, then the coding
// named over "*", then the earlier in the header, then the earlier
// offered, as negotiator sorts them.
func preferred(specs []encodingSpec, offered ...string) string {
	best, found := priority{}, -1
	for i, coding := range offered {
		p := priorityOf(coding, specs, i)
		if !(p.q > 0) {
			continue
		}
		if found < 0 || before(p, best) {
			best, found = p, i
		}
	}
	if found < 0 {
		return ""
	}
	return offered[found]
}

// priorityOf is negotiator's getEncodingPriority: of the elements naming
// coding or "*", the most specific, then the highest quality, then the
// last.
func priorityOf(coding string, specs []encodingSpec, idx int) priority {
	p := priority{q: 0, s: 0, o: -1, idx: idx}
	for _, spec := range specs {
		s := 0
		switch {
		case strings.EqualFold(spec.coding, coding):
			s = 1
		case spec.coding != "*":
			continue
		}
		c := priority{q: spec.q, s: s, o: spec.pos, idx: idx}
		if jsOr(float64(p.s-c.s), p.q-c.q, float64(p.o-c.o)) < 0 {
			p = c
		}
	}
	return p
}

// before reports whether a sorts before b in negotiator's compareSpecs.
func before(a, b priority) bool {
	return jsOr(b.q-a.q, float64(b.s-a.s), float64(a.o-b.o), float64(a.idx-b.idx)) < 0
}

// jsOr is JavaScript's a || b || ... over numbers: the first that is
// neither 0 nor NaN, else the last.
func jsOr(xs ...float64) float64 {
	for _, x := range xs[:len(xs)-1] {
		if x != 0 && !math.IsNaN(x) {
			return x
		}
	}
	return xs[len(xs)-1]
}

// addVary adds name to the Vary header, as the npm package vary does for
// next start's middleware: into one value, after what is there, unless
// it is there already; a "*" among the values is all that stays. room,
// when not nil, holds the new value when the header had none.
func addVary(h http.Header, name string, room *[1]string) {
	vs := h["Vary"]
	if len(vs) == 0 || len(vs) == 1 && vs[0] == "" {
		if room == nil {
			room = new([1]string)
		}
		room[0] = name
		h["Vary"] = room[:1:1]
		return
	}
	current := strings.Join(vs, ", ")
	if current == "*" {
		return
	}
	found := false
	for f := range strings.SplitSeq(current, ",") {
		f = strings.TrimSpace(f)
		if f == "*" {
			h["Vary"] = []string{"*"}
			return
		}
		found = found || strings.EqualFold(f, name)
	}
	if !found {
		current += ", " + name
	}
	if len(vs) > 1 || current != vs[0] {
		h["Vary"] = []string{current}
	}
}

// declaredLength is the body length a response's Content-Length declares,
// read as the middleware reads it (JavaScript's Number): math.MaxInt,
// never below the threshold, when it is absent or not a number.
func declaredLength(h http.Header) int {
	cl, ok := h["Content-Length"]
	if !ok || len(cl) == 0 {
		return math.MaxInt
	}
	s := strings.TrimSpace(cl[0])
	if s == "" {
		return 0 // Number("") is 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return math.MaxInt
	}
	return n
}
