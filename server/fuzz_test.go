package server

// Fuzz targets for the decoding of paths for public/ (the proxy matcher's
// are in proxymatch_fuzz_test.go). Each checks its invariants against code written independently
// of the implementation. Seed corpora are the f.Add calls below and the
// files in testdata/fuzz/<FuzzName>/. Run one with
//
//	go test -run '^$' -fuzz '^FuzzStaticName$' -fuzztime 10s ./server/
//
// See docs/reliability.md, "Fuzzing". The route table's fuzz targets are in
// the approuter package.

import (
	"io/fs"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/devserver/devserver/internal/pathfuzz"
)

// fzSep separates the segments of a fuzzed list of raw path segments. It
// is the ASCII unit separator, which no seed uses inside a segment.
const fzSep = "\x1f"

// FuzzStaticName checks the decoding of paths for public/: a name it
// accepts is a valid fs.FS path (when valid UTF-8) without '\\' or NUL, its pieces the
// decoded pieces of the URL; and escaping plain file names gives them back.
func FuzzStaticName(f *testing.F) {
	for _, tc := range []struct{ path, segs string }{
		{"/robots.txt", "robots.txt"},
		{"/img/a%20b.png", "img" + fzSep + "a b.png"},
		{"/..", ".."},
		{"/%2e%2e/etc/passwd", "%2e%2e" + fzSep + "etc"},
		{"/a/..%2F..%2Fsecret", "a" + fzSep + "..%2F"},
		{"/a%5C..%5Cb", "a\\b"},
		{"/a%00b", "a\x00b"},
		{"/", ""},
		{"//x", "x"},
		{"/x/", "x"},
		{"/%zz", "100%"},
		{"/caf%C3%A9", "café"},
		{"/%ff", "\xff"},
	} {
		f.Add(tc.path, tc.segs)
	}
	f.Fuzz(func(t *testing.T, path, rawSegs string) {
		name, ok := staticName(path)
		if ok {
			// fs.ValidPath also wants valid UTF-8, which staticName does
			// not check: such a name is in no public/ map built through
			// io/fs, and Open refuses it, so it is never served.
			if !fs.ValidPath(name) && utf8.ValidString(name) || strings.ContainsAny(name, "\\\x00") {
				t.Fatalf("staticName(%q) = %q, not a plain fs.FS path", path, name)
			}
			pieces := strings.Split(strings.TrimPrefix(path, "/"), "/")
			parts := strings.Split(name, "/")
			if len(pieces) != len(parts) {
				t.Fatalf("staticName(%q) = %q: %d parts for %d pieces", path, name, len(parts), len(pieces))
			}
			for i, p := range pieces {
				if d, _ := url.PathUnescape(p); d != parts[i] {
					t.Fatalf("staticName(%q) = %q: part %q, the piece decodes to %q", path, name, parts[i], d)
				}
			}
		} else if name != "" {
			t.Fatalf("staticName(%q) = %q, false", path, name)
		}

		segs := strings.Split(rawSegs, fzSep)
		plain := true
		for _, s := range segs {
			plain = plain && s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\\\x00")
		}
		for _, enc := range pathfuzz.Encoders {
			p := pathfuzz.EncodePath(segs, enc)
			name, ok := staticName(p)
			if ok != plain || ok && name != strings.Join(segs, "/") {
				t.Fatalf("staticName(%q) = %q, %v for the segments %q", p, name, ok, segs)
			}
		}
	})
}
