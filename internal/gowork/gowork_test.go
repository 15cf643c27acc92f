package gowork

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/modfile"
)

// write creates the files (slash paths -> content) under dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFind(t *testing.T) {
	t.Setenv("GOWORK", "")
	root := t.TempDir()
	write(t, root, map[string]string{
		"go.work":       "go 1.26\n\nuse (\n\t./shop\n\t./money\n)\n\nreplace example.com/old => ./old\n",
		"go.work.sum":   "example.com/x v1.0.0 h1:work=\n",
		"shop/go.mod":   "module example.com/shop\n\ngo 1.26\n",
		"money/go.mod":  "module example.com/money\n\ngo 1.26\n",
		"money/go.sum":  "example.com/y v1.0.0 h1:money=\n",
		"other/go.mod":  "module example.com/other\n\ngo 1.26\n",
		"shop/sub/a.go": "package sub\n",
	})
	ws, err := Find(filepath.Join(root, "shop"))
	if err != nil || ws == nil {
		t.Fatalf("Find(shop) = %v, %v; want the workspace", ws, err)
	}
	want := []Replace{
		{Old: "example.com/money", New: filepath.Join(root, "money")},
		{Old: "example.com/old", New: filepath.Join(root, "old")},
	}
	if len(ws.Replaces) != len(want) || ws.Replaces[0] != want[0] || ws.Replaces[1] != want[1] {
		t.Errorf("Replaces = %+v, want %+v", ws.Replaces, want)
	}
	if got := string(ws.Sums); got != "example.com/y v1.0.0 h1:money=\nexample.com/x v1.0.0 h1:work=\n" {
		t.Errorf("Sums = %q", got)
	}
	f, err := modfile.Parse("go.mod", []byte("module example.com/shop\n\ngo 1.26\n\nreplace example.com/old => ../mine\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Apply(f); err != nil {
		t.Fatal(err)
	}
	if len(f.Replace) != 2 || f.Replace[0].New.Path != "../mine" || f.Replace[1].Old.Path != "example.com/money" {
		t.Errorf("Apply: replaces %+v, want the module's own for example.com/old and the workspace's for money", f.Replace)
	}

	if ws, err := Find(filepath.Join(root, "other")); ws != nil || err != nil {
		t.Errorf("Find(other), a module the workspace does not use = %+v, %v; want none", ws, err)
	}
	t.Setenv("GOWORK", "off")
	if ws, err := Find(filepath.Join(root, "shop")); ws != nil || err != nil {
		t.Errorf("Find with GOWORK=off = %+v, %v; want none", ws, err)
	}
	t.Setenv("GOWORK", filepath.Join(root, "go.work"))
	if ws, err := Find(filepath.Join(root, "shop")); ws == nil || err != nil {
		t.Errorf("Find with GOWORK naming the file = %v, %v; want the workspace", ws, err)
	}
}

func TestFindWithoutWorkspace(t *testing.T) {
	t.Setenv("GOWORK", "")
	dir := t.TempDir()
	write(t, dir, map[string]string{"go.mod": "module example.com/a\n\ngo 1.26\n"})
	if ws, err := Find(dir); ws != nil || err != nil {
		t.Errorf("Find = %+v, %v; want none", ws, err)
	}
}

func TestFindBrokenWorkspace(t *testing.T) {
	t.Setenv("GOWORK", "")
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"go.work":    "go 1.26\n\nuse (\n\t./a\n\t./b\n)\n",
		"a/go.mod":   "module example.com/a\n\ngo 1.26\n",
		"b/README":   "no go.mod here\n",
		"c/go.work":  "not a go.work\n",
		"c/d/go.mod": "module example.com/d\n",
	})
	if _, err := Find(filepath.Join(dir, "a")); err == nil {
		t.Error("Find: a use without a go.mod read as no error")
	}
	if _, err := Find(filepath.Join(dir, "c", "d")); err == nil {
		t.Error("Find: a go.work that does not parse read as no error")
	}
}
