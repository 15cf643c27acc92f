package goline

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLang(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("dep/go.mod", "module example.com/dep\n\ngo 1.26.0\n")
	write("old/go.mod", "module example.com/old\n\ngo 1.20\n")
	for _, tc := range []struct{ name, gomod, want string }{
		{"go line", "module example.com/app\n\ngo 1.21\n", "go1.21"},
		{"patch version", "module example.com/app\n\ngo 1.22.3\n", "go1.22"},
		{"no go line", "module example.com/app\n", ""},
		{"raised by a requirement", "module example.com/app\n\ngo 1.21\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n", "go1.26"},
		{"not lowered by one", "module example.com/app\n\ngo 1.22\n\nrequire example.com/old v0.0.0\n\nreplace example.com/old => ../old\n", "go1.22"},
		{"unknown requirement", "module example.com/app\n\ngo 1.22\n\nrequire example.com/nowhere v1.2.3\n", "go1.22"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			write("app/go.mod", tc.gomod)
			if got := Lang(filepath.Join(dir, "app")); got != tc.want {
				t.Errorf("Lang = %q, want %q", got, tc.want)
			}
		})
	}
	if got := Lang(filepath.Join(dir, "none")); got != "" {
		t.Errorf("Lang of a folder without go.mod = %q, want \"\"", got)
	}
}
