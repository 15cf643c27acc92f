package server

import (
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

// TestCodeFrameStaysInTheProject checks that an error page shows source
// lines only from files inside the project: an error naming another file
// (a module's, the standard library's, /etc/passwd) shows its message
// without the file's contents.
func TestCodeFrameStaysInTheProject(t *testing.T) {
	root := t.TempDir()
	proj := filepath.Join(root, "proj")
	inside := filepath.Join(proj, "app", "x", "route.go")
	outside := filepath.Join(root, "secret.go")
	for _, f := range []string{inside, outside} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("line one\nSECRET line two\nline three\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := &Server{App: App{Dir: proj, AppDir: filepath.Join(proj, "app")}}
	for _, c := range []struct {
		file  string
		frame bool
	}{
		{inside, true},
		{outside, false},
		{filepath.Join(proj, "..", "secret.go"), false},
		{"/etc/passwd", false},
		{"relative.go", false},
	} {
		err := scanner.ErrorList{{Pos: token.Position{Filename: c.file, Line: 2, Column: 1}, Msg: "boom"}}
		_, _, _, lines := s.codeFrame(err)
		if got := len(lines) > 0; got != c.frame {
			t.Errorf("%s: frame %v, want %v", c.file, got, c.frame)
		}
	}
}
