package interp

import (
	"path/filepath"
	"testing"
)

func TestOwnedBy(t *testing.T) {
	j := filepath.Join
	root := string(filepath.Separator) + "src"
	for _, c := range []struct {
		dir, mod, other string
		want            bool
	}{
		// The sample app inside a checkout of the module it requires.
		{j(root, "devserver", "sample-app"), j(root, "devserver", "sample-app"), j(root, "devserver"), true},
		{j(root, "devserver", "sample-app", "internal", "x"), j(root, "devserver", "sample-app"), j(root, "devserver"), true},
		// A module in the cache, or replaced by a folder beside the app.
		{j(root, "mod", "uuid"), j(root, "app"), j(root, "mod", "uuid"), false},
		{j(root, "lib", "x"), j(root, "app"), j(root, "lib"), false},
		// A nested module inside the app's folder is not the app's.
		{j(root, "app", "lib", "x"), j(root, "app"), j(root, "app", "lib"), false},
		// A folder merely sharing a prefix of the name.
		{j(root, "app2", "x"), j(root, "app"), root, false},
	} {
		if got := ownedBy(c.dir, c.mod, c.other); got != c.want {
			t.Errorf("ownedBy(%s, %s, %s) = %v, want %v", c.dir, c.mod, c.other, got, c.want)
		}
	}
}
