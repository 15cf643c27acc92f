package server

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"

	"github.com/devserver/devserver/internal/weburl"
	"github.com/devserver/devserver/next"
)

// proxyMatcher decides which requests the proxy runs for, as Next.js's
// config.matcher does. Without entries it runs for every request.
//
// Next compiles each source with path-to-regexp (pathtoregexp.go) into a
// JavaScript regular expression, and tests has/missing values with
// JavaScript regular expressions too; both run here on regexp2 in its
// ECMAScript mode, so that lookahead (/((?!api).*)) and the rest of
// JavaScript's syntax mean what they mean in Next.
type proxyMatcher struct {
	entries []matchEntry
}

type matchEntry struct {
	source       string
	re           *regexp2.Regexp
	has, missing []condition
}

type condition struct {
	kind, key string
	value     *regexp2.Regexp // nil: the value must be present and not empty
}

// matchTimeout bounds one regular-expression match. JavaScript's engine
// backtracks and so does regexp2: a pattern such as (a+)+ could take a
// request's time for ever. A match that runs out of time runs the proxy (see
// match), so that a slow path cannot slip past it. regexp2 measures time
// with a clock that ticks every 100 ms and may be a tick stale: a bound near
// that would time out ordinary matches on a busy machine.
const matchTimeout = time.Second

func compileJS(pattern string) (*regexp2.Regexp, error) {
	re, err := regexp2.Compile(pattern, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	re.MatchTimeout = matchTimeout
	return re, nil
}

// compileMatcher accepts the proxy package's Matcher as compiled or
// interpreted code gives it: a string, []string, next.Match or
// []next.Match; nil for none.
func compileMatcher(raw any) (*proxyMatcher, error) {
	matches, err := matchList(raw)
	if err != nil {
		return nil, err
	}
	m := &proxyMatcher{}
	for _, mt := range matches {
		e, err := compileEntry(mt)
		if err != nil {
			return nil, err
		}
		m.entries = append(m.entries, e)
	}
	return m, nil
}

// matchList is the proxy package's Matcher (see compileMatcher) as the
// list of entries it stands for.
func matchList(raw any) ([]next.Match, error) {
	var matches []next.Match
	switch v := raw.(type) {
	case nil:
		return nil, nil
	case string:
		matches = []next.Match{{Source: v}}
	case []string:
		for _, s := range v {
			matches = append(matches, next.Match{Source: s})
		}
	case next.Match:
		matches = []next.Match{v}
	case []next.Match:
		matches = v
	default:
		rv := reflect.ValueOf(raw)
		if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.String {
			for i := range rv.Len() {
				matches = append(matches, next.Match{Source: rv.Index(i).String()})
			}
			break
		}
		return nil, fmt.Errorf("proxy: Matcher is %T; it must be a string, []string, next.Match or []next.Match", raw)
	}
	return matches, nil
}

func compileEntry(mt next.Match) (matchEntry, error) {
	re, err := patternRegexp(mt.Source)
	if err != nil {
		return matchEntry{}, err
	}
	e := matchEntry{source: mt.Source, re: re}
	for _, list := range []struct {
		in  []next.Condition
		out *[]condition
	}{{mt.Has, &e.has}, {mt.Missing, &e.missing}} {
		for _, c := range list.in {
			cc, err := compileCondition(c)
			if err != nil {
				return matchEntry{}, fmt.Errorf("proxy: Matcher %q: %w", mt.Source, err)
			}
			*list.out = append(*list.out, cc)
		}
	}
	return e, nil
}

// compileCondition checks a condition as Next's config schema does: header,
// query and cookie name a Key; host has none and needs a Value.
func compileCondition(c next.Condition) (condition, error) {
	switch c.Type {
	case "header", "query", "cookie":
		if c.Key == "" {
			return condition{}, fmt.Errorf("a %s condition needs a Key", c.Type)
		}
	case "host":
		if c.Key != "" {
			return condition{}, fmt.Errorf("a host condition has no Key (its Value is the host name)")
		}
		if c.Value == "" {
			return condition{}, fmt.Errorf("a host condition needs a Value")
		}
	default:
		return condition{}, fmt.Errorf("condition type %q: it must be \"header\", \"query\", \"cookie\" or \"host\"", c.Type)
	}
	cc := condition{kind: c.Type, key: c.Key}
	if c.Value != "" {
		// Not wrapped in a group, as in Next: "a|b" is ^a|b$.
		re, err := compileJS("^" + c.Value + "$")
		if err != nil {
			return condition{}, fmt.Errorf("condition on %s %q: Value: %w", c.Type, c.Key, err)
		}
		cc.value = re
	}
	return cc, nil
}

// patternRegexp compiles a matcher source as Next.js does (path-to-regexp
// 6 syntax: /about/:path*, /users/:id(\d+), /:lang?/docs, /file.:ext,
// /(a|b)+, {s}?, /((?!api).*)), including the forms of the same page it
// also matches: /_next/data/<build>/... and the .json and .rsc suffixes;
// the root also matches /index.
func patternRegexp(src string) (*regexp2.Regexp, error) {
	pattern, err := nextSourceRegexp(src)
	if err != nil {
		return nil, fmt.Errorf("proxy: Matcher %q: %v", src, err)
	}
	re, err := compileJS(pattern)
	if err != nil {
		return nil, fmt.Errorf("proxy: Matcher %q: %v", src, err)
	}
	return re, nil
}

// match reports whether the proxy runs for r. As in Next, each entry is
// tried on the path as it came (percent-encoded) and then on its decoded
// form, so that neither /files/a%2Fb nor /caf%C3%A9 slips past a source
// written either way.
func (m *proxyMatcher) match(r *http.Request) bool {
	if m == nil || len(m.entries) == 0 {
		return true
	}
	raw := r.URL.EscapedPath()
	decoded, decErr := url.PathUnescape(raw)
	if decErr != nil || !utf8.ValidString(decoded) {
		decoded = "" // decodeURIComponent throws: only the raw path is tried
	}
	in := &condInput{r: r}
	for _, path := range []string{raw, decoded} {
		if path == "" {
			continue
		}
		for _, e := range m.entries {
			if e.matches(path, in) {
				return true
			}
		}
	}
	return false
}

// matches reports whether e selects a request with this path. A regular
// expression that runs out of time selects it.
func (e *matchEntry) matches(path string, in *condInput) bool {
	ok, err := e.re.MatchString(path)
	if err != nil {
		return true
	}
	if !ok {
		return false
	}
	for _, c := range e.has {
		if held, err := c.holds(in); err == nil && !held {
			return false
		}
	}
	for _, c := range e.missing {
		if held, err := c.holds(in); err == nil && held {
			return false
		}
	}
	return true
}

// condInput is what conditions read of a request, parsed once.
type condInput struct {
	r       *http.Request
	query   map[string][]string
	cookies map[string]string
}

func (c condition) holds(in *condInput) (bool, error) {
	values := c.values(in)
	if len(values) == 0 || values[0] == "" && len(values) == 1 {
		return false, nil // absent, or an empty string: false in JavaScript
	}
	if c.value == nil {
		return true, nil
	}
	// A repeated query parameter is tested by its last value.
	return c.value.MatchString(values[len(values)-1])
}

// values returns the value the condition tests as Next sees it: a header
// as Node joins its repeats, every value of a query parameter, a cookie as
// Next's cookie parser decodes it, the host name without its port.
func (c condition) values(in *condInput) []string {
	r := in.r
	switch c.kind {
	case "header":
		if v, ok := nodeHeader(r, c.key); ok {
			return []string{v}
		}
	case "query":
		if in.query == nil {
			in.query = map[string][]string{}
			for _, kv := range weburl.ParseQuery(r.URL.RawQuery) {
				in.query[kv[0]] = append(in.query[kv[0]], kv[1])
			}
		}
		return in.query[c.key]
	case "cookie":
		if in.cookies == nil {
			in.cookies = parseCookieHeader(nodeHeaderValue(r, "cookie"))
		}
		if v, ok := in.cookies[c.key]; ok {
			return []string{v}
		}
	case "host":
		if r.Host != "" {
			host, _, _ := strings.Cut(r.Host, ":")
			return []string{strings.ToLower(host)}
		}
	}
	return nil
}

// nodeSingleHeaders are the headers Node's HTTP server keeps the first of
// when a request repeats them.
var nodeSingleHeaders = map[string]bool{
	"age": true, "authorization": true, "content-length": true, "content-type": true, "etag": true,
	"expires": true, "from": true, "host": true, "if-modified-since": true, "if-unmodified-since": true,
	"last-modified": true, "location": true, "max-forwards": true, "proxy-authorization": true,
	"referer": true, "retry-after": true, "server": true, "user-agent": true,
}

// nodeHeader returns header name as Node's req.headers holds it: the first
// of a header that may not repeat, the cookies joined with "; ", any other
// repeats joined with ", ".
func nodeHeader(r *http.Request, name string) (string, bool) {
	name = strings.ToLower(name)
	if name == "host" {
		return r.Host, r.Host != ""
	}
	vs := r.Header.Values(name)
	if len(vs) == 0 {
		return "", false
	}
	switch {
	case nodeSingleHeaders[name]:
		return vs[0], true
	case name == "cookie":
		return strings.Join(vs, "; "), true
	}
	return strings.Join(vs, ", "), true
}

func nodeHeaderValue(r *http.Request, name string) string {
	v, _ := nodeHeader(r, name)
	return v
}

// parseCookieHeader is the cookie package's parse, which Next's matcher
// uses: pairs split at ";" and spaces, names and values trimmed, a value's
// double quotes dropped, the value percent-decoded when it decodes, the
// first of a repeated name kept, a pair without "=" skipped.
func parseCookieHeader(h string) map[string]string {
	out := map[string]string{}
	for _, pair := range splitCookiePairs(h) {
		name, value, ok := strings.Cut(pair, "=")
		if !ok {
			continue
		}
		name, value = trimJS(name), trimJS(value)
		if strings.HasPrefix(value, `"`) {
			value = jsSlice(value, 1, -1)
		}
		if _, seen := out[name]; seen {
			continue
		}
		if strings.Contains(value, "%") {
			if d, ok := weburl.DecodeURIComponent(value); ok {
				value = d
			}
		}
		out[name] = value
	}
	return out
}

// splitCookiePairs splits a Cookie header as JavaScript's split(/; */) does.
func splitCookiePairs(h string) []string {
	var out []string
	for {
		i := strings.IndexByte(h, ';')
		if i < 0 {
			return append(out, h)
		}
		out = append(out, h[:i])
		h = strings.TrimLeft(h[i+1:], " ")
	}
}

// trimJS trims what JavaScript's String.prototype.trim does in ASCII, and
// the Unicode spaces it also trims.
func trimJS(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\v', '\f', '\r', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
			return true
		}
		return 0x2000 <= r && r <= 0x200a
	})
}

// jsSlice is s.slice(start, end) for ASCII bounds: a negative end counts
// from the end; an empty result when they cross.
func jsSlice(s string, start, end int) string {
	if end < 0 {
		end += len(s)
	}
	if end < start {
		return ""
	}
	return s[start:end]
}
