package build_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestBuildLinkedFolders builds an app whose route folder and route file
// are symbolic links to places outside the module: the build serves them
// as the dev server does.
func TestBuildLinkedFolders(t *testing.T) {
	dir := writeApp(t, map[string]string{
		"app/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(\"home\") }\n",
	})
	outside := t.TempDir()
	route := func(body string) []byte {
		return []byte("package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request, ctx next.RouteContext) *next.Response {\n\treturn next.NewResponse(" + body + ")\n}\n")
	}
	if err := os.MkdirAll(filepath.Join(outside, "users", "[id]"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{
		"users/[id]/route.go": route(`"user " + ctx.Params.Get("id")`),
		"file.go":             route(`"linked file"`),
	} {
		if err := os.WriteFile(filepath.Join(outside, filepath.FromSlash(name)), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "users"), filepath.Join(dir, "app", "users")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "app", "f"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "file.go"), filepath.Join(dir, "app", "f", "route.go")); err != nil {
		t.Fatal(err)
	}
	bin, err := buildApp(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	u := run(t, bin)
	for path, want := range map[string]string{"/": "home", "/users/7": "user 7", "/f": "linked file"} {
		if code, _, body := get(t, u+path); code != 200 || body != want {
			t.Errorf("GET %s = %d %q, want 200 %q", path, code, body, want)
		}
	}
}
