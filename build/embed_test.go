package build_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/interp"
)

// embedRoute serves, at ?f=name, the file name of its embedded folder (as
// ReadFile finds it), and otherwise its embedded string, []byte and the
// shared package's embedded text.
const embedRoute = `package route

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"

	lib "example.com/app/app/(shop)/_lib"
	"example.com/app/internal/assets"
)

//go:embed hello.txt
var hello string

//go:embed data/*.json
var data embed.FS

//go:embed static
var static embed.FS

//go:embed all:static
var all embed.FS

func GET(w http.ResponseWriter, r *http.Request) {
	if f := r.URL.Query().Get("f"); f != "" {
		b, err := static.ReadFile(f)
		if err != nil {
			http.Error(w, err.Error(), 404)
			return
		}
		w.Write(b)
		return
	}
	var names []string
	for _, fsys := range []fs.FS{data, static, all} {
		fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if !d.IsDir() {
				names = append(names, p)
			}
			return nil
		})
	}
	w.Write([]byte(strings.TrimSpace(hello) + "|" + lib.Text() + "|" + assets.Banner + "|" + strings.Join(names, ",")))
}
`

// TestBuildEmbeds builds an app embedding files with //go:embed from a
// route in a bracketed folder, a package of app/ whose path the Go tool
// rejects and a package outside app/, with go build's rules for folders
// (hidden files left out unless all:) and globs, and serves them.
func TestBuildEmbeds(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/(shop)/items/[id]/route.go":         embedRoute,
		"app/(shop)/items/[id]/hello.txt":        "hello\n",
		"app/(shop)/items/[id]/data/a.json":      "{}",
		"app/(shop)/items/[id]/data/b.txt":       "not embedded",
		"app/(shop)/items/[id]/static/x.css":     "x",
		"app/(shop)/items/[id]/static/.hidden":   "hidden",
		"app/(shop)/items/[id]/static/sub/y.css": "y",
		"app/(shop)/_lib/lib.go":                 "package lib\n\nimport _ \"embed\"\n\n//go:embed lib.txt\nvar text []byte\n\nfunc Text() string { return string(text) }\n",
		"app/(shop)/_lib/lib.txt":                "lib",
		"internal/assets/assets.go":              "package assets\n\nimport _ \"embed\"\n\n// Banner is embedded.\n//go:embed banner.txt\nvar Banner string\n",
		"internal/assets/banner.txt":             "banner",
	})
	bin, err := buildApp(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	u := run(t, bin)
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/items/1", 200, "hello|lib|banner|data/a.json,static/sub/y.css,static/x.css,static/.hidden,static/sub/y.css,static/x.css"},
		{"/items/1?f=static/sub/y.css", 200, "y"},
		{"/items/1?f=static/.hidden", 404, "open static/.hidden: file does not exist\n"},
	} {
		if code, _, body := get(t, u+tc.path); code != tc.status || body != tc.body {
			t.Errorf("GET %s = %d %q, want %d %q", tc.path, code, body, tc.status, tc.body)
		}
	}
}

// TestBuildRefusesEmbeddedLink checks that the build refuses to embed a
// symbolic link, as go build does, though the mirror copies what it
// embeds.
func TestBuildRefusesEmbeddedLink(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/x/route.go": "package route\n\nimport (\n\t_ \"embed\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\n//go:embed link.txt\nvar s string\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(s) }\n",
		"target.txt":     "target",
	})
	if err := os.Symlink(filepath.Join(dir, "target.txt"), filepath.Join(dir, "app", "x", "link.txt")); err != nil {
		t.Fatal(err)
	}
	_, err := buildApp(t, dir)
	if err == nil || !strings.Contains(err.Error(), "app/x/route.go:9:12: pattern link.txt") {
		t.Fatalf("build error %v, want go build's refusal of the link at the real file", err)
	}
}

// TestTestEmbeds runs the tests of packages embedding files, from a route
// folder and from the package's testdata (linked into the test view,
// which must not write through the link), as go test runs them.
func TestTestEmbeds(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/x/[id]/route.go":      "package route\n\nimport (\n\t_ \"embed\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\n//go:embed hello.txt\nvar hello string\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(hello) }\n",
		"app/x/[id]/hello.txt":     "hello",
		"app/x/[id]/route_test.go": "package route\n\nimport \"testing\"\n\nfunc TestHello(t *testing.T) {\n\tif hello != \"hello\" {\n\t\tt.Fatalf(\"hello = %q\", hello)\n\t}\n}\n",
		"lib/lib.go":               "package lib\n",
		"lib/lib_test.go":          "package lib\n\nimport (\n\t_ \"embed\"\n\t\"testing\"\n)\n\n//go:embed testdata/golden.txt\nvar golden string\n\nfunc TestGolden(t *testing.T) {\n\tif golden != \"golden\" {\n\t\tt.Fatalf(\"golden = %q\", golden)\n\t}\n}\n",
		"lib/testdata/golden.txt":  "golden",
		"lib/testdata/other.txt":   "other",
	})
	runTests(t, dir)
	entries, err := os.ReadDir(filepath.Join(dir, "lib", "testdata"))
	if err != nil || len(entries) != 2 {
		t.Errorf("the user's testdata changed: %v, %v", entries, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			t.Errorf("the user's testdata/%s is no longer a regular file", e.Name())
		}
	}
}

// TestTestGoLine runs the tests of a module whose go.mod says go 1.21:
// they are compiled at that version, as go test in the module compiles
// them (one variable for all the iterations of a loop), although the
// test view requires devserver, whose go line is newer.
func TestTestGoLine(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"go.mod":              "module example.com/app\n\ngo 1.21\n",
		"app/x/route.go":      "package route\n\nimport \"net/http\"\n\nfunc GET(w http.ResponseWriter, r *http.Request) {}\n",
		"app/x/route_test.go": "package route\n\nimport \"testing\"\n\nfunc TestLoop(t *testing.T) {\n\tvar fs []func() int\n\tfor i := 0; i < 3; i++ {\n\t\tfs = append(fs, func() int { return i })\n\t}\n\tif got := fs[0](); got != 3 {\n\t\tt.Fatalf(\"fs[0]() = %d, want 3 (Go 1.21's loop variable)\", got)\n\t}\n}\n",
	})
	runTests(t, dir)
}

// runTests runs devserver test over the app in dir, and fails t with the
// output when a test fails.
func runTests(t *testing.T, dir string) {
	t.Helper()
	proj, err := interp.FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := build.Test(context.Background(), proj, "", []string{"-mod=mod"}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
}
