package devmod

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/mod/sumdb/dirhash"
)

var testSource = fstest.MapFS{
	"go.mod":              {Data: []byte("module " + Path + "\n\ngo 1.26.0\n")},
	"go.sum":              {Data: []byte("golang.org/x/net v0.1.0 h1:x\n")},
	"next/next.go":        {Data: []byte("package next\n")},
	"next/next_test.go":   {Data: []byte("package next\n")},
	"next/testdata/a.txt": {Data: []byte("a")},
	"tool/go.mod":         {Data: []byte("module other\n")},
	"tool/tool.go":        {Data: []byte("package tool\n")},
}

func TestLoad(t *testing.T) {
	m, err := load(testSource)
	if err != nil {
		t.Fatal(err)
	}
	if !IsLocal(m.Version) || len(m.Version) != len(localPrefix)+12 {
		t.Errorf("version %q, want %s and 12 hex digits", m.Version, localPrefix)
	}
	files, _ := moduleFiles(testSource)
	if got := strings.Join(files, " "); got != "go.mod go.sum next/next.go" {
		t.Errorf("module files %q, want go.mod go.sum next/next.go (no tests, testdata or nested modules)", got)
	}
	sum := string(m.SumLines())
	for _, want := range []string{Path + " " + m.Version + " h1:", Path + " " + m.Version + "/go.mod h1:", "golang.org/x/net v0.1.0 h1:x\n"} {
		if !strings.Contains(sum, want) {
			t.Errorf("go.sum lines %q lack %q", sum, want)
		}
	}
	changed := fstest.MapFS{}
	for k, v := range testSource {
		changed[k] = v
	}
	changed["next/next.go"] = &fstest.MapFile{Data: []byte("package next // changed\n")}
	m2, err := load(changed)
	if err != nil {
		t.Fatal(err)
	}
	if m2.Version == m.Version {
		t.Errorf("a changed source kept version %s", m.Version)
	}
}

func TestSeed(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	cache := t.TempDir()
	t.Setenv("GOMODCACHE", cache)
	t.Setenv("GOFLAGS", "-modcacherw")
	m, err := load(testSource)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Seed(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(cache, "cache", "download", "github.com", "devserver", "devserver", "@v", m.Version)
	h, err := dirhash.HashZip(base+".zip", dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	if h != m.zipHash {
		t.Errorf("seeded zip hashes to %s, go.sum says %s", h, m.zipHash)
	}
	// The go command takes it from the cache, with no proxy to ask.
	cmd := exec.Command("go", "mod", "download", "-json", Path+"@"+m.Version)
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOSUMDB=off")
	cmd.Dir = t.TempDir()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go mod download: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `"Sum": "`+m.zipHash+`"`) {
		t.Errorf("go mod download says %s, want sum %s", out, m.zipHash)
	}
	// Seeding again leaves the complete copy as it is.
	if err := m.Seed(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
}
