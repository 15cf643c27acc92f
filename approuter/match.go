// This file matches request paths against a Table.
//
// The reference semantics are Next.js's: try the routes in precedence order
// (Table.Routes) and take the first whose pattern matches. The tree gives the
// same answer without trying every route: at each node it tries the level
// itself, then the one static child named like the segment, then the [param],
// [...rest] and [[...optional]] children, backtracking when a subtree fails,
// as net/http's routingNode.matchPath does. Because each subtree's routes
// are contiguous in precedence order, the first route the tree finds is the
// first route of the list that matches.

package approuter

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"
)

// ErrBadPath is wrapped by the errors Match returns for a path that cannot
// be decoded; the caller should answer 400.
var ErrBadPath = errors.New("bad request path")

// Match finds the route for escapedPath, the path as the client sent it
// (r.URL.EscapedPath()): starting with "/", without a trailing slash except
// for the root "/". Each segment is decoded on its own, so "%2F" stays
// inside a param value. It returns the route and its params, a nil map when
// the route has no params or its optional catch-all matched nothing. A
// route with Err set is returned like any other: its URLs are its own, and
// the caller answers them with the error. No match gives (nil, nil, nil);
// a bad escape or invalid UTF-8 gives an error wrapping ErrBadPath.
func (t *Table) Match(escapedPath string) (r *Route, params map[string][]string, err error) {
	if escapedPath == "" || escapedPath[0] != '/' {
		return nil, nil, fmt.Errorf("%w: %q does not start with \"/\"", ErrBadPath, escapedPath)
	}
	// Decoding all segments up front, into an array on the stack for the
	// usual depths, keeps backtracking from decoding twice and a static
	// match free of allocations.
	var buf [16]string
	segs := buf[:0]
	empty := false
	if escapedPath != "/" {
		rest := escapedPath[1:]
		for {
			raw, tail, more := strings.Cut(rest, "/")
			seg, err := decodeSegment(raw)
			if err != nil {
				return nil, nil, err
			}
			empty = empty || seg == ""
			segs = append(segs, seg)
			if !more {
				break
			}
			rest = tail
		}
	}
	// An empty segment ("//", or a trailing slash the caller should have
	// redirected) binds no param, and no static name is empty, so nothing
	// can match. Decoding first still reports bad escapes as such.
	if empty {
		return nil, nil, nil
	}
	r = t.root.match(segs)
	if r == nil {
		return nil, nil, nil
	}
	return r, bind(r.Segments, segs), nil
}

// CleanPath returns the canonical form of an escaped request path, the form
// Match expects: dot and empty segments resolved, no trailing slash (except
// for "/"). A server redirects a request whose path this changes, as
// net/http's ServeMux does and as Next.js does for a trailing slash.
func CleanPath(p string) string {
	c := path.Clean(p)
	if c == "." {
		return "/"
	}
	return c
}

// decodeSegment unescapes one raw path segment. Go's url.PathUnescape
// accepts escapes of invalid UTF-8 where Next's decodeURIComponent throws;
// rejecting them here spares every handler from checking.
func decodeSegment(raw string) (string, error) {
	s := raw
	if strings.IndexByte(raw, '%') >= 0 {
		var err error
		if s, err = url.PathUnescape(raw); err != nil {
			return "", fmt.Errorf("%w: %v", ErrBadPath, err)
		}
	}
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%w: segment %q is not valid UTF-8 once decoded", ErrBadPath, raw)
	}
	return s, nil
}

// match returns the first route, in precedence order, of the subtree at n
// whose remaining segments match segs. No element of segs is empty.
func (n *node) match(segs []string) *Route {
	if len(segs) == 0 {
		if len(n.routes) > 0 {
			return n.routes[0]
		}
	} else {
		// Only the static child named like the segment can match, so one
		// map lookup stands for trying every static child in order.
		if c := n.static[segs[0]]; c != nil {
			if r := c.match(segs[1:]); r != nil {
				return r
			}
		}
		for _, c := range n.params {
			if r := c.match(segs[1:]); r != nil {
				return r
			}
		}
	}
	for _, c := range n.rests {
		if r := c.matchRest(segs, 1); r != nil {
			return r
		}
	}
	for _, c := range n.optRests {
		if r := c.matchRest(segs, 0); r != nil {
			return r
		}
	}
	return nil
}

// matchRest matches segs against the catch-all node c, which takes at least
// min of them.
func (c *node) matchRest(segs []string, min int) *Route {
	if len(segs) < min {
		return nil
	}
	if !c.hasChildren() {
		// The normal case: the catch-all is last and takes everything.
		if len(c.routes) > 0 {
			return c.routes[0]
		}
		return nil
	}
	// Segments after a catch-all only exist in a table with errors. How many
	// segments the catch-all takes then depends on the route, so try the
	// routes one by one like Next's regular expressions would.
	for _, r := range c.sub {
		if segmentsMatch(r.Segments[c.depth-1:], segs) {
			return r
		}
	}
	return nil
}

// segmentsMatch reports whether pat matches segs, none of which is empty,
// trying every split for catch-alls that are not last.
func segmentsMatch(pat []Segment, segs []string) bool {
	for i, p := range pat {
		switch p.Kind {
		case Static:
			if len(segs) == 0 || segs[0] != p.Name {
				return false
			}
			segs = segs[1:]
		case Dynamic:
			if len(segs) == 0 {
				return false
			}
			segs = segs[1:]
		default:
			for k := minTake(p.Kind); k <= len(segs); k++ {
				if segmentsMatch(pat[i+1:], segs[k:]) {
					return true
				}
			}
			return false
		}
	}
	return len(segs) == 0
}

// minTake is how many segments a catch-all of kind k takes at least.
func minTake(k SegmentKind) int {
	if k == CatchAll {
		return 1
	}
	return 0
}

// bind returns the params of pat, which matches segs. It allocates the map
// and one array shared by all values; each value's capacity is clipped so
// that appending to one cannot overwrite another.
func bind(pat []Segment, segs []string) map[string][]string {
	n := 0
	for _, p := range pat {
		if p.Kind != Static {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	var params map[string][]string
	var values []string
	put := func(name string, v []string) {
		if params == nil {
			params = make(map[string][]string, n)
			values = make([]string, 0, len(segs))
		}
		start := len(values)
		values = append(values, v...)
		params[name] = values[start:len(values):len(values)]
	}
	for i, p := range pat {
		switch p.Kind {
		case Static:
			segs = segs[1:]
		case Dynamic:
			put(p.Name, segs[:1])
			segs = segs[1:]
		default:
			k := len(segs)
			if i < len(pat)-1 {
				// Not last (a route with an error): take as few as
				// possible, like Next's lazy regular expression.
				for k = minTake(p.Kind); k < len(segs); k++ {
					if segmentsMatch(pat[i+1:], segs[k:]) {
						break
					}
				}
			}
			if k > 0 {
				put(p.Name, segs[:k])
			}
			segs = segs[k:]
		}
	}
	return params
}
