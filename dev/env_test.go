package dev

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestLoadEnvModes checks that the dev server reads the development files,
// and the test files (without .env.local) when NODE_ENV=test, as next dev
// does.
func TestLoadEnvModes(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{".env", ".env.development", ".env.local", ".env.test", ".env.production"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("DEVSERVER_ENV_MODE_TEST="+name+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		nodeEnv string
		files   []string
		value   string
	}{
		{"", []string{".env", ".env.development", ".env.local"}, ".env.local"},
		{"development", []string{".env", ".env.development", ".env.local"}, ".env.local"},
		{"test", []string{".env", ".env.test"}, ".env.test"},
	} {
		t.Setenv("NODE_ENV", c.nodeEnv)
		e := loadEnv(dir)
		if !slices.Equal(e.loaded, c.files) {
			t.Errorf("NODE_ENV=%q: read %q, want %q", c.nodeEnv, e.loaded, c.files)
		}
		if !slices.Contains(e.vars, "DEVSERVER_ENV_MODE_TEST="+c.value) {
			t.Errorf("NODE_ENV=%q: the variable is not %s's", c.nodeEnv, c.value)
		}
		if got := isEnvFile(dir, filepath.Join(dir, ".env.test")); got != (c.nodeEnv == "test") {
			t.Errorf("NODE_ENV=%q: .env.test watched: %v", c.nodeEnv, got)
		}
	}
}
