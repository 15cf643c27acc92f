// Package weburl does what the web platform's URL functions do where Go's
// net/url differs, for the next package and the server to answer as
// Next.js does: decodeURIComponent and encodeURIComponent, and the
// application/x-www-form-urlencoded parser behind URLSearchParams.
package weburl

import (
	"strings"
	"unicode/utf8"
)

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// DecodeURIComponent is JavaScript's decodeURIComponent: every %XX decoded,
// false (where JavaScript throws) for a malformed escape or bytes that are
// not UTF-8. Unlike url.PathUnescape, "+" stays "+".
func DecodeURIComponent(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		hi, ok1 := unhex(s[i+1])
		lo, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", false
		}
		b = append(b, hi<<4|lo)
		i += 2
	}
	if !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// percentDecodeLenient is the URL standard's percent-decode: a "%" not
// followed by two hex digits stays as it is.
func percentDecodeLenient(s string) []byte {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				b = append(b, hi<<4|lo)
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	return b
}

// toValidUTF8 is UTF-8 decode without BOM as the URL standard applies it:
// each invalid sequence becomes U+FFFD.
func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var out strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		out.WriteRune(r) // RuneError is U+FFFD
		b = b[n:]
	}
	return out.String()
}

// ParseQuery parses a query string (without "?") as URLSearchParams does:
// pairs split at "&" only (";" is data), empty pairs skipped, "+" a space,
// malformed escapes kept as written, bytes that are not UTF-8 replaced by
// U+FFFD. The pairs come in their order, repeats included.
func ParseQuery(q string) [][2]string {
	var out [][2]string
	for _, pair := range strings.Split(q, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		out = append(out, [2]string{decodeForm(name), decodeForm(value)})
	}
	return out
}

func decodeForm(s string) string {
	return toValidUTF8(percentDecodeLenient(strings.ReplaceAll(s, "+", " ")))
}

// EncodeURIComponent is JavaScript's encodeURIComponent: everything but
// A-Z a-z 0-9 - _ . ! ~ * ' ( ) percent-encoded as UTF-8. Bytes that are
// not UTF-8 (where JavaScript would throw on a lone surrogate) are encoded
// as U+FFFD.
func EncodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
