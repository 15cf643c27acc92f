package server

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"weak"

	"github.com/devserver/devserver/approuter"
)

func TestPathTags(t *testing.T) {
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/", []string{"_N_T_/"}},
		{"", []string{"_N_T_/"}},
		{"//", []string{"_N_T_/"}},
		{"/blog/a", []string{"_N_T_/blog/a"}},
		{"/blog/a/", []string{"_N_T_/blog/a"}},
		{"blog/a", []string{"_N_T_/blog/a"}},
		{"/blog/[slug]", []string{"_N_T_/blog/[slug]", "_N_T_/blog/%5Bslug%5D"}}, // a route pattern, and the literal path escaped
		{"/café", []string{"_N_T_/café", "_N_T_/caf%C3%A9"}},
		{"/a b", []string{"_N_T_/a b", "_N_T_/a%20b"}},
	} {
		if got := pathTags(tc.path); !slices.Equal(got, tc.want) {
			t.Errorf("pathTags(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

// A server that is done is not kept alive, with its last generation and
// every interpreter behind it, by listening for next.RevalidateTag and
// next.RevalidatePath: a test or benchmark process starts many.
func TestDoneServerIsCollected(t *testing.T) {
	dir := t.TempDir()
	appDir := filepath.Join(dir, "app")
	if err := os.MkdirAll(filepath.Join(appDir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(appDir, "a", "route.go"), []byte("package route\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gen := func() weak.Pointer[Generation] {
		s := &Server{
			App: App{Dir: dir, AppDir: appDir},
			Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
				return make([]approuter.Loaded, len(files))
			}),
		}
		return weak.Make(s.Reload(context.Background(), nil))
	}()
	for range 5 {
		runtime.GC()
		if gen.Value() == nil {
			return
		}
	}
	t.Fatal("the generation of a server nothing refers to is still alive")
}
