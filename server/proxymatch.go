package server

import (
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"

	"github.com/devserver/devserver/next"
)

// proxyMatcher decides which requests the proxy runs for (Next.js's
// config.matcher). Without entries it runs for every request.
type proxyMatcher struct {
	entries []matchEntry
}

type matchEntry struct {
	source       string
	re           *regexp.Regexp
	has, missing []condition
}

type condition struct {
	kind, key string
	value     *regexp.Regexp // nil: the key must be present
}

// compileMatcher accepts the proxy package's Matcher as compiled or
// interpreted code gives it: a string, []string, next.Match or
// []next.Match; nil for none.
func compileMatcher(raw any) (*proxyMatcher, error) {
	m := &proxyMatcher{}
	var matches []next.Match
	switch v := raw.(type) {
	case nil:
		return m, nil
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
	for _, mt := range matches {
		re, err := patternRegexp(mt.Source)
		if err != nil {
			return nil, err
		}
		e := matchEntry{source: mt.Source, re: re}
		for _, list := range []struct {
			in  []next.Condition
			out *[]condition
		}{{mt.Has, &e.has}, {mt.Missing, &e.missing}} {
			for _, c := range list.in {
				cc, err := compileCondition(c)
				if err != nil {
					return nil, fmt.Errorf("proxy: Matcher %q: %w", mt.Source, err)
				}
				*list.out = append(*list.out, cc)
			}
		}
		m.entries = append(m.entries, e)
	}
	return m, nil
}

func compileCondition(c next.Condition) (condition, error) {
	switch c.Type {
	case "header", "query", "cookie":
	default:
		return condition{}, fmt.Errorf("condition type %q: it must be \"header\", \"query\" or \"cookie\"", c.Type)
	}
	if c.Key == "" {
		return condition{}, fmt.Errorf("a %s condition needs a Key", c.Type)
	}
	cc := condition{kind: c.Type, key: c.Key}
	if c.Value != "" {
		re, err := regexp.Compile("^(?:" + c.Value + ")$")
		if err != nil {
			return condition{}, fmt.Errorf("condition on %s %q: Value: %w", c.Type, c.Key, err)
		}
		cc.value = re
	}
	return cc, nil
}

// patternRegexp compiles a Next.js path pattern (path-to-regexp syntax):
// /about/:path*, /users/:id, /:lang?/docs, /files/:rest+, /(api|static)/(.*).
func patternRegexp(src string) (*regexp.Regexp, error) {
	if !strings.HasPrefix(src, "/") {
		return nil, fmt.Errorf("proxy: Matcher %q must start with /", src)
	}
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == ':':
			// A named parameter with its leading slash, so that modifiers
			// can make the whole segment optional.
			j := i + 2
			for j < len(src) && (isWordByte(src[j])) {
				j++
			}
			if j == i+2 {
				return nil, fmt.Errorf("proxy: Matcher %q: a parameter needs a name after ':' at %d", src, i+1)
			}
			seg := "[^/]+"
			if j < len(src) && src[j] == '(' {
				end, err := groupEnd(src, j)
				if err != nil {
					return nil, err
				}
				seg = src[j+1 : end]
				j = end + 1
			}
			mod := byte(0)
			if j < len(src) && (src[j] == '*' || src[j] == '+' || src[j] == '?') {
				mod = src[j]
				j++
			}
			switch mod {
			case 0:
				fmt.Fprintf(&b, "/(%s)", seg)
			case '?':
				fmt.Fprintf(&b, "(?:/(%s))?", seg)
			case '+':
				fmt.Fprintf(&b, "/(%s(?:/%s)*)", seg, seg)
			case '*':
				fmt.Fprintf(&b, "(?:/(%s(?:/%s)*))?", seg, seg)
			}
			i = j
		case c == '(':
			end, err := groupEnd(src, i)
			if err != nil {
				return nil, err
			}
			b.WriteString(src[i : end+1])
			i = end + 1
		default:
			// src[i:i+1], not string(c): that would be the rune c, and
			// turn each byte of a UTF-8 sequence into a character of its own.
			b.WriteString(regexp.QuoteMeta(src[i : i+1]))
			i++
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		msg := err.Error()
		if strings.Contains(src, "(?!") || strings.Contains(src, "(?=") || strings.Contains(src, "(?<") {
			msg = "Go's regexp has no lookahead or lookbehind; list the paths, or use Missing conditions"
		}
		return nil, fmt.Errorf("proxy: Matcher %q: %s", src, msg)
	}
	return re, nil
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// groupEnd returns the index of the ')' closing the group opened at i.
func groupEnd(src string, i int) (int, error) {
	depth := 0
	for j := i; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j, nil
			}
		}
	}
	return 0, fmt.Errorf("proxy: Matcher %q: unbalanced '('", src)
}

// match reports whether the proxy runs for r, whose path is path.
func (m *proxyMatcher) match(r *http.Request, path string) bool {
	if m == nil || len(m.entries) == 0 {
		return true
	}
	for _, e := range m.entries {
		if !e.re.MatchString(path) {
			continue
		}
		ok := true
		for _, c := range e.has {
			ok = ok && c.holds(r)
		}
		for _, c := range e.missing {
			ok = ok && !c.holds(r)
		}
		if ok {
			return true
		}
	}
	return false
}

func (c condition) holds(r *http.Request) bool {
	var v string
	var present bool
	switch c.kind {
	case "header":
		vs := r.Header.Values(c.key)
		present = len(vs) > 0
		if present {
			v = vs[0]
		}
	case "query":
		q := r.URL.Query()
		present = q.Has(c.key)
		v = q.Get(c.key)
	case "cookie":
		ck, err := r.Cookie(c.key)
		present = err == nil
		if present {
			v = ck.Value
		}
	}
	return present && (c.value == nil || c.value.MatchString(v))
}
