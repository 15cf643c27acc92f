package flaghelp

import (
	"flag"
	"strings"
	"testing"
)

func TestProblems(t *testing.T) {
	newSet := func() *flag.FlagSet {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.Int("port", 3000, "the `port` to listen on")
		fs.Int("p", 3000, "shorthand for --port")
		fs.Bool("poll", false, "poll")
		return fs
	}
	for _, tc := range []struct {
		name  string
		add   func(fs *flag.FlagSet)
		help  string
		wants []string // substrings of the problems, in order
	}{
		{"complete", nil, "  -p, --port port\n      ...\n  --poll\n", nil},
		{"a flag missing", nil, "  -p, --port port\n", []string{`flag poll: no line "--poll"`}},
		{"shorthand not beside its long name", nil, "  --port port\n  --poll\n", []string{`no line "-p, --port port"`}},
		{"generic placeholder", func(fs *flag.FlagSet) { fs.String("name", "", "a name") }, "  -p, --port port\n  --poll\n  --name string\n",
			[]string{`flag name: placeholder "string"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newSet()
			if tc.add != nil {
				tc.add(fs)
			}
			got := Problems(fs, tc.help)
			if len(got) != len(tc.wants) {
				t.Fatalf("Problems = %q, want %d matching %q", got, len(tc.wants), tc.wants)
			}
			for i, w := range tc.wants {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, got[i], w)
				}
			}
		})
	}
}
