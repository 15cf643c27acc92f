package goembed

import (
	"encoding/json"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestResolveAsGoList checks Resolve against the go command itself: for
// each layout, the files `go list` says the package embeds, or whether it
// refuses the pattern.
func TestResolveAsGoList(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	for _, tc := range []struct {
		name     string
		patterns string // of the //go:embed line
		files    []string
		links    map[string]string // link -> target, relative to the package
	}{
		{"file", "a.txt", []string{"a.txt", "b.txt"}, nil},
		{"glob", "t/*.html", []string{"t/a.html", "t/b.html", "t/c.txt", "t/.h.html"}, nil},
		{"folder", "static", []string{"static/a", "static/.hidden", "static/_under", "static/sub/b", "static/.dir/c", "static/_dir/d"}, nil},
		{"all", "all:static", []string{"static/a", "static/.hidden", "static/_under", "static/sub/b", "static/.dir/c"}, nil},
		{"nested module skipped", "static", []string{"static/a", "static/mod/go.mod", "static/mod/x"}, nil},
		{"file in nested module", "mod/x", []string{"mod/go.mod", "mod/x"}, nil},
		{"no match", "nothing*", []string{"a.txt"}, nil},
		{"escapes", "../x", []string{"a.txt"}, nil},
		{"dot", ".", []string{"a.txt"}, nil},
		{"only hidden", "static", []string{"static/.a"}, nil},
		{"quoted", `"with space.txt" ` + "`b.txt`", []string{"with space.txt", "b.txt"}, nil},
		{"link", "l.txt", []string{"a.txt"}, map[string]string{"l.txt": "a.txt"}},
		{"link in folder", "static", []string{"static/a"}, map[string]string{"static/l": "a"}},
		{"through linked folder", "ld/a", []string{"real/a"}, map[string]string{"ld": "real"}},
		{"several", "a.txt t/*", []string{"a.txt", "t/x", "t/y/z"}, nil},
		{"hidden named", ".env", []string{".env"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mod := t.TempDir()
			write(t, mod, "go.mod", "module example.com/m\n\ngo 1.22\n")
			dir := filepath.Join(mod, "p")
			write(t, dir, "p.go", "package p\n\nimport \"embed\"\n\n//go:embed "+tc.patterns+"\nvar F embed.FS\n")
			for _, f := range tc.files {
				write(t, dir, f, "content of "+f)
			}
			for l, target := range tc.links {
				if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(l))); err != nil {
					t.Fatal(err)
				}
			}
			wantFiles, wantErr := goList(t, dir)

			srcs := map[string][]byte{"p.go": []byte("package p\n\nimport \"embed\"\n\n//go:embed " + tc.patterns + "\nvar F embed.FS\n")}
			var got []string
			var gotErr error
			for _, p := range Patterns(srcs) {
				files, err := Resolve(dir, p)
				if err != nil {
					gotErr = err
					break
				}
				got = append(got, files...)
			}
			slices.Sort(got)
			got = slices.Compact(got)
			if (gotErr != nil) != (wantErr != "") {
				t.Fatalf("Resolve: err = %v, files %q; go list: error %q, files %q", gotErr, got, wantErr, wantFiles)
			}
			if gotErr != nil {
				if !strings.Contains(wantErr, gotErr.Error()) {
					t.Errorf("Resolve: err = %q, go list says %q", gotErr, wantErr)
				}
				return
			}
			if !slices.Equal(got, wantFiles) {
				t.Errorf("Resolve = %q, go list embeds %q", got, wantFiles)
			}
		})
	}
}

// goList returns the files the package in dir embeds, or the go
// command's error for it.
func goList(t *testing.T, dir string) ([]string, string) {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-json", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GODEBUG=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkg struct {
		EmbedFiles []string
		Error      *struct{ Err string }
	}
	if err := json.Unmarshal(out, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Error != nil {
		return nil, pkg.Error.Err
	}
	slices.Sort(pkg.EmbedFiles)
	return pkg.EmbedFiles, ""
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDirective checks the parse of a //go:embed line's arguments.
func TestDirective(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  bool
	}{
		{"//go:embed a.txt", []string{"a.txt"}, false},
		{"//go:embed a b\tc", []string{"a", "b", "c"}, false},
		{"//go:embed \"a b\" `c d` e", []string{"a b", "c d", "e"}, false},
		{`//go:embed "a\"b"`, []string{`a"b`}, false},
		{`//go:embed "a`, nil, true},
		{"//go:embed `a", nil, true},
		{`//go:embed "a"b`, nil, true},
		{"//go:embedded x", nil, true},
		{"//go:embed", []string{}, false},
	} {
		got, err := Directive(token.NoPos, tc.in)
		if (err != nil) != tc.err || !slices.Equal(got, tc.want) {
			t.Errorf("Directive(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// TestCovers checks which changed files a package's patterns may embed.
func TestCovers(t *testing.T) {
	for _, tc := range []struct {
		patterns []string
		rel      string
		want     bool
	}{
		{[]string{"hello.txt"}, "hello.txt", true},
		{[]string{"hello.txt"}, "other.txt", false},
		{[]string{"templates/*.html"}, "templates/new.html", true},
		{[]string{"templates/*.html"}, "templates/new.txt", false},
		{[]string{"static"}, "static/sub/deep/x.css", true},
		{[]string{"all:static"}, "static/.x", true},
		{[]string{"st*"}, "static/a", true},
		{[]string{"static"}, "staticx/a", false},
	} {
		if got := Covers(tc.patterns, tc.rel); got != tc.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", tc.patterns, tc.rel, got, tc.want)
		}
	}
}
