package interp

import "testing"

// TestModulePaths checks how package paths are told apart once a project
// of a module without a dot (module myapp) was loaded.
func TestModulePaths(t *testing.T) {
	noteModule("myapp")
	noteModule("example.com/shop")
	for _, tc := range []struct {
		path       string
		fromSource bool
	}{
		{"myapp", true},
		{"myapp/internal/roles", true},
		{"myappx/internal", false},
		{"net/http", false},
		{"encoding/json", false},
		{"example.com/shop/app/cart", true},
		{"github.com/google/uuid", true},
		{"github.com/devserver/devserver/next", false},
	} {
		if got := fromSource(tc.path); got != tc.fromSource {
			t.Errorf("fromSource(%q) = %v, want %v", tc.path, got, tc.fromSource)
		}
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"myapp/internal/roles", "myapp/app/users", true},
		{"myapp", "myapp/app", true},
		{"myapp/internal", "myappx/internal", false},
		{"example.com/shop/internal/db", "example.com/shop/app/cart", true},
		{"example.com/shop/internal/db", "example.com/shoplib/x", false},
		{"github.com/google/uuid", "example.com/shop/app", false},
		// Neither recorded: the first two elements decide.
		{"example.org/x/a", "example.org/x/b", true},
		{"example.org/x/a", "example.org/y/a", false},
	} {
		if got := sameModule(tc.a, tc.b); got != tc.same {
			t.Errorf("sameModule(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}
