// This file turns the files of an App Router app directory into a routing
// table: it parses each file path into a URL pattern once, arranges the
// patterns in a tree in Next.js precedence order, and finds the conflicts
// Next.js reports as build errors.
//
// Next.js stops the whole build on the first such error and then answers 500
// everywhere. Here a conflict only poisons the routes involved: they stay in
// the table with Route.Err set, so their URLs answer 500 with a message
// naming the files, while every other route keeps serving.

package approuter

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Kind tells a route handler file from a page file.
type Kind int

const (
	// KindRoute is a Route Handler, defined by a route.go file.
	KindRoute Kind = iota
	// KindPage is a page, defined by a page.html or page.go file.
	KindPage
)

// String returns "route" or "page", the words Next.js uses in its messages.
func (k Kind) String() string {
	switch k {
	case KindRoute:
		return "route"
	case KindPage:
		return "page"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// SegmentKind says how a pattern segment matches URL segments.
type SegmentKind int

const (
	// Static matches one URL segment equal to its name, after decoding.
	Static SegmentKind = iota
	// Dynamic ([id]) matches exactly one non-empty URL segment.
	Dynamic
	// CatchAll ([...slug]) matches one or more URL segments.
	CatchAll
	// OptionalCatchAll ([[...slug]]) matches zero or more URL segments.
	OptionalCatchAll
)

// String returns the name of the constant, for test output and debugging.
func (k SegmentKind) String() string {
	switch k {
	case Static:
		return "Static"
	case Dynamic:
		return "Dynamic"
	case CatchAll:
		return "CatchAll"
	case OptionalCatchAll:
		return "OptionalCatchAll"
	}
	return "SegmentKind(" + strconv.Itoa(int(k)) + ")"
}

// Segment is one URL segment of a pattern.
type Segment struct {
	Kind SegmentKind
	// Name is the literal text for Static (already unescaped: the folder
	// %5Fx gives "_x"), the param name otherwise.
	Name string
}

// String returns the segment as it is spelled in a folder name: "users",
// "[id]", "[...slug]" or "[[...slug]]".
func (s Segment) String() string {
	switch s.Kind {
	case Dynamic:
		return "[" + s.Name + "]"
	case CatchAll:
		return "[..." + s.Name + "]"
	case OptionalCatchAll:
		return "[[..." + s.Name + "]]"
	}
	return s.Name
}

// Route is one URL pattern defined by one file.
type Route struct {
	// Pattern is the URL pattern with groups and slots removed, for example
	// "/users/[id]", "/docs/[...slug]" or "/".
	Pattern string
	// File is the path as given to NewTable, for example
	// "(admin)/users/[id]/route.go".
	File string
	// Kind tells a route handler from a page.
	Kind Kind
	// Segments is Pattern parsed; empty for the root.
	Segments []Segment
	// Err is non-nil when this route takes part in a conflict or its path is
	// invalid; its URLs should then answer 500 with this message. It is a
	// *ConflictError, or several joined with errors.Join.
	Err error
}

// ConflictError explains why a route cannot be served: either it conflicts
// with other files (as in Next.js's build errors), or its own path is
// invalid (then Files holds that file alone).
type ConflictError struct {
	// Reason says what is wrong, without the file names.
	Reason string
	// Files are the paths as given to NewTable, the route carrying the
	// error first, then the files it conflicts with.
	Files []string
}

// Error names the reason and every file, each prefixed with "app/" so it
// reads as a path in the project.
func (e *ConflictError) Error() string {
	var b strings.Builder
	if len(e.Files) > 1 {
		b.WriteString("conflicting routes: ")
	} else {
		b.WriteString("invalid route: ")
	}
	b.WriteString(e.Reason)
	b.WriteString(": ")
	for i, f := range e.Files {
		if i > 0 {
			if i == len(e.Files)-1 {
				b.WriteString(" and ")
			} else {
				b.WriteString(", ")
			}
		}
		b.WriteString("app/")
		b.WriteString(f)
	}
	return b.String()
}

// Table is a routing table built from the files of an app directory. It is
// immutable once built, so Match is safe for concurrent use.
type Table struct {
	root   *node
	routes []*Route // precedence order
}

// node is a node of the routing tree. The edge leading to a node is one
// pattern segment; the routes whose patterns end at the node are in routes.
// In a table without conflicts routes, params, rests and optRests hold at
// most one element each; more are kept (and reported) rather than dropped
// so that every file still answers its URLs.
type node struct {
	seg      Segment
	depth    int              // number of segments from the root to here
	routes   []*Route         // sorted by File
	static   map[string]*node // by Segment.Name
	statics  []*node          // the values of static, sorted by name
	params   []*node          // Dynamic children, sorted by name
	rests    []*node          // CatchAll children, sorted by name
	optRests []*node          // OptionalCatchAll children, sorted by name

	// sub is the routes of this subtree, in precedence order: a window
	// into Table.routes.
	sub []*Route
}

func (n *node) hasChildren() bool {
	return len(n.statics)+len(n.params)+len(n.rests)+len(n.optRests) > 0
}

// child returns the child of n for seg, creating it if needed.
func (n *node) child(seg Segment) *node {
	if seg.Kind == Static {
		if c := n.static[seg.Name]; c != nil {
			return c
		}
		c := &node{seg: seg, depth: n.depth + 1}
		if n.static == nil {
			n.static = make(map[string]*node)
		}
		n.static[seg.Name] = c
		n.statics = append(n.statics, c)
		return c
	}
	list := n.variable(seg.Kind)
	for _, c := range *list {
		if c.seg.Name == seg.Name {
			return c
		}
	}
	c := &node{seg: seg, depth: n.depth + 1}
	*list = append(*list, c)
	return c
}

func (n *node) variable(k SegmentKind) *[]*node {
	switch k {
	case Dynamic:
		return &n.params
	case CatchAll:
		return &n.rests
	}
	return &n.optRests
}

// NewTable builds the routing table for the given files, slash-separated
// paths relative to the app directory such as "users/[id]/route.go". It
// reads no file system: files not named route.go, page.html or page.go are
// ignored, as is anything under a folder whose name starts with "_".
// Conflicts do not fail the build; they set Err on the routes involved.
func NewTable(files []string) *Table {
	// Sorting first makes everything below, including the order in which
	// errors are joined, independent of the order of the input.
	files = slices.Clone(files)
	slices.Sort(files)
	files = slices.Compact(files)

	errs := make(map[*Route][]error)
	root := &node{}
	var all []*Route
	for _, f := range files {
		r, perrs := parseFile(f)
		if r == nil {
			continue
		}
		all = append(all, r)
		errs[r] = perrs
		n := root
		for _, s := range r.Segments {
			n = n.child(s)
		}
		n.routes = append(n.routes, r)
	}

	t := &Table{root: root, routes: make([]*Route, 0, len(all))}
	t.order(root)
	t.conflicts(root, func(r *Route, err error) { errs[r] = append(errs[r], err) })
	for _, r := range all {
		r.Err = errors.Join(errs[r]...)
	}
	return t
}

// Routes returns every route in precedence order, the order in which Next.js
// would try them, which does not depend on the order of the files given to
// NewTable. The caller must not modify the routes.
func (t *Table) Routes() []*Route {
	return slices.Clone(t.routes)
}

// order sorts the children of every node and appends the routes of the
// subtree at n to t.routes in precedence order: the level itself, then
// static children, then [param], [...rest] and [[...optional]] children.
// This is the order of Next.js's getSortedRoutes, so trying the routes in it
// and taking the first match is the reference for Match.
func (t *Table) order(n *node) {
	byName := func(a, b *node) int { return strings.Compare(a.seg.Name, b.seg.Name) }
	slices.SortFunc(n.statics, byName)
	slices.SortFunc(n.params, byName)
	slices.SortFunc(n.rests, byName)
	slices.SortFunc(n.optRests, byName)
	slices.SortFunc(n.routes, func(a, b *Route) int { return strings.Compare(a.File, b.File) })

	lo := len(t.routes)
	t.routes = append(t.routes, n.routes...)
	for _, list := range [][]*node{n.statics, n.params, n.rests, n.optRests} {
		for _, c := range list {
			t.order(c)
		}
	}
	// t.routes was allocated with room for every route, so this window
	// stays valid as later subtrees are appended.
	n.sub = t.routes[lo:len(t.routes):len(t.routes)]
}

// conflicts reports, through add, the conflicts between the files in the
// subtree at n. Each route involved gets its own error, naming its file
// first and then one file from each other side of the conflict: listing
// every file below a conflicting [id] would bury the point.
func (t *Table) conflicts(n *node, add func(*Route, error)) {
	sub := func(c *node) []*Route { return c.sub }
	// Only called when n has routes of its own.
	pattern := func() string { return n.routes[0].Pattern }

	// Files resolving to the same URL through groups or slots. Slots are
	// treated like groups: devserver does not compose parallel routes, so it
	// could not tell which of the files should answer.
	if len(n.routes) > 1 {
		var kinds [2][]*Route
		for _, r := range n.routes {
			kinds[r.Kind] = append(kinds[r.Kind], r)
		}
		if len(kinds[KindRoute]) > 0 && len(kinds[KindPage]) > 0 {
			report(add, "a route and a page at the same URL "+pattern(), kinds[:])
		}
		for _, rs := range kinds {
			if len(rs) > 1 {
				sides := make([][]*Route, len(rs))
				for i, r := range rs {
					sides[i] = []*Route{r}
				}
				report(add, "files resolve to the same URL "+pattern(), sides)
			}
		}
	}

	for _, list := range [][]*node{n.params, n.rests, n.optRests} {
		if len(list) > 1 {
			names := make([]string, len(list))
			sides := make([][]*Route, len(list))
			for i, c := range list {
				names[i] = "'" + c.seg.Name + "'"
				sides[i] = sub(c)
			}
			report(add, "different slug names at the same level ("+joinList(names)+")", sides)
		}
	}

	if len(n.rests) > 0 && len(n.optRests) > 0 {
		var req, opt []*Route
		for _, c := range n.rests {
			req = append(req, sub(c)...)
		}
		for _, c := range n.optRests {
			opt = append(opt, sub(c)...)
		}
		reason := "a required and an optional catch-all at the same level ('" +
			n.rests[0].seg.String() + "' and '" + n.optRests[0].seg.String() + "')"
		report(add, reason, [][]*Route{req, opt})
	}

	if len(n.routes) > 0 && len(n.optRests) > 0 {
		var opt []*Route
		for _, c := range n.optRests {
			opt = append(opt, sub(c)...)
		}
		p := pattern()
		reason := "a route with the same specificity as an optional catch-all ('" +
			p + "' and '" + strings.TrimSuffix(p, "/") + "/" + n.optRests[0].seg.String() + "')"
		report(add, reason, [][]*Route{n.routes, opt})
	}

	for _, list := range [][]*node{n.statics, n.params, n.rests, n.optRests} {
		for _, c := range list {
			t.conflicts(c, add)
		}
	}
}

// report gives every route of every side an error naming its own file and
// the first file of each other side.
func report(add func(*Route, error), reason string, sides [][]*Route) {
	for i, side := range sides {
		for _, r := range side {
			files := []string{r.File}
			for j, other := range sides {
				if j != i && len(other) > 0 {
					files = append(files, other[0].File)
				}
			}
			add(r, &ConflictError{Reason: reason, Files: files})
		}
	}
}

// joinList joins "a", "b", "c" as "a, b and c".
func joinList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// parseFile parses an app-relative file path into a route. It returns nil
// for a file that defines no route, and the errors found in the path itself:
// invalid slug names, a slug name used twice, a catch-all not last.
func parseFile(file string) (*Route, []error) {
	dir, base := "", file
	if i := strings.LastIndexByte(file, '/'); i >= 0 {
		dir, base = file[:i], file[i+1:]
	}
	kind, ok := routeFiles[base]
	if !ok {
		return nil, nil
	}
	r := &Route{File: file, Kind: kind}
	var errs []error
	invalid := func(reason string) {
		errs = append(errs, &ConflictError{Reason: reason, Files: []string{file}})
	}
	for name := range strings.SplitSeq(dir, "/") {
		switch {
		case name == "" || name == ".":
			// Tolerate "a//b" and "./a" in the input rather than invent an
			// empty URL segment no request could reach.
		case name[0] == '_':
			return nil, nil // private folder
		case name[0] == '(' && name[len(name)-1] == ')', name[0] == '@':
			// route group or parallel-route slot: not part of the URL
		case name[0] == '[' && name[len(name)-1] == ']':
			seg, reason := parseBracket(name)
			if reason != "" {
				invalid(reason)
			}
			r.Segments = append(r.Segments, seg)
		case len(name) >= 3 && strings.EqualFold(name[:3], "%5F"):
			// Next's escape for a URL segment starting with "_", which a
			// plain folder name would make private.
			r.Segments = append(r.Segments, Segment{Static, "_" + name[3:]})
		default:
			r.Segments = append(r.Segments, Segment{Static, name})
		}
	}
	r.Pattern = patternString(r.Segments)

	seen := make(map[string]bool)
	for i, s := range r.Segments {
		if s.Kind == Static {
			continue
		}
		if seen[s.Name] {
			invalid("the slug name '" + s.Name + "' is used twice in one path")
		}
		seen[s.Name] = true
		if (s.Kind == CatchAll || s.Kind == OptionalCatchAll) && i < len(r.Segments)-1 {
			invalid("catch-all '" + s.String() + "' must be the last segment of the URL")
		}
	}
	return r, errs
}

// parseBracket parses a folder name starting with "[" and ending with "]".
// For an invalid name it returns a reason and a Static segment of the folder
// name as is, so that the route still answers a URL (with its error).
func parseBracket(folder string) (Segment, string) {
	name := folder[1 : len(folder)-1]
	optional := false
	if len(name) >= 2 && name[0] == '[' && name[len(name)-1] == ']' {
		name = name[1 : len(name)-1]
		optional = true
	}
	kind := Dynamic
	if rest, ok := strings.CutPrefix(name, "..."); ok {
		name = rest
		kind = CatchAll
		if optional {
			kind = OptionalCatchAll
		}
	}
	bad := func(why string) (Segment, string) {
		return Segment{Static, folder}, "invalid slug name in '" + folder + "': " + why
	}
	switch {
	case strings.HasPrefix(name, "…"):
		return bad("'…' is one character; did you mean '...'?")
	case name == "":
		return bad("the name is empty")
	case strings.ContainsAny(name, "[]"):
		return bad("extra brackets")
	case name[0] == '.':
		return bad("the name starts with a period")
	case optional && kind == Dynamic:
		return bad("only catch-alls can be optional; did you mean '[[..." + name + "]]'?")
	}
	return Segment{kind, name}, ""
}

// patternString spells segments as a URL pattern: "/" for none.
func patternString(segs []Segment) string {
	if len(segs) == 0 {
		return "/"
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(s.String())
	}
	return b.String()
}
