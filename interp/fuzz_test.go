package interp

// Fuzz target for the mapping of yaegi's error positions back to the user's
// files. Run it with
//
//	go test -run '^$' -fuzz '^FuzzSourceError$' -fuzztime 10s ./interp/
//
// See docs/reliability.md, "Fuzzing".

import (
	"errors"
	"fmt"
	"go/scanner"
	"path/filepath"
	"strings"
	"testing"
)

const (
	fzDir    = "/r00t/pr0j"                        // the user's module on disk
	fzDep    = "example.org/dep"                   // a module of its build list
	fzDepDir = "/r00t/m0dcache/example.org/dep@v1" // where that one is
)

// fzPathOK reports whether s can be a file name in a position yaegi
// writes, "name.go:line:col: ": no whitespace, ':' or '"'.
func fzPathOK(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\n\f\r:\"")
}

// FuzzSourceError gives sourceError any message, and a well-formed one
// built from fuzzed parts: lead + "src/<module or dependency>/<rel>:L:C: "
// + tail, as yaegi writes them (lead being, for instance, the importer's
// own "1:21: import "x" error: "). Invariants: no panic, in sourceError or
// in explain after it; a message without a position gives a plain error
// starting with the fallback file; a well-formed position gives one
// scanner.Error at the real file (in the module directory, or in the
// dependency's) with the same line and column, whose text no longer holds
// the module's virtual prefix.
func FuzzSourceError(f *testing.F) {
	for _, tc := range []struct {
		msg, module, rel, lead, tail string
		line, col                    uint32
		dep                          bool
	}{
		{"src/example.com/app/app/users/[id]/route.go:3:10: undefined: x", "example.com/app", "app/users/[id]/route.go", "", "undefined: x", 3, 10, false},
		{`1:21: import "example.com/app/internal/store" error: src/example.com/app/internal/store/store.go:7:2: undefined: y`, "example.com/app", "internal/store/store.go", `1:21: import "example.com/app/internal/store" error: `, "undefined: y", 7, 2, false},
		{"src/example.org/dep/x.go:1:1: expected 'package'", "app", "sub/x.go", "", "expected 'package', found 'EOF'", 1, 1, true},
		{"unable to find source related to: \"example.com/app/nope\"", "app", "(group)/route.go", "error: \"", "cannot use src/app/lib/x.go (type) in src/app/y.go", 0, 0, false},
		{"nil type", "example.com/app", "app/route.go", "\n", "", 99999999, 4294967295, false},
		{"x.go:99999999999999999999:1: big", "m", "a b/route.go", "", "undefined: slices.Sorted", 1, 1, false},
		{"src/app/a.go:1:2: src/app/b.go:3:4: inner", "app", "a.go", "x.go:5:6: ", "at src/app/c.go", 12, 34, false},
		{":1:2: .go:1:2: ", "example.com/app", ".go", "", "", 1, 2, false},
	} {
		f.Add(tc.msg, tc.module, tc.rel, tc.lead, tc.tail, tc.line, tc.col, tc.dep)
	}
	f.Fuzz(func(t *testing.T, msg, modPath, rel, lead, tail string, line, col uint32, dep bool) {
		if len(msg)+len(modPath)+len(rel)+len(lead)+len(tail) > 8192 {
			return
		}
		mods := &modules{list: []*module{{Path: fzDep, Dir: fzDepDir}}}
		vfs := newSrcFS(&Project{Dir: fzDir, AppDir: fzDir + "/app", ModuleDir: fzDir, Module: modPath}, mods)
		const fallback = fzDir + "/app/route.go"

		// Any message.
		err := vfs.sourceError(errors.New(msg), fallback)
		if err == nil {
			t.Fatalf("sourceError(%q) = nil", msg)
		}
		var el scanner.ErrorList
		if errors.As(err, &el) {
			if len(el) != 1 || el[0].Pos.Line < 0 || el[0].Pos.Column < 0 {
				t.Fatalf("sourceError(%q) = %#v", msg, el)
			}
		} else if !strings.HasPrefix(err.Error(), fallback+": ") {
			t.Fatalf("sourceError(%q) = %q, not naming %s", msg, err, fallback)
		}
		if !strings.Contains(msg, ".go:") && el != nil {
			t.Fatalf("sourceError(%q) = a position, from a message without one", msg)
		}
		_ = explain(err, fzDir+"/app") // no such folder: explain reads none

		// A well-formed position.
		if !fzPathOK(modPath) || !fzPathOK(rel) || !strings.HasSuffix(rel, ".go") ||
			lead != "" && !strings.ContainsAny(lead[len(lead)-1:], " \t\n\f\r\"") ||
			strings.Contains(tail, ".go:") {
			return
		}
		virtual := "src/" + modPath + "/" + rel
		if dep {
			virtual = "src/" + fzDep + "/" + rel
		}
		var want string
		switch own := "src/" + modPath; {
		case strings.HasPrefix(virtual, own+"/"):
			want = filepath.Join(fzDir, strings.TrimPrefix(virtual, own+"/"))
		case virtual == own:
			want = fzDir
		default:
			want = filepath.Join(fzDepDir, rel)
		}
		full := fmt.Sprintf("%s%s:%d:%d: %s", lead, virtual, line, col, tail)
		err = vfs.sourceError(errors.New(full), fallback)
		if !errors.As(err, &el) || len(el) != 1 {
			t.Fatalf("sourceError(%q) = %q, want a position", full, err)
		}
		pos := el[0].Pos
		if pos.Filename != want || pos.Line != int(line) || pos.Column != int(col) {
			t.Fatalf("sourceError(%q) at %s:%d:%d, want %s:%d:%d", full, pos.Filename, pos.Line, pos.Column, want, line, col)
		}
		if !strings.Contains(tail, "src/") && el[0].Msg != strings.TrimSpace(tail) {
			t.Fatalf("sourceError(%q) says %q, want %q", full, el[0].Msg, strings.TrimSpace(tail))
		}
		if !strings.Contains(modPath, "r00t") && fzStartsPath(el[0].Msg, "src/"+modPath+"/") {
			t.Fatalf("sourceError(%q) says %q, still with the virtual prefix", full, el[0].Msg)
		}
		_ = explain(err, fzDir+"/app") // no such folder: explain reads none
	})
}

// fzStartsPath reports whether prefix occurs in msg where a path starts:
// at the start, or after a character no path holds ("xsrc/app/" is not
// the virtual path src/app/).
func fzStartsPath(msg, prefix string) bool {
	for i := 0; i+len(prefix) <= len(msg); i++ {
		if msg[i:i+len(prefix)] != prefix {
			continue
		}
		if i == 0 {
			return true
		}
		c := msg[i-1]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if !letter && !strings.ContainsRune("._-~+@/\\", rune(c)) {
			return true
		}
	}
	return false
}
