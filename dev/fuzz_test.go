package dev

// Fuzz target for the boundary between devserver and godotenv: loadEnv
// given any contents for .env and .env.local. godotenv's own parsing is
// its business; what loadEnv does with the result is ours. Run it with
//
//	go test -run '^$' -fuzz '^FuzzLoadEnv$' -fuzztime 10s ./dev/
//
// See docs/reliability.md, "Fuzzing".

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/joho/godotenv"
)

// FuzzLoadEnv writes two environment files and loads them. Invariants: no
// panic; each file is either loaded or, when godotenv cannot parse it,
// named in failed, and nothing but the file names is kept about it (the
// warnings print failed and loaded, so no value can reach the log); the
// process environment comes first and unchanged; after it, one KEY=value
// per key of the files that the process does not set, sorted, with the
// value of the later file (.env.local over .env); keys counts them.
func FuzzLoadEnv(f *testing.F) {
	for _, tc := range []struct{ env, local string }{
		{"A=1\nB=2\n", "B=3\n"},
		{"SECRET=hunter2\nPATH=/evil\nHOME=x", ""},
		{"export A='single'\nB=\"double\\nline\"\nC=`back`\n# comment\nD=x # trailing", "A=${B}-$C"},
		{"A=\"unterminated\n", "B=2"},
		{"=novalue\n  \nKEY\nK:V\nK2: v2\n", "\x00=\x00"},
		{"A=1\r\nB=2\r\n", "A"},
		{"A==B\nB=C=D\nexport\n", "export ="},
		{"\xff\xfe=\xff", "ключ=значение"},
		{"", ""},
	} {
		f.Add(tc.env, tc.local)
	}
	process := os.Environ()
	set := map[string]bool{}
	for _, kv := range process {
		k, _, _ := strings.Cut(kv, "=")
		set[k] = true
	}
	f.Fuzz(func(t *testing.T, env, local string) {
		if len(env)+len(local) > 8192 {
			return
		}
		dir := t.TempDir()
		for name, body := range map[string]string{".env": env, ".env.local": local} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		e := loadEnv(dir)

		// The reference: godotenv's parse of each file, later files
		// winning, keys the process sets left out.
		want := map[string]string{}
		var loaded, failed []string
		for _, name := range []string{".env", ".env.local"} {
			vars, err := godotenv.Read(filepath.Join(dir, name))
			if err != nil {
				failed = append(failed, name)
				continue
			}
			loaded = append(loaded, name)
			for k, v := range vars {
				if !set[k] {
					want[k] = v
				}
			}
		}
		if !slices.Equal(e.loaded, loaded) || !slices.Equal(e.failed, failed) {
			t.Fatalf("loaded %q failed %q, want %q and %q", e.loaded, e.failed, loaded, failed)
		}
		if len(e.vars) < len(process) || !slices.Equal(e.vars[:len(process)], process) {
			t.Fatalf("the process environment is not kept first and unchanged")
		}
		added := e.vars[len(process):]
		if e.keys != len(added) || len(added) != len(want) {
			t.Fatalf("keys %d, %d variables added, want %d", e.keys, len(added), len(want))
		}
		prev := ""
		for i, kv := range added {
			// The key is everything up to the first '=', as the
			// interpreter's os.Getenv reads it.
			k, v, _ := strings.Cut(kv, "=")
			if w, ok := want[k]; !ok || w != v {
				t.Fatalf("variable %d reads as %q=%q; the files give %q (present %v)", i, k, v, w, ok)
			}
			if i > 0 && k <= prev {
				t.Fatalf("variables not sorted by key: %q after %q", k, prev)
			}
			prev = k
		}
	})
}
