package desugar

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

//go:embed testdata/embedfs
var compiled embed.FS

//go:embed all:testdata/embedfs/a.txt testdata/embedfs/a
var compiledTwo embed.FS

// TestEmbedFS checks that EmbedFS makes exactly the embed.FS the compiler
// made of the same files: equal in every field (names, contents, hashes,
// folders, order), so every method runs alike.
func TestEmbedFS(t *testing.T) {
	if !EmbedFSExact {
		t.Fatal("embed.FS has another layout than EmbedFS knows")
	}
	for _, tc := range []struct {
		name string
		want embed.FS
	}{
		{"folder", compiled},
		{"two patterns", compiledTwo},
	} {
		// The files the compiler embedded, read from disk, in walk order
		// (not the order EmbedFS must produce).
		var args []string
		err := fs.WalkDir(tc.want, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(filepath.FromSlash(p))
			args = append([]string{p, string(data)}, args...) // reversed
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got := EmbedFS(args...)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: EmbedFS differs from the compiler's embed.FS", tc.name)
		}
		if _, err := fs.ReadFile(got, "testdata/embedfs/a/b/c.txt"); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if _, err := EmbedFS().Open("x"); err == nil {
		t.Error("an empty EmbedFS opened x")
	}
}
