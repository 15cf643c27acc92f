package weburl

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/net/idna"
)

// defaultPorts are the special schemes of the URL standard and their
// default ports ("" for file, which has none).
var defaultPorts = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21", "file": ""}

// ErrNotAbsolute is returned by Serialize for a string that is not an
// absolute URL (new URL(s) throws in JavaScript).
var ErrNotAbsolute = errors.New("not an absolute URL")

// Percent-encode sets of the URL standard, beyond C0 controls and non-ASCII.
const (
	fragmentSet     = " \"<>`"
	querySet        = " \"#<>"
	specialQuerySet = querySet + "'"
	pathSet         = querySet + "?`{}"
	userinfoSet     = pathSet + "/:;=@[\\]^|"
)

// encodeSet percent-encodes the bytes of s that are controls, non-ASCII or
// in set; existing percent signs are kept as they are.
func encodeSet(s, set string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || strings.IndexByte(set, c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Serialize parses s as new URL(s) does in JavaScript and returns its href,
// the form a browser would send: scheme and host lower-cased, the host in
// ASCII (IDNA), a default port dropped, dot segments resolved, backslashes
// read as slashes, and what may not appear raw percent-encoded. A relative
// reference, or what no URL parser accepts, is ErrNotAbsolute.
func Serialize(s string) (string, error) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !validScheme(s[:colon]) {
		return "", ErrNotAbsolute
	}
	scheme, rest := strings.ToLower(s[:colon]), s[colon+1:]
	if _, special := defaultPorts[scheme]; !special {
		return scheme + ":" + encodeSet(rest, ""), nil
	}
	rest = strings.TrimLeft(rest, `/\`)
	end := strings.IndexAny(rest, `/\?#`)
	if end < 0 {
		end = len(rest)
	}
	authority, rest := rest[:end], rest[end:]
	userinfo := ""
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		userinfo, authority = authority[:at], authority[at+1:]
	}
	host, err := serializeHost(scheme, authority)
	if err != nil {
		return "", err
	}
	if userinfo != "" {
		user, pass, hasPass := strings.Cut(userinfo, ":")
		userinfo = encodeSet(user, userinfoSet)
		if hasPass && pass != "" {
			userinfo += ":" + encodeSet(pass, userinfoSet)
		}
		if userinfo != "" {
			userinfo += "@"
		}
	}
	path, query, fragment, hasQuery, hasFragment := splitRest(rest)
	out := scheme + "://" + userinfo + host + SerializePath(path)
	if hasQuery {
		out += "?" + encodeSet(query, specialQuerySet)
	}
	if hasFragment {
		out += "#" + encodeSet(fragment, fragmentSet)
	}
	return out, nil
}

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		alpha := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !alpha && (i == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

func splitRest(rest string) (path, query, fragment string, hasQuery, hasFragment bool) {
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest, fragment, hasFragment = rest[:i], rest[i+1:], true
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest, query, hasQuery = rest[:i], rest[i+1:], true
	}
	return rest, query, fragment, hasQuery, hasFragment
}

var hostProfile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false), idna.StrictDomainName(false))

// serializeHost parses host[:port] of a special URL.
func serializeHost(scheme, authority string) (string, error) {
	host, port := authority, ""
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 {
			return "", ErrNotAbsolute
		}
		addr, err := netip.ParseAddr(authority[1:end])
		if err != nil || !addr.Is6() {
			return "", ErrNotAbsolute
		}
		host, port = "["+addr.String()+"]", authority[end+1:]
		if port != "" && port[0] != ':' {
			return "", ErrNotAbsolute
		}
		port = strings.TrimPrefix(port, ":")
	} else if i := strings.LastIndexByte(authority, ':'); i >= 0 {
		host, port = authority[:i], authority[i+1:]
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 0 || n > 65535 || strings.TrimLeft(port, "0123456789") != "" {
			return "", ErrNotAbsolute
		}
		port = strconv.Itoa(n)
		if port == defaultPorts[scheme] {
			port = ""
		}
	}
	if !strings.HasPrefix(host, "[") {
		decoded, ok := DecodeURIComponent(host)
		if !ok {
			return "", ErrNotAbsolute
		}
		ascii, err := hostProfile.ToASCII(decoded)
		if err != nil || ascii == "" || strings.ContainsAny(ascii, " #%/:<>?@[\\]^|") {
			return "", ErrNotAbsolute
		}
		host = strings.ToLower(ascii)
	}
	if port != "" {
		host += ":" + port
	}
	return host, nil
}

// isDot and isDotDot recognise dot segments, percent-encoded ones included.
func isDot(seg string) bool { return seg == "." || strings.EqualFold(seg, "%2e") }

func isDotDot(seg string) bool {
	switch strings.ToLower(seg) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

// SerializePath is the path of a special URL as the URL standard leaves it:
// backslashes read as slashes, dot segments (also percent-encoded ones)
// resolved, controls, spaces, non-ASCII and " # < > ? ` { } percent-encoded,
// existing escapes kept. The result starts with "/".
func SerializePath(p string) string {
	if serializedPath(p) {
		return p
	}
	return serializePath(p)
}

// serializePath is SerializePath, worked out.
func serializePath(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	p = strings.TrimPrefix(p, "/")
	var out []string
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		last := i == len(segs)-1
		switch {
		case isDotDot(seg):
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		case isDot(seg):
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, encodeSet(seg, pathSet))
		}
	}
	return "/" + strings.Join(out, "/")
}

// serializedPath reports whether SerializePath would return p unchanged,
// as it does for nearly every path a client sends: p starts with "/" and
// has no backslash, no byte to percent-encode and no segment that starts
// like a dot segment ("." or "%2e"). Checking is cheaper than rebuilding.
func serializedPath(p string) bool {
	if !strings.HasPrefix(p, "/") {
		return false
	}
	for i := 1; i < len(p); i++ {
		c := p[i]
		if c < 0x20 || c > 0x7e || c == '\\' || strings.IndexByte(pathSet, c) >= 0 {
			return false
		}
		if p[i-1] == '/' && (c == '.' || i+3 <= len(p) && strings.EqualFold(p[i:i+3], "%2e")) {
			return false
		}
	}
	return true
}

// SerializeQuery is a special URL's query as the URL standard leaves it.
func SerializeQuery(q string) string { return encodeSet(q, specialQuerySet) }

// Origin is the origin Next.js's NextURL gives a request to host (a Host
// header) over scheme: the host lower-cased, its default port dropped, and
// a loopback name (127.x.x.x, [::1], localhost) written localhost. A host
// that is no URL host at all is kept as it is.
//
// The last answer is remembered: a server sees the same Host on request
// after request, and parsing it (IDNA included) costs more than the rest
// of making a request's URL.
func Origin(scheme, host string) string {
	if m := lastOrigin.Load(); m != nil && m.scheme == scheme && m.host == host {
		return m.origin
	}
	o := origin(scheme, host)
	lastOrigin.Store(&originMemo{scheme: scheme, host: host, origin: o})
	return o
}

// originMemo is Origin's last answer.
type originMemo struct{ scheme, host, origin string }

var lastOrigin atomic.Pointer[originMemo]

// origin is Origin, worked out.
func origin(scheme, host string) string {
	s, err := Serialize(scheme + "://" + host + "/")
	if err != nil {
		return scheme + "://" + host
	}
	hostport := strings.TrimSuffix(strings.TrimPrefix(s, scheme+"://"), "/")
	name, port := hostport, ""
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.HasSuffix(hostport, "]") {
		name, port = hostport[:i], hostport[i:]
	}
	if isLoopbackName(name) {
		name = "localhost"
	}
	return scheme + "://" + name + port
}

// isLoopbackName is NextURL's REGEX_LOCALHOST_HOSTNAME.
func isLoopbackName(name string) bool {
	if name == "localhost" || name == "[::1]" {
		return true
	}
	parts := strings.Split(name, ".")
	if len(parts) != 4 || parts[0] != "127" {
		return false
	}
	for _, p := range parts[1:] {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 255 || len(p) > 3 {
			return false
		}
	}
	return true
}
