package interp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/desugar"
)

// embedFolder is a folder of the user's module on disk holding one Go
// file, a.go, and files, for the embedVars pass to resolve patterns in.
func embedFolder(t *testing.T, src string, files map[string]string) *folder {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f := newFolder(dir, map[string][]byte{"a.go": []byte(src)})
	if len(f.files) != 1 {
		t.Fatalf("test source does not parse:\n%s", src)
	}
	f.virtualDir, f.importPath, f.own = "src/example.com/m/p/", "example.com/m/p", true
	return f
}

func TestEmbedVars(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"embed\"\n\t_ \"embed\"\n)\n\n"
	files := map[string]string{"hello.txt": "hi \"there\"\n\tbye\n", "b.bin": "\x00\xff", "t/a.html": "a", "t/b.html": "b", "one/x": "x"}
	for _, tc := range []struct {
		name, src string
		want      string // in the output; "" for none
		refusal   string // the start of the diagnostic; "" for none
	}{
		{"string", "//go:embed hello.txt\nvar hello string\n", "var hello string = \"hi \\\"there\\\"\\n\\tbye\\n\"\n", ""},
		{"bytes", "//go:embed b.bin\nvar b []byte\n", "var b []byte = []byte(\"\\x00\\xff\")\n", ""},
		{"grouped, with comments between", "var (\n\t//go:embed hello.txt\n\n\t// The greeting.\n\thello string // from the file\n\tother int\n)\n", "\thello string = \"hi", ""},
		{"quoted pattern, two directives", "//go:embed \"hello.txt\"\n//go:embed hello.txt\nvar hello string\n", "var hello string = \"hi", ""},
		{"folder of one file", "//go:embed one\nvar x string\n", "var x string = \"x\"\n", ""},
		{"embed.FS", "//go:embed t one\nvar fsys embed.FS\n", "var fsys embed.FS = _dsrt.EmbedFS(\"t/a.html\", \"a\", \"t/b.html\", \"b\", \"one/x\", \"x\")\n", ""},
		{"several files for a string", "//go:embed t/*.html\nvar s string\n", "", "a //go:embed string variable embedding several files"},
		{"no match", "//go:embed nothing.txt\nvar s string\n", "", "a //go:embed pattern the go command refuses (pattern nothing.txt: no matching files found)"},
		{"initialised", "//go:embed hello.txt\nvar s = \"x\"\n", "", "a //go:embed directive on several variables"},
		{"in a function", "func f() {\n\t//go:embed hello.txt\n\tvar s string\n\t_ = s\n}\n", "", "a //go:embed directive on no package-level variable"},
		{"before a grouped declaration", "//go:embed hello.txt\nvar (\n\ts string\n)\n", "", "a //go:embed directive on no package-level variable"},
		{"before a function", "//go:embed hello.txt\nfunc f() {}\n", "", "a //go:embed directive on no package-level variable"},
		{"other type", "type T string\n\n//go:embed hello.txt\nvar s T\n", "", "a //go:embed variable of type T"},
		{"not a directive", "//go:embedded hello.txt\nvar s string\n", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := embedFolder(t, head+tc.src, files)
			changed, diags := embedVars(f)
			out := string(f.files[0].src)
			if o := f.files[0].output(); o != nil {
				out = string(o)
			}
			if tc.want != "" && (!changed || !strings.Contains(out, tc.want)) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			// (An import added goes after the package clause, and the pipeline
			// ends the file with a newline then.)
			if strings.Count(strings.TrimRight(out, "\n"), "\n") != strings.Count(strings.TrimRight(head+tc.src, "\n"), "\n") {
				t.Errorf("lines added:\n%s", out)
			}
			switch {
			case tc.refusal == "" && len(diags) > 0:
				t.Errorf("refused: %s", diags[0].msg)
			case tc.refusal != "" && (len(diags) == 0 || !strings.HasPrefix(diags[0].msg, tc.refusal) || !diags[0].refuse):
				t.Errorf("diagnostics %v, want a refusal %q", diags, tc.refusal)
			}
		})
	}
}

// TestEmbedFSDetector checks that an embed.FS variable under //go:embed
// sends its file to the compiled tier, and a string one does not, when
// desugar.EmbedFS cannot make an embed.FS (and that neither does when it
// can, nor the pass then refuses one).
func TestEmbedFSDetector(t *testing.T) {
	const head = "package p\n\nimport \"embed\"\n\n"
	files := map[string]string{"static/a": "a", "hello.txt": "hi"}
	f := embedFolder(t, head+"//go:embed static\nvar fsys embed.FS\n", files)
	f.detect = true
	if _, diags := detectDiffering(f); len(diags) > 0 {
		t.Errorf("detected %v, though desugar.EmbedFS makes embed.FS", diags)
	}
	defer func(exact bool) { desugar.EmbedFSExact = exact }(desugar.EmbedFSExact)
	desugar.EmbedFSExact = false
	if _, diags := embedVars(embedFolder(t, head+"//go:embed static\nvar fsys embed.FS\n", files)); len(diags) == 0 || !strings.HasPrefix(diags[0].msg, embedFSConstruct) {
		t.Errorf("the pass gave an embed.FS it cannot make (diagnostics %v)", diags)
	}
	for src, want := range map[string]bool{
		"//go:embed static\nvar fsys embed.FS\n":                    true,
		"var (\n\t//go:embed static\n\tfsys embed.FS\n)\n":          true,
		"//go:embed hello.txt\nvar s string\n\nvar e embed.FS\n":    false,
		"var fsys embed.FS // an empty one, in a build as in dev\n": false,
	} {
		f := embedFolder(t, head+src, files)
		f.detect = true
		_, diags := detectDiffering(f)
		if got := len(diags) > 0 && strings.HasPrefix(diags[0].msg, embedFSConstruct+DiffersMarker); got != want {
			t.Errorf("%s: detected %v (%v), want %v", src, got, diags, want)
		}
	}
}
