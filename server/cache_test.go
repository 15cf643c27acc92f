package server

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"weak"

	"github.com/devserver/devserver/approuter"
)

// TestPathTags checks the tags RevalidatePath revalidates against what
// Next.js 16.5's revalidatePath computes for the same arguments.
func TestPathTags(t *testing.T) {
	long := "/" + strings.Repeat("a", 1024)
	for _, tc := range []struct {
		path, kind string
		want       []string
		warns      bool
	}{
		{"/", "", []string{"_N_T_/", "_N_T_/index"}, false},
		{"/index", "", []string{"_N_T_/index", "_N_T_/"}, false},
		{"/blog/a", "", []string{"_N_T_/blog/a"}, false},
		{"/blog/a/", "", []string{"_N_T_/blog/a"}, false},
		{"/blog/a//", "", []string{"_N_T_/blog/a/"}, false}, // one trailing slash only
		{"blog/a", "", []string{"_N_T_blog/a"}, false},      // no slash added: reaches nothing, as in Next.js
		{"/blog/[slug]", "", []string{"_N_T_/blog/[slug]"}, true},
		{"/blog/[slug]", "page", []string{"_N_T_/blog/[slug]/page"}, false},
		{"/blog/[slug]", "layout", []string{"_N_T_/blog/[slug]/layout"}, false},
		{"/blog/[slug]/", "layout", []string{"_N_T_/blog/[slug]/layout"}, false},
		{"/", "layout", []string{"_N_T_/layout"}, false},
		{"/", "page", []string{"_N_T_/page"}, false},
		{"/(shop)/cart", "layout", []string{"_N_T_/(shop)/cart/layout"}, false},
		{"/docs/[...slug]", "", []string{"_N_T_/docs/[...slug]"}, true},
		{"/café", "", []string{"_N_T_/caf%C3%A9"}, false},
		{"/a b", "", []string{"_N_T_/a b"}, false},
		{"/a%20b", "", []string{"_N_T_/a%20b"}, false},
		{long, "", nil, true},
	} {
		got, warning := pathTags(tc.path, tc.kind)
		if !slices.Equal(got, tc.want) || (warning != "") != tc.warns {
			t.Errorf("pathTags(%q, %q) = %q, warning %q; want %q, warns %v", tc.path, tc.kind, got, warning, tc.want, tc.warns)
		}
	}
}

// TestImplicitTags checks the tags a cached response (or a next.Cached
// value's reader) has against what Next.js 16.5's getImplicitTags gives a
// route handler's page and path.
func TestImplicitTags(t *testing.T) {
	for _, tc := range []struct {
		file, path string
		want       []string
	}{
		{"route.go", "/", []string{"_N_T_/layout", "_N_T_/route", "_N_T_/", "_N_T_/index"}},
		{"posts/route.go", "/posts", []string{"_N_T_/layout", "_N_T_/posts/layout", "_N_T_/posts/route", "_N_T_/posts"}},
		{"blog/[slug]/route.go", "/blog/a", []string{"_N_T_/layout", "_N_T_/blog/layout", "_N_T_/blog/[slug]/layout", "_N_T_/blog/[slug]/route", "_N_T_/blog/a"}},
		{"(shop)/cart/route.go", "/cart", []string{"_N_T_/layout", "_N_T_/(shop)/layout", "_N_T_/(shop)/cart/layout", "_N_T_/(shop)/cart/route", "_N_T_/cart"}},
		{"docs/[[...slug]]/route.go", "/docs", []string{"_N_T_/layout", "_N_T_/docs/layout", "_N_T_/docs/[[...slug]]/layout", "_N_T_/docs/[[...slug]]/route", "_N_T_/docs"}},
		{"about/page.html", "/about", []string{"_N_T_/layout", "_N_T_/about/layout", "_N_T_/about/page", "_N_T_/about"}},
		{"café/route.go", "/caf%C3%A9", []string{"_N_T_/layout", "_N_T_/caf%C3%A9/layout", "_N_T_/caf%C3%A9/route", "_N_T_/caf%C3%A9"}},
	} {
		if got := implicitTags(routePage(tc.file), tc.path); !slices.Equal(got, tc.want) {
			t.Errorf("implicitTags(%q, %q) = %q, want %q", tc.file, tc.path, got, tc.want)
		}
	}
}

// TestRevalidatePathReaches checks which cached paths a RevalidatePath
// reaches, through the tags of both sides, as in Next.js: a path its own,
// a layout everything below it, a route handler no "page".
func TestRevalidatePathReaches(t *testing.T) {
	type served struct{ file, path string }
	blogA := served{"blog/[slug]/route.go", "/blog/a"}
	blogB := served{"blog/[slug]/route.go", "/blog/b"}
	author := served{"blog/[slug]/[author]/route.go", "/blog/a/ann"}
	posts := served{"posts/route.go", "/posts"}
	root := served{"route.go", "/"}
	cart := served{"(shop)/cart/route.go", "/cart"}
	all := []served{blogA, blogB, author, posts, root, cart}
	for _, tc := range []struct {
		path, kind string
		want       []served
	}{
		{"/blog/a", "", []served{blogA}},
		{"/blog/a/", "", []served{blogA}},
		{"/blog/[slug]", "", nil},
		{"/blog/[slug]", "page", nil},
		{"/blog/[slug]", "layout", []served{blogA, blogB, author}},
		{"/blog/[slug]/route", "", []served{blogA, blogB}},
		{"/blog", "layout", []served{blogA, blogB, author}},
		{"/", "", []served{root}},
		{"/", "layout", all},
		{"/cart", "layout", nil},
		{"/(shop)/cart", "layout", []served{cart}},
		{"/cart", "", []served{cart}},
	} {
		tags, _ := pathTags(tc.path, tc.kind)
		var got []served
		for _, s := range all {
			if slices.ContainsFunc(implicitTags(routePage(s.file), s.path), func(t string) bool { return slices.Contains(tags, t) }) {
				got = append(got, s)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("RevalidatePath(%q, %q) reaches %v, want %v", tc.path, tc.kind, got, tc.want)
		}
	}
}

// TestEncodeTag checks the encoding of Next.js's encodeHeaderSafe: every
// character but a tab and printable ASCII is percent-encoded as UTF-8.
func TestEncodeTag(t *testing.T) {
	for in, want := range map[string]string{
		"posts":      "posts",
		"a b,c/%[]_": "a b,c/%[]_",
		"café":       "caf%C3%A9",
		"\x01x\t":    "%01x\t",
		"日本":         "%E6%97%A5%E6%9C%AC",
		"😀":          "%F0%9F%98%80",
		"\x7f":       "%7F",
	} {
		if got := encodeTag(in); got != want {
			t.Errorf("encodeTag(%q) = %q, want %q", in, got, want)
		}
	}
	for tag, valid := range map[string]bool{
		"":                       false,
		"posts":                  true,
		strings.Repeat("a", 256): true,
		strings.Repeat("a", 257): false,
		strings.Repeat("é", 256): true, // 256 UTF-16 code units
		strings.Repeat("😀", 128): true, // two code units each
		strings.Repeat("😀", 129): false,
	} {
		if validTag(tag) != valid {
			t.Errorf("validTag(%d bytes) = %v, want %v", len(tag), !valid, valid)
		}
	}
}

// A server that is done is not kept alive, with its last generation and
// every interpreter behind it, by listening for next.RevalidateTag and
// next.RevalidatePath: a test or benchmark process starts many.
func TestDoneServerIsCollected(t *testing.T) {
	dir := t.TempDir()
	appDir := filepath.Join(dir, "app")
	if err := os.MkdirAll(filepath.Join(appDir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(appDir, "a", "route.go"), []byte("package route\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gen := func() weak.Pointer[Generation] {
		s := &Server{
			App: App{Dir: dir, AppDir: appDir},
			Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
				return make([]approuter.Loaded, len(files))
			}),
		}
		return weak.Make(s.Reload(context.Background(), nil))
	}()
	for range 5 {
		runtime.GC()
		if gen.Value() == nil {
			return
		}
	}
	t.Fatal("the generation of a server nothing refers to is still alive")
}
