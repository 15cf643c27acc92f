package interp

import "testing"

// TestRealPaths checks that only whole virtual paths become real ones.
func TestRealPaths(t *testing.T) {
	vfs := srcFS{prefix: "src/app", dir: "/home/me/app"}
	for _, tc := range []struct{ in, want string }{
		{"src/app/route.go:3:4: undefined: x", "/home/me/app/route.go:3:4: undefined: x"},
		{`import "src/app/lib" error`, `import "/home/me/app/lib" error`},
		{"cannot use (src/app/x.go) in src/app/y.go", "cannot use (/home/me/app/x.go) in /home/me/app/y.go"},
		{"at\tsrc/app/a.go:1", "at\t/home/me/app/a.go:1"},
		// Not a path start: the prefix is inside another word or path.
		{"xsrc/app/a.go", "xsrc/app/a.go"},
		{"00000000000src/appsrc/app/", "00000000000src/appsrc/app/"},
		{"/tmp/src/app/a.go", "/tmp/src/app/a.go"},
		{"src/app/src/app/a.go", "/home/me/app/src/app/a.go"},
		{"src/apple/a.go", "src/apple/a.go"},
		{"", ""},
	} {
		if got := vfs.realPaths(tc.in); got != tc.want {
			t.Errorf("realPaths(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
