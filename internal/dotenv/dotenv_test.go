package dotenv

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestFiles(t *testing.T) {
	for _, c := range []struct {
		mode string
		want []string
	}{
		{Development, []string{".env", ".env.development", ".env.local", ".env.development.local"}},
		{Production, []string{".env", ".env.production", ".env.local", ".env.production.local"}},
		{Test, []string{".env", ".env.test", ".env.test.local"}},
	} {
		if got := Files(c.mode); !slices.Equal(got, c.want) {
			t.Errorf("Files(%q) = %q, want %q", c.mode, got, c.want)
		}
	}
}

// TestLoad checks which files each mode reads and which wins, and that
// the process environment wins over all of them.
func TestLoad(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		".env":                  "A=env\nB=env\nC=env\nD=env\n",
		".env.production":       "B=production\nC=production\n",
		".env.local":            "C=local\n",
		".env.production.local": "D=production.local\n",
		".env.development":      "A=development\n",
		".env.test":             "B=test\n",
		".env.test.local":       "broken line without equals\n'",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	prod := Load(dir, Production)
	want := map[string]string{"A": "env", "B": "production", "C": "local", "D": "production.local"}
	for k, v := range want {
		if prod.Vars[k] != v {
			t.Errorf("production: %s=%q, want %q", k, prod.Vars[k], v)
		}
	}
	if !slices.Equal(prod.Files, []string{".env", ".env.production", ".env.local", ".env.production.local"}) {
		t.Errorf("production read %q", prod.Files)
	}
	test := Load(dir, Test)
	if test.Vars["B"] != "test" || test.Vars["C"] != "env" {
		t.Errorf("test: B=%q C=%q, want test and env (no .env.local in tests)", test.Vars["B"], test.Vars["C"])
	}
	if !slices.Equal(test.Failed, []string{".env.test.local"}) {
		t.Errorf("test: failed %q, want the file that does not parse", test.Failed)
	}

	t.Setenv("A", "process")
	os.Unsetenv("B")
	t.Cleanup(func() { os.Unsetenv("B") })
	n, err := prod.Apply()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("A") != "process" || os.Getenv("B") != "production" {
		t.Errorf("after Apply: A=%q B=%q, want the process's A and the files' B", os.Getenv("A"), os.Getenv("B"))
	}
	if n != 3 { // B, C, D
		t.Errorf("Apply set %d variables, want 3", n)
	}
	os.Unsetenv("C")
	os.Unsetenv("D")
}

func TestMode(t *testing.T) {
	t.Setenv("NODE_ENV", "")
	if got := Mode(Production); got != Production {
		t.Errorf("Mode(production) without NODE_ENV = %q", got)
	}
	t.Setenv("NODE_ENV", "test")
	if got := Mode(Production); got != Test {
		t.Errorf("Mode(production) with NODE_ENV=test = %q", got)
	}
}
