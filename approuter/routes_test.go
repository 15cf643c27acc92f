package approuter

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// routeOf returns the route of tab defined by file, failing the test if there
// is none.
func routeOf(t *testing.T, tab *Table, file string) *Route {
	t.Helper()
	for _, r := range tab.Routes() {
		if r.File == file {
			return r
		}
	}
	t.Fatalf("no route for file %q", file)
	return nil
}

func TestPatternParse(t *testing.T) {
	S := func(name string) Segment { return Segment{Static, name} }
	D := func(name string) Segment { return Segment{Dynamic, name} }
	C := func(name string) Segment { return Segment{CatchAll, name} }
	O := func(name string) Segment { return Segment{OptionalCatchAll, name} }

	for _, test := range []struct {
		file    string
		ignored bool
		pattern string
		kind    Kind
		segs    []Segment
		err     string // substring of Route.Err; "" for none
	}{
		// The root and the route file names.
		{file: "route.go", pattern: "/", kind: KindRoute},
		{file: "page.html", pattern: "/", kind: KindPage},
		{file: "page.go", pattern: "/", kind: KindPage},
		{file: "users/route.go", pattern: "/users", segs: []Segment{S("users")}},
		{file: "users/page.html", pattern: "/users", kind: KindPage, segs: []Segment{S("users")}},
		{file: "users/route_test.go", ignored: true},
		{file: "users/handler.go", ignored: true},
		{file: "users/page.tsx", ignored: true},
		{file: "users/route.go/x", ignored: true},
		{file: "Route.go", ignored: true},

		// Groups and slots vanish.
		{file: "(admin)/users/[id]/route.go", pattern: "/users/[id]", segs: []Segment{S("users"), D("id")}},
		{file: "(a)/(b)/x/route.go", pattern: "/x", segs: []Segment{S("x")}},
		{file: "(shop)/route.go", pattern: "/"},
		{file: "()/x/route.go", pattern: "/x", segs: []Segment{S("x")}},
		{file: "@modal/login/page.go", pattern: "/login", kind: KindPage, segs: []Segment{S("login")}},
		{file: "x/@slot/(g)/route.go", pattern: "/x", segs: []Segment{S("x")}},

		// Private folders, and Next's escape for a literal "_".
		{file: "_lib/route.go", ignored: true},
		{file: "x/_components/y/route.go", ignored: true},
		{file: "(g)/_p/route.go", ignored: true},
		{file: "x/_page.html/page.html", ignored: true},
		{file: "%5Fdocs/route.go", pattern: "/_docs", segs: []Segment{S("_docs")}},
		{file: "%5fdocs/route.go", pattern: "/_docs", segs: []Segment{S("_docs")}},
		{file: "%5F/route.go", pattern: "/_", segs: []Segment{S("_")}},
		{file: "a%5Fb/route.go", pattern: "/a%5Fb", segs: []Segment{S("a%5Fb")}},

		// Everything else is literal.
		{file: "a%20b/route.go", pattern: "/a%20b", segs: []Segment{S("a%20b")}},
		{file: "café/route.go", pattern: "/café", segs: []Segment{S("café")}},
		{file: "[id/route.go", pattern: "/[id", segs: []Segment{S("[id")}},
		{file: "id]/route.go", pattern: "/id]", segs: []Segment{S("id]")}},
		{file: "a[id]/route.go", pattern: "/a[id]", segs: []Segment{S("a[id]")}},
		{file: "(.)photo/route.go", pattern: "/(.)photo", segs: []Segment{S("(.)photo")}},
		{file: "a@b/route.go", pattern: "/a@b", segs: []Segment{S("a@b")}},
		{file: "./a//b/route.go", pattern: "/a/b", segs: []Segment{S("a"), S("b")}},

		// Params.
		{file: "[id]/route.go", pattern: "/[id]", segs: []Segment{D("id")}},
		{file: "[user-id]/route.go", pattern: "/[user-id]", segs: []Segment{D("user-id")}},
		{file: "docs/[...slug]/route.go", pattern: "/docs/[...slug]", segs: []Segment{S("docs"), C("slug")}},
		{file: "shop/[[...s]]/route.go", pattern: "/shop/[[...s]]", segs: []Segment{S("shop"), O("s")}},
		{file: "[[...s]]/page.html", pattern: "/[[...s]]", kind: KindPage, segs: []Segment{O("s")}},
		{file: "a/[b]/c/[d]/route.go", pattern: "/a/[b]/c/[d]", segs: []Segment{S("a"), D("b"), S("c"), D("d")}},

		// Invalid slug names: the folder becomes a literal, with an error.
		{file: "[]/route.go", pattern: "/[]", segs: []Segment{S("[]")}, err: "invalid slug name in '[]': the name is empty"},
		{file: "[...]/route.go", pattern: "/[...]", segs: []Segment{S("[...]")}, err: "invalid slug name in '[...]': the name is empty"},
		{file: "[[...]]/route.go", pattern: "/[[...]]", segs: []Segment{S("[[...]]")}, err: "the name is empty"},
		{file: "[[]]/route.go", pattern: "/[[]]", segs: []Segment{S("[[]]")}, err: "the name is empty"},
		{file: "[[id]]/route.go", pattern: "/[[id]]", segs: []Segment{S("[[id]]")}, err: "only catch-alls can be optional; did you mean '[[...id]]'?"},
		{file: "[[...a]/route.go", pattern: "/[[...a]", segs: []Segment{S("[[...a]")}, err: "extra brackets"},
		{file: "[a]b]/route.go", pattern: "/[a]b]", segs: []Segment{S("[a]b]")}, err: "extra brackets"},
		{file: "[[[...a]]]/route.go", pattern: "/[[[...a]]]", segs: []Segment{S("[[[...a]]]")}, err: "extra brackets"},
		{file: "[.a]/route.go", pattern: "/[.a]", segs: []Segment{S("[.a]")}, err: "starts with a period"},
		{file: "[....a]/route.go", pattern: "/[....a]", segs: []Segment{S("[....a]")}, err: "starts with a period"},
		{file: "[…a]/route.go", pattern: "/[…a]", segs: []Segment{S("[…a]")}, err: "did you mean '...'?"},
		{file: "x/[]/y/route.go", pattern: "/x/[]/y", segs: []Segment{S("x"), S("[]"), S("y")}, err: "invalid route: invalid slug name in '[]': the name is empty: app/x/[]/y/route.go"},

		// Errors in the path itself.
		{file: "[id]/x/[id]/route.go", pattern: "/[id]/x/[id]", segs: []Segment{D("id"), S("x"), D("id")}, err: "invalid route: the slug name 'id' is used twice in one path: app/[id]/x/[id]/route.go"},
		{file: "[a]/[...a]/route.go", pattern: "/[a]/[...a]", segs: []Segment{D("a"), C("a")}, err: "the slug name 'a' is used twice"},
		{file: "docs/[...slug]/edit/route.go", pattern: "/docs/[...slug]/edit", segs: []Segment{S("docs"), C("slug"), S("edit")}, err: "invalid route: catch-all '[...slug]' must be the last segment of the URL: app/docs/[...slug]/edit/route.go"},
		{file: "[[...a]]/[b]/route.go", pattern: "/[[...a]]/[b]", segs: []Segment{O("a"), D("b")}, err: "catch-all '[[...a]]' must be the last segment"},
		{file: "[...a]/(g)/route.go", pattern: "/[...a]", segs: []Segment{C("a")}},
	} {
		tab := NewTable([]string{test.file})
		routes := tab.Routes()
		if test.ignored {
			if len(routes) != 0 {
				t.Errorf("%q: got route %q, want file ignored", test.file, routes[0].Pattern)
			}
			continue
		}
		if len(routes) != 1 {
			t.Errorf("%q: got %d routes, want 1", test.file, len(routes))
			continue
		}
		r := routes[0]
		if r.File != test.file || r.Pattern != test.pattern || r.Kind != test.kind || !slices.Equal(r.Segments, test.segs) {
			t.Errorf("%q:\ngot  %q %v %v %v\nwant %q %v %v %v", test.file,
				r.File, r.Pattern, r.Kind, r.Segments, test.file, test.pattern, test.kind, test.segs)
		}
		switch {
		case test.err == "" && r.Err != nil:
			t.Errorf("%q: unexpected error: %v", test.file, r.Err)
		case test.err != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), test.err)):
			t.Errorf("%q: got error %v, want it to contain %q", test.file, r.Err, test.err)
		case test.err != "":
			var ce *ConflictError
			if !errors.As(r.Err, &ce) || !slices.Equal(ce.Files, []string{test.file}) {
				t.Errorf("%q: error %#v is not a *ConflictError naming the file alone", test.file, r.Err)
			}
		}
	}
}

// filesOf turns URL patterns into route.go files: "/" into "route.go",
// "/a/[b]" into "a/[b]/route.go".
func filesOf(patterns ...string) []string {
	var files []string
	for _, p := range patterns {
		files = append(files, strings.TrimPrefix(strings.TrimSuffix(p, "/")+"/route.go", "/"))
	}
	return files
}

func TestPrecedence(t *testing.T) {
	for _, test := range []struct {
		name  string
		files []string
		order []string          // Routes() patterns
		match map[string]string // path -> pattern of the matching route
	}{
		{
			// The input and snapshot of getSortedRoutes' test in Next.js
			// (packages/next/src/shared/lib/router/utils/sorted-routes.test.ts).
			name: "Next.js getSortedRoutes",
			files: filesOf("/posts", "/[root-slug]", "/", "/posts/[id]", "/blog/[id]/comments/[cid]",
				"/blog/abc/[id]", "/[...rest]", "/blog/abc/post", "/blog/abc", "/p1/[[...incl]]",
				"/p/[...rest]", "/p2/[...rest]", "/p2/[id]", "/p2/[id]/abc", "/p3/[[...rest]]",
				"/p3/[id]", "/p3/[id]/abc", "/blog/[id]", "/foo/[d]/bar/baz/[f]", "/apples/[ab]/[cd]/ef"),
			order: []string{
				"/",
				"/apples/[ab]/[cd]/ef",
				"/blog/abc",
				"/blog/abc/post",
				"/blog/abc/[id]",
				"/blog/[id]",
				"/blog/[id]/comments/[cid]",
				"/foo/[d]/bar/baz/[f]",
				"/p/[...rest]",
				"/p1/[[...incl]]",
				"/p2/[id]",
				"/p2/[id]/abc",
				"/p2/[...rest]",
				"/p3/[id]",
				"/p3/[id]/abc",
				"/p3/[[...rest]]",
				"/posts",
				"/posts/[id]",
				"/[root-slug]",
				"/[...rest]",
			},
			match: map[string]string{
				"/":                    "/",
				"/posts":               "/posts",
				"/posts/1":             "/posts/[id]",
				"/posts/1/2":           "/[...rest]",
				"/blog":                "/[root-slug]",
				"/blog/abc":            "/blog/abc",
				"/blog/abc/post":       "/blog/abc/post",
				"/blog/abc/x":          "/blog/abc/[id]",
				"/blog/x":              "/blog/[id]",
				"/blog/abc/comments/1": "/blog/[id]/comments/[cid]",
				"/blog/x/comments/1":   "/blog/[id]/comments/[cid]",
				"/blog/x/comments":     "/[...rest]",
				"/p":                   "/[root-slug]",
				"/p/a/b":               "/p/[...rest]",
				"/p1":                  "/p1/[[...incl]]",
				"/p1/a/b":              "/p1/[[...incl]]",
				"/p2":                  "/[root-slug]",
				"/p2/x":                "/p2/[id]",
				"/p2/x/abc":            "/p2/[id]/abc",
				"/p2/x/abd":            "/p2/[...rest]",
				"/p3":                  "/p3/[[...rest]]",
				"/p3/x/abc":            "/p3/[id]/abc",
				"/p3/x/y":              "/p3/[[...rest]]",
				"/apples/a/c/ef":       "/apples/[ab]/[cd]/ef",
				"/apples/a/c/eg":       "/[...rest]",
				"/foo/1/bar/baz/2":     "/foo/[d]/bar/baz/[f]",
			},
		},
		{
			name:  "backtracking out of a static subtree",
			files: filesOf("/a/b/c", "/a/[x]/d"),
			order: []string{"/a/b/c", "/a/[x]/d"},
			match: map[string]string{"/a/b/c": "/a/b/c", "/a/b/d": "/a/[x]/d", "/a/z/d": "/a/[x]/d", "/a/b/e": "", "/a/b": ""},
		},
		{
			name:  "backtracking out of a param subtree into a catch-all",
			files: filesOf("/a/[x]/c", "/a/[...rest]", "/a/b/[y]/d"),
			order: []string{"/a/b/[y]/d", "/a/[x]/c", "/a/[...rest]"},
			match: map[string]string{"/a/b/1/d": "/a/b/[y]/d", "/a/b/c": "/a/[x]/c", "/a/b/1/e": "/a/[...rest]", "/a/b": "/a/[...rest]"},
		},
		{
			name:  "the level itself before its children",
			files: filesOf("/x/[...r]", "/x/s/t", "/x/[id]", "/x", "/x/s"),
			order: []string{"/x", "/x/s", "/x/s/t", "/x/[id]", "/x/[...r]"},
			match: map[string]string{"/x": "/x", "/x/s": "/x/s", "/x/t": "/x/[id]", "/x/s/t": "/x/s/t", "/x/s/u": "/x/[...r]"},
		},
		{
			name:  "root route and root param",
			files: filesOf("/[id]", "/", "/about"),
			order: []string{"/", "/about", "/[id]"},
			match: map[string]string{"/": "/", "/about": "/about", "/About": "/[id]", "/x/y": ""},
		},
		{
			name:  "root optional catch-all matches the root",
			files: filesOf("/[[...all]]", "/about"),
			order: []string{"/about", "/[[...all]]"},
			match: map[string]string{"/": "/[[...all]]", "/about": "/about", "/about/x": "/[[...all]]"},
		},
		{
			name:  "catch-all versus optional catch-all",
			files: filesOf("/docs/[...slug]", "/shop/[[...slug]]"),
			order: []string{"/docs/[...slug]", "/shop/[[...slug]]"},
			match: map[string]string{"/docs": "", "/docs/a": "/docs/[...slug]", "/shop": "/shop/[[...slug]]", "/shop/a/b": "/shop/[[...slug]]"},
		},
		{
			name:  "statics sorted, then param, catch-all",
			files: filesOf("/[...c]", "/[p]", "/b", "/a", "/B", "/%5Fx"),
			order: []string{"/B", "/_x", "/a", "/b", "/[p]", "/[...c]"},
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			tab := NewTable(test.files)
			var got []string
			for _, r := range tab.Routes() {
				got = append(got, r.Pattern)
				if r.Err != nil {
					t.Errorf("%s: unexpected error: %v", r.File, r.Err)
				}
			}
			if !slices.Equal(got, test.order) {
				t.Errorf("order:\ngot  %q\nwant %q", got, test.order)
			}
			for path, want := range test.match {
				r, _, err := tab.Match(path)
				got := ""
				if r != nil {
					got = r.Pattern
				}
				if err != nil || got != want {
					t.Errorf("Match(%q) = %q, %v; want %q", path, got, err, want)
				}
			}
		})
	}
}

// conflictTests is shared with TestTableRoutesDeterministic.
var conflictTests = []struct {
	name  string
	files []string
	// involved maps each file that must have an error to substrings of it.
	involved map[string][]string
	// paths maps paths of the conflict to the file answering them (with its
	// error).
	paths map[string]string
}{
	{
		name:  "different slug names",
		files: []string{"users/route.go", "users/[id]/route.go", "users/[userId]/posts/route.go", "users/[id]/edit/route.go", "users/new/route.go"},
		involved: map[string][]string{
			"users/[id]/route.go":           {"conflicting routes: different slug names at the same level ('id' and 'userId'): app/users/[id]/route.go and app/users/[userId]/posts/route.go"},
			"users/[userId]/posts/route.go": {"conflicting routes: different slug names at the same level ('id' and 'userId'): app/users/[userId]/posts/route.go and app/users/[id]/route.go"},
			"users/[id]/edit/route.go":      {"different slug names at the same level ('id' and 'userId'): app/users/[id]/edit/route.go and app/users/[userId]/posts/route.go"},
		},
		paths: map[string]string{"/users/1": "users/[id]/route.go", "/users/1/posts": "users/[userId]/posts/route.go", "/users/new": "users/new/route.go", "/users": "users/route.go"},
	},
	{
		name:  "different slug names through groups, three of them",
		files: []string{"(a)/[a]/route.go", "(b)/[b]/x/route.go", "[c]/y/page.html"},
		involved: map[string][]string{
			"(a)/[a]/route.go":   {"different slug names at the same level ('a', 'b' and 'c'): app/(a)/[a]/route.go, app/(b)/[b]/x/route.go and app/[c]/y/page.html"},
			"(b)/[b]/x/route.go": {"app/(b)/[b]/x/route.go, app/(a)/[a]/route.go and app/[c]/y/page.html"},
			"[c]/y/page.html":    {"('a', 'b' and 'c')", "app/[c]/y/page.html, app/(a)/[a]/route.go and app/(b)/[b]/x/route.go"},
		},
		paths: map[string]string{"/1": "(a)/[a]/route.go", "/1/x": "(b)/[b]/x/route.go", "/1/y": "[c]/y/page.html"},
	},
	{
		name:  "different catch-all slug names",
		files: []string{"docs/[...a]/route.go", "docs/[...b]/route.go", "opt/[[...a]]/route.go", "opt/[[...b]]/page.go"},
		involved: map[string][]string{
			"docs/[...a]/route.go":  {"different slug names at the same level ('a' and 'b'): app/docs/[...a]/route.go and app/docs/[...b]/route.go"},
			"docs/[...b]/route.go":  {"('a' and 'b'): app/docs/[...b]/route.go and app/docs/[...a]/route.go"},
			"opt/[[...a]]/route.go": {"('a' and 'b'): app/opt/[[...a]]/route.go and app/opt/[[...b]]/page.go"},
			"opt/[[...b]]/page.go":  {"('a' and 'b'): app/opt/[[...b]]/page.go and app/opt/[[...a]]/route.go"},
		},
		paths: map[string]string{"/docs/x/y": "docs/[...a]/route.go", "/opt": "opt/[[...a]]/route.go"},
	},
	{
		name:  "same slug name twice",
		files: []string{"[id]/route.go", "[id]/x/[id]/route.go", "[id]/y/[other]/route.go"},
		involved: map[string][]string{
			"[id]/x/[id]/route.go": {"invalid route: the slug name 'id' is used twice in one path: app/[id]/x/[id]/route.go"},
		},
		paths: map[string]string{"/1/x/2": "[id]/x/[id]/route.go"},
	},
	{
		name:  "catch-all not last",
		files: []string{"docs/[...slug]/route.go", "docs/[...slug]/edit/route.go", "docs/[...slug]/(g)/x/[y]/page.html", "o/[[...p]]/a/route.go"},
		involved: map[string][]string{
			"docs/[...slug]/edit/route.go":       {"invalid route: catch-all '[...slug]' must be the last segment of the URL: app/docs/[...slug]/edit/route.go"},
			"docs/[...slug]/(g)/x/[y]/page.html": {"catch-all '[...slug]' must be the last segment of the URL: app/docs/[...slug]/(g)/x/[y]/page.html"},
			"o/[[...p]]/a/route.go":              {"catch-all '[[...p]]' must be the last segment of the URL: app/o/[[...p]]/a/route.go"},
		},
		// The valid catch-all comes first, as in Next's sorted list.
		paths: map[string]string{"/docs/a/edit": "docs/[...slug]/route.go", "/o/a": "o/[[...p]]/a/route.go", "/o/1/2/a": "o/[[...p]]/a/route.go"},
	},
	{
		name:  "required beside optional catch-all",
		files: []string{"p/[...a]/route.go", "p/[[...b]]/route.go", "p/x/route.go"},
		involved: map[string][]string{
			"p/[...a]/route.go":   {"conflicting routes: a required and an optional catch-all at the same level ('[...a]' and '[[...b]]'): app/p/[...a]/route.go and app/p/[[...b]]/route.go"},
			"p/[[...b]]/route.go": {"('[...a]' and '[[...b]]'): app/p/[[...b]]/route.go and app/p/[...a]/route.go"},
		},
		paths: map[string]string{"/p/1": "p/[...a]/route.go", "/p": "p/[[...b]]/route.go", "/p/x": "p/x/route.go"},
	},
	{
		name:  "same specificity as an optional catch-all",
		files: []string{"shop/route.go", "shop/[[...s]]/route.go", "shop/cart/route.go"},
		involved: map[string][]string{
			"shop/route.go":          {"conflicting routes: a route with the same specificity as an optional catch-all ('/shop' and '/shop/[[...s]]'): app/shop/route.go and app/shop/[[...s]]/route.go"},
			"shop/[[...s]]/route.go": {"('/shop' and '/shop/[[...s]]'): app/shop/[[...s]]/route.go and app/shop/route.go"},
		},
		paths: map[string]string{"/shop": "shop/route.go", "/shop/a": "shop/[[...s]]/route.go", "/shop/cart": "shop/cart/route.go"},
	},
	{
		name:  "same specificity as an optional catch-all at the root",
		files: []string{"(site)/page.html", "[[...all]]/route.go"},
		involved: map[string][]string{
			"(site)/page.html":    {"a route with the same specificity as an optional catch-all ('/' and '/[[...all]]'): app/(site)/page.html and app/[[...all]]/route.go"},
			"[[...all]]/route.go": {"('/' and '/[[...all]]'): app/[[...all]]/route.go and app/(site)/page.html"},
		},
		paths: map[string]string{"/": "(site)/page.html", "/a": "[[...all]]/route.go"},
	},
	{
		name:  "same URL through groups",
		files: []string{"(a)/x/route.go", "(b)/x/route.go", "y/route.go", "(g)/y/route.go"},
		involved: map[string][]string{
			"(a)/x/route.go": {"conflicting routes: files resolve to the same URL /x: app/(a)/x/route.go and app/(b)/x/route.go"},
			"(b)/x/route.go": {"files resolve to the same URL /x: app/(b)/x/route.go and app/(a)/x/route.go"},
			"y/route.go":     {"files resolve to the same URL /y: app/y/route.go and app/(g)/y/route.go"},
			"(g)/y/route.go": {"files resolve to the same URL /y: app/(g)/y/route.go and app/y/route.go"},
		},
		paths: map[string]string{"/x": "(a)/x/route.go", "/y": "(g)/y/route.go"},
	},
	{
		name:  "same URL through a slot, three files",
		files: []string{"z/page.html", "@modal/z/page.html", "(g)/z/page.go"},
		involved: map[string][]string{
			"z/page.html":        {"files resolve to the same URL /z: app/z/page.html, app/(g)/z/page.go and app/@modal/z/page.html"},
			"@modal/z/page.html": {"app/@modal/z/page.html, app/(g)/z/page.go and app/z/page.html"},
			"(g)/z/page.go":      {"app/(g)/z/page.go, app/@modal/z/page.html and app/z/page.html"},
		},
		paths: map[string]string{"/z": "(g)/z/page.go"},
	},
	{
		name:  "route and page",
		files: []string{"x/route.go", "x/page.html", "y/route.go", "(g)/y/page.go"},
		involved: map[string][]string{
			"x/route.go":    {"conflicting routes: a route and a page at the same URL /x: app/x/route.go and app/x/page.html"},
			"x/page.html":   {"a route and a page at the same URL /x: app/x/page.html and app/x/route.go"},
			"y/route.go":    {"a route and a page at the same URL /y: app/y/route.go and app/(g)/y/page.go"},
			"(g)/y/page.go": {"a route and a page at the same URL /y: app/(g)/y/page.go and app/y/route.go"},
		},
		paths: map[string]string{"/x": "x/page.html", "/y": "(g)/y/page.go"},
	},
	{
		name:  "two routes and a page",
		files: []string{"(a)/x/route.go", "(b)/x/route.go", "x/page.html"},
		involved: map[string][]string{
			"(a)/x/route.go": {"a route and a page at the same URL /x: app/(a)/x/route.go and app/x/page.html", "files resolve to the same URL /x: app/(a)/x/route.go and app/(b)/x/route.go"},
			"(b)/x/route.go": {"a route and a page at the same URL /x: app/(b)/x/route.go and app/x/page.html", "files resolve to the same URL /x: app/(b)/x/route.go and app/(a)/x/route.go"},
			"x/page.html":    {"a route and a page at the same URL /x: app/x/page.html and app/(a)/x/route.go"},
		},
		paths: map[string]string{"/x": "(a)/x/route.go"},
	},
	{
		name:  "invalid slug name",
		files: []string{"a/[]/route.go", "a/[]/b/page.html", "a/[b]/route.go"},
		involved: map[string][]string{
			"a/[]/route.go":    {"invalid route: invalid slug name in '[]': the name is empty: app/a/[]/route.go"},
			"a/[]/b/page.html": {"invalid route: invalid slug name in '[]': the name is empty: app/a/[]/b/page.html"},
		},
		paths: map[string]string{"/a/%5B%5D": "a/[]/route.go", "/a/[]/b": "a/[]/b/page.html", "/a/x": "a/[b]/route.go"},
	},
}

// unrelated files are added to every conflict test: they must keep serving.
var unrelated = map[string]string{ // path -> file
	"/other":                 "other/route.go",
	"/other/42":              "other/[id]/route.go",
	"/other/docs/a/b":        "other/docs/[...p]/route.go",
	"/other/docs/a%2Fb/c%20": "other/docs/[...p]/route.go",
}

func TestConflicts(t *testing.T) {
	for _, test := range conflictTests {
		t.Run(test.name, func(t *testing.T) {
			files := slices.Clone(test.files)
			for _, f := range unrelated {
				files = append(files, f)
			}
			tab := NewTable(files)
			for _, r := range tab.Routes() {
				wants, involved := test.involved[r.File]
				if !involved {
					if r.Err != nil {
						t.Errorf("%s: unexpected error: %v", r.File, r.Err)
					}
					continue
				}
				if r.Err == nil {
					t.Errorf("%s: no error, want one containing %q", r.File, wants)
					continue
				}
				for _, want := range wants {
					if !strings.Contains(r.Err.Error(), want) {
						t.Errorf("%s: error\n%v\ndoes not contain\n%s", r.File, r.Err, want)
					}
				}
				var ce *ConflictError
				if !errors.As(r.Err, &ce) || len(ce.Files) == 0 || ce.Files[0] != r.File || ce.Reason == "" {
					t.Errorf("%s: error %#v is not a *ConflictError naming the file first", r.File, r.Err)
				}
			}
			for file := range test.involved {
				routeOf(t, tab, file)
			}
			check := func(path, file string, wantErr bool) {
				t.Helper()
				r, _, err := tab.Match(path)
				if err != nil || r == nil || r.File != file || (r.Err != nil) != wantErr {
					t.Errorf("Match(%q) = %v, %v; want %s with error %v", path, r, err, file, wantErr)
				}
			}
			for path, file := range test.paths {
				_, involved := test.involved[file]
				check(path, file, involved)
			}
			for path, file := range unrelated {
				check(path, file, false)
			}
		})
	}
}

func TestConflictErrorMessage(t *testing.T) {
	for _, test := range []struct {
		err  ConflictError
		want string
	}{
		{ConflictError{"why", []string{"a/route.go"}}, "invalid route: why: app/a/route.go"},
		{ConflictError{"why", []string{"a/route.go", "b/route.go"}}, "conflicting routes: why: app/a/route.go and app/b/route.go"},
		{ConflictError{"why", []string{"a", "b", "c", "d"}}, "conflicting routes: why: app/a, app/b, app/c and app/d"},
	} {
		if got := test.err.Error(); got != test.want {
			t.Errorf("got  %q\nwant %q", got, test.want)
		}
	}
}

func TestTableRoutesDeterministic(t *testing.T) {
	var files []string
	for _, test := range conflictTests {
		files = append(files, test.files...)
	}
	files = append(files, filesOf("/posts", "/[root-slug]", "/", "/posts/[id]", "/blog/[id]/comments/[cid]",
		"/blog/abc/[id]", "/[...rest]", "/blog/abc/post", "/p1/[[...incl]]", "/p3/[id]/abc")...)
	files = append(files, "README.md", "_lib/route.go", "users/route.go") // and a duplicate

	describe := func(tab *Table) []string {
		var out []string
		for _, r := range tab.Routes() {
			out = append(out, r.File+" "+r.Pattern+" "+r.Kind.String()+" "+fmtErr(r.Err))
		}
		return out
	}
	want := describe(NewTable(files))
	unique := slices.Compact(slices.Sorted(slices.Values(files)))
	if len(want) != len(unique)-2 {
		t.Fatalf("got %d routes from %d distinct files, want %d", len(want), len(unique), len(unique)-2)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		shuffled := slices.Clone(files)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := describe(NewTable(shuffled)); !slices.Equal(got, want) {
			t.Fatalf("shuffle %d: routes differ:\ngot  %q\nwant %q", i, got, want)
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestTableRoutesIsACopy(t *testing.T) {
	tab := NewTable(filesOf("/a", "/b"))
	rs := tab.Routes()
	rs[0] = nil
	if tab.Routes()[0] == nil {
		t.Fatal("modifying the result of Routes changed the table")
	}
}
