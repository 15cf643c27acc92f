package server

import (
	"slices"
	"testing"
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
