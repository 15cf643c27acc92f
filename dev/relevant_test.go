package dev

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/devserver/devserver/watch"
)

// TestRelevant checks which changed paths reload the app: a file counts as
// public by its place in the project, not because a folder named public
// appears somewhere in its absolute path.
func TestRelevant(t *testing.T) {
	// A project that itself lives under a folder named public.
	proj := filepath.FromSlash("/home/ada/public/shop")
	public := filepath.Join(proj, "public")
	in := func(rel string) string { return filepath.Join(proj, filepath.FromSlash(rel)) }
	embedded := func(p string) bool { return p == in("app/users/hello.txt") }
	for _, c := range []struct {
		path string
		want bool
	}{
		{in("app/users/route.go"), true},
		{in("app/about/page.html"), true},
		{in("app/layout.html"), true},
		{in("go.mod"), true},
		{in("go.sum"), true},
		{in("public/logo.svg"), true},
		{in("public/css/site.css"), true},
		{in("README.md"), false},
		{in("notes.txt"), false},
		{in("app/users/notes.txt"), false},
		{in("app/public/notes.txt"), false}, // a folder of app/ named public is no public/
		{in("publicity/x.txt"), false},
		{filepath.FromSlash("/home/ada/public/other/x.txt"), false},
		{in("app/users/hello.txt"), true}, // embedded
	} {
		got := len(relevant(watch.ChangeSet{Paths: []string{c.path}}, public, embedded)) == 1
		if got != c.want {
			t.Errorf("relevant(%s) = %v, want %v", c.path, got, c.want)
		}
	}
	dir := in("app/gone")
	if got := relevant(watch.ChangeSet{Paths: []string{dir}, Dirs: []string{dir}}, public, embedded); !slices.Equal(got, []string{dir}) {
		t.Errorf("a removed folder: relevant = %v, want it", got)
	}
}
