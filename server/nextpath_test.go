package server

import "testing"

// TestResolveDots: dot segments are removed as a WHATWG URL parser
// removes them (the answers of new URL(p, "http://h").pathname in Node).
func TestResolveDots(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/", "/"},
		{"/a/b", "/a/b"},
		{"/a/./b", "/a/b"},
		{"/a/../b", "/b"},
		{"/a/b/..", "/a/"},
		{"/a/b/.", "/a/b/"},
		{"/..", "/"},
		{"/../../a", "/a"},
		{"/a/%2e%2e/b", "/b"},
		{"/a/%2E/b", "/a/b"},
		{"/a/.%2e/b", "/b"},
		{"/a/%2e./b", "/b"},
		{"/a//../b", "/a/b"},
		{"/a/.hidden", "/a/.hidden"},
		{"/a/...", "/a/..."},
		{"/a/%2e%2e%2e", "/a/%2e%2e%2e"},
		{"/a/b%2f..", "/a/b%2f.."},
		{"//a/./b//", "//a/b//"},
	} {
		if got := resolveDots(tc.in); got != tc.want {
			t.Errorf("resolveDots(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
