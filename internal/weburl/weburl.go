// Package weburl does what the web platform's URL functions do where Go's
// net/url differs, for the next package and the server to answer as
// Next.js does: decodeURIComponent and encodeURIComponent, and the
// application/x-www-form-urlencoded parser behind URLSearchParams.
package weburl

import (
	"iter"
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

// toValidUTF8 is the Encoding standard's UTF-8 decode without BOM, as the
// URL standard applies it: each maximal invalid subpart (E0 A4 before a
// byte that cannot continue it, say) becomes one U+FFFD.
func toValidUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var out strings.Builder
	var cp rune
	needed, seen := 0, 0
	lower, upper := byte(0x80), byte(0xBF)
	for i := 0; i < len(b); i++ {
		c := b[i]
		if needed == 0 {
			switch {
			case c <= 0x7F:
				out.WriteByte(c)
			case 0xC2 <= c && c <= 0xDF:
				needed, cp = 1, rune(c&0x1F)
			case 0xE0 <= c && c <= 0xEF:
				if c == 0xE0 {
					lower = 0xA0
				} else if c == 0xED {
					upper = 0x9F
				}
				needed, cp = 2, rune(c&0xF)
			case 0xF0 <= c && c <= 0xF4:
				if c == 0xF0 {
					lower = 0x90
				} else if c == 0xF4 {
					upper = 0x8F
				}
				needed, cp = 3, rune(c&0x7)
			default:
				out.WriteRune(utf8.RuneError)
			}
			continue
		}
		if c < lower || c > upper {
			needed, seen, cp, lower, upper = 0, 0, 0, 0x80, 0xBF
			out.WriteRune(utf8.RuneError)
			i-- // the byte starts afresh
			continue
		}
		lower, upper = 0x80, 0xBF
		cp = cp<<6 | rune(c&0x3F)
		if seen++; seen == needed {
			out.WriteRune(cp)
			needed, seen, cp = 0, 0, 0
		}
	}
	if needed != 0 {
		out.WriteRune(utf8.RuneError)
	}
	return out.String()
}

// ParseQuery parses a query string (without "?") as URLSearchParams does:
// pairs split at "&" only (";" is data), empty pairs skipped, "+" a space,
// malformed escapes kept as written, bytes that are not UTF-8 replaced by
// U+FFFD. The pairs come in their order, repeats included.
func ParseQuery(q string) [][2]string {
	var out [][2]string
	for name, value := range QueryPairs(q) {
		out = append(out, [2]string{name, value})
	}
	return out
}

// QueryPairs yields the name-value pairs of ParseQuery(q), in order,
// without making the list of them.
func QueryPairs(q string) iter.Seq2[string, string] {
	return func(yield func(name, value string) bool) {
		for pair := range strings.SplitSeq(q, "&") {
			if pair == "" {
				continue
			}
			name, value, _ := strings.Cut(pair, "=")
			if !yield(decodeForm(name), decodeForm(value)) {
				return
			}
		}
	}
}

func decodeForm(s string) string {
	if !strings.ContainsAny(s, "+%") && utf8.ValidString(s) {
		return s // nothing to decode: no copy
	}
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

// FormEncoded reports whether FormEncode(ParseQuery(q)) is q itself, as
// it is for most queries clients send (id=7&sort=name): every pair has
// one "=" and otherwise only bytes FormEncode keeps as they are. Checking
// is cheaper than decoding and encoding again.
func FormEncoded(q string) bool {
	for pair := range strings.SplitSeq(q, "&") {
		if strings.Count(pair, "=") != 1 {
			return false // also an empty pair, which ParseQuery skips
		}
		for i := 0; i < len(pair); i++ {
			if c := pair[i]; c != '=' && !formSafe(c) {
				return false
			}
		}
	}
	return true
}

// formSafe reports whether FormEncode writes c as it is.
func formSafe(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("*-._", c) >= 0
}

// FormEncode serializes name-value pairs as URLSearchParams.toString does
// (application/x-www-form-urlencoded): space as "+", A-Z a-z 0-9 * - . _
// as they are, every other byte of the UTF-8 percent-encoded.
func FormEncode(pairs [][2]string) string {
	const hex = "0123456789ABCDEF"
	enc := func(b *strings.Builder, s string) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == ' ':
				b.WriteByte('+')
			case formSafe(c):
				b.WriteByte(c)
			default:
				b.WriteByte('%')
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&15])
			}
		}
	}
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		enc(&b, p[0])
		b.WriteByte('=')
		enc(&b, p[1])
	}
	return b.String()
}
