package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPackageName(t *testing.T) {
	for _, tt := range []struct{ module, want string }{
		{"hello", "hello"},
		{"example.com/my-app", "myapp"},
		{"example.com/My_App2", "myapp2"},
		{"3d", "app3d"},
		{"---", "app"},
	} {
		if got := PackageName(tt.module); got != tt.want {
			t.Errorf("PackageName(%q) = %q, want %q", tt.module, got, tt.want)
		}
	}
}

func TestWriteRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "b"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, map[string][]byte{"a/x": []byte("new"), "b": []byte("new")})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("Write over an existing file: %v, want ErrExists", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Write wrote a/x although b exists")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b")); string(b) != "mine" {
		t.Errorf("b = %q, want it untouched", b)
	}
	if err := Write(dir, map[string][]byte{"a/x": []byte("new")}); err != nil {
		t.Fatal(err)
	}
}
