package interp

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestBinaryName(t *testing.T) {
	for _, tt := range []struct{ module, want string }{
		{"hello", "hello"},
		{"example.com/shop", "shop"},
		{"example.com/shop/v2", "shop"},
		{"gopkg.in/yaml.v3", "yaml.v3"},
		{"example.com/v2", "example.com"},
		{"v2", "v2"},
		{"example.com/shop/v1", "v1"},
		{"example.com/shop/v02", "v02"},
		{"example.com/shop/v10", "shop"},
		{"example.com/my-app", "my-app"},
	} {
		want := tt.want
		if runtime.GOOS == "windows" {
			want += ".exe"
		}
		if got := BinaryName(tt.module); got != want {
			t.Errorf("BinaryName(%q) = %q, want %q", tt.module, got, want)
		}
	}
}

// A project without a go.mod is named after its folder: its module path,
// "app", would name its app folder.
func TestProjectBinaryNameWithoutGoMod(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	if err := os.MkdirAll(filepath.Join(dir, "app"), 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "shop"
	if runtime.GOOS == "windows" {
		want += ".exe"
	}
	if got := p.BinaryName(); got != want {
		t.Errorf("BinaryName() = %q, want %q (module %q)", got, want, p.Module)
	}
}
