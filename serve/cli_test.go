package serve

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/flaghelp"
)

func TestVersionOf(t *testing.T) {
	tests := []struct {
		name string
		info debug.BuildInfo
		want string
	}{
		{"devel, no commit", debug.BuildInfo{Main: debug.Module{Path: devserverModule, Version: "(devel)"}},
			"github.com/devserver/devserver (devel) commit unknown"},
		{"stamped", debug.BuildInfo{
			Main: debug.Module{Path: devserverModule, Version: "v0.0.0-20261205001000-5b0046b1234a"},
			Settings: []debug.BuildSetting{
				{Key: "vcs.revision", Value: "5b0046b1234a5678901234567890123456789012"},
				{Key: "vcs.time", Value: "2026-12-05T00:10:00Z"},
				{Key: "vcs.modified", Value: "true"},
			}},
			"github.com/devserver/devserver v0.0.0-20261205001000-5b0046b1234a commit 5b0046b1234a+dirty 2026-12-05T00:10:00Z"},
		{"a built app names devserver", debug.BuildInfo{
			Main: debug.Module{Path: "example.com/app", Version: "v1.2.3"},
			Deps: []*debug.Module{{Path: "golang.org/x/net", Version: "v0.1.0"}, {Path: devserverModule, Version: "v0.4.0"}},
		}, "example.com/app v1.2.3 commit unknown (github.com/devserver/devserver v0.4.0)"},
		{"no version", debug.BuildInfo{Main: debug.Module{Path: "example.com/app"}}, "example.com/app (devel) commit unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionOf(&tt.info); got != tt.want {
				t.Errorf("versionOf = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	got := wrap("aaa bbb ccc dddddddddd e", "  ", 10)
	want := "  aaa bbb\n  ccc\n  dddddddddd\n  e\n"
	if got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}

// TestBuiltHelp checks that a built binary's -h lists every flag it takes,
// each value flag with a placeholder that says what the value is.
func TestBuiltHelp(t *testing.T) {
	c := DefaultConfig()
	fs, _, _ := builtFlags("srv", &c)
	var b strings.Builder
	PrintFlags(&b, fs)
	for _, p := range flaghelp.Problems(fs, b.String()) {
		t.Error(p)
	}
	if t.Failed() {
		t.Log(b.String())
	}
}
