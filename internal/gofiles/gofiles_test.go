package gofiles

import "testing"

func TestOther(t *testing.T) {
	for name, want := range map[string]bool{
		"add_amd64.s": true, "sum.S": true, "hash.c": true, "hash.h": true, "lib.cpp": true,
		"rsrc_windows_amd64.syso": true, "iface.swig": true,
		"route.go": false, "route_test.go": false, "README.md": false, "data.json": false,
		"Makefile": false, ".s": true, "s": false,
	} {
		if got := Other(name); got != want {
			t.Errorf("Other(%q) = %v, want %v", name, got, want)
		}
	}
}
