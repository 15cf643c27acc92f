// Package pathfuzz holds what the fuzz targets of URL path decoding share
// (approuter's matcher, server's public/ names): the ways a client may
// escape a path segment, and a path built from segments.
package pathfuzz

import (
	"fmt"
	"net/url"
	"strings"
)

// Encoders are ways a client may escape a decoded segment; a decoder must
// give all of them back as the same segment.
var Encoders = map[string]func(string) string{
	"PathEscape": url.PathEscape,
	"all upper":  func(s string) string { return escapeAll(s, "%%%02X") },
	"all lower":  func(s string) string { return escapeAll(s, "%%%02x") },
	// Only what must be escaped for the segment to stay one segment and
	// decode to itself; everything else, '+', '\\', NUL and raw UTF-8
	// included, is sent as is.
	"minimal": func(s string) string {
		return strings.NewReplacer("%", "%25", "/", "%2F").Replace(s)
	},
}

// escapeAll escapes every byte of s with format.
func escapeAll(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

// EncodePath returns the path of segs, each escaped by enc ("/" for none).
func EncodePath(segs []string, enc func(string) string) string {
	if len(segs) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(enc(s))
	}
	return b.String()
}
