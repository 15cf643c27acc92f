package build

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var lineDirective = regexp.MustCompile(`/\*line :\d+:\d+\*/`)

// TestRewriteExitsKeepsColumns checks that what follows a replacement of
// another length on its line keeps its position, in the compiler's
// errors: the identifiers after each have the line and column they have
// in the source.
func TestRewriteExitsKeepsColumns(t *testing.T) {
	src := "package p\n\nimport (\n\t\"flag\"\n\t\"os\"\n)\n\nfunc f() (int, bool) {\n\tn := len(os.Args); fs := flag.NewFlagSet(\"x\", flag.ExitOnError); os.Exit(n); return n, fs.Parsed()\n}\n"
	out, _, ok := rewriteExits([]byte(src), true)
	if !ok {
		t.Fatal("nothing rewritten")
	}
	positions := func(src []byte) []token.Position {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "route.go", src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("%v:\n%s", err, src)
		}
		var out []token.Position
		ast.Inspect(f.Decls[1], func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && (id.Name == "n" || id.Name == "fs") {
				out = append(out, fset.Position(id.Pos()))
			}
			return true
		})
		return out
	}
	want, got := positions([]byte(src)), positions(out)
	if len(want) != 5 || len(got) != len(want) {
		t.Fatalf("identifiers at %v, want %v:\n%s", got, want, out)
	}
	for i := range want {
		if got[i].String() != want[i].String() { // the offsets differ
			t.Errorf("identifier %d at %v, want %v:\n%s", i, got[i], want[i], out)
		}
	}
}

func TestRewriteExits(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string // in the output, in order
		ok        bool
		goTest    bool // the view is go test's
	}{
		{"os.Exit", "package p\n\nimport \"os\"\n\nfunc f() { os.Exit(3) }\n", []string{"func f() { devserverExit(3) }\n", "var _ = os.Exit"}, true, false},
		{"log.Fatal*", "package p\n\nimport \"log\"\n\nfunc f() {\n\tlog.Fatal(1)\n\tlog.Fatalf(\"%d\", 2)\n\tlog.Fatalln(3)\n\tlog.Print(4)\n}\n", []string{"\tdevserverFatal(1)\n\tdevserverFatalf(\"%d\", 2)\n\tdevserverFatalln(3)\n\tlog.Print(4)\n", "var _ = log.Fatal"}, true, false},
		{"renamed import", "package p\n\nimport sys \"os\"\n\nfunc f() { sys.Exit(1) }\n", []string{"{ devserverExit(1) }", "var _ = sys.Exit"}, true, false},
		{"method value kept line", "package p\n\nimport \"os\"\n\nvar exit = os.Exit\n", []string{"var exit = devserverExit\n"}, true, false},
		{"flag.Parse", "package p\n\nimport \"flag\"\n\nvar v = flag.Bool(\"v\", false, \"\")\n\nfunc init() { flag.Parse() }\n", []string{"func init() { devserverFlagParse() }\n", "var _ = flag.Parse"}, true, false},
		{"flag.Parse under go test", "package p\n\nimport \"flag\"\n\nfunc init() { flag.Parse() }\n", nil, false, true},
		{"a FlagSet's Parse of os.Args", "package p\n\nimport (\n\t\"flag\"\n\t\"os\"\n)\n\nfunc f(fs *flag.FlagSet) { fs.Parse(os.Args[1:]) }\n", []string{"func f(fs *flag.FlagSet) { fs.Parse(devserverArgs[1:]) }\n", "var _ = os.Exit"}, true, false},
		{"os.Args under go test", "package p\n\nimport \"os\"\n\nvar n = len(os.Args)\n", nil, false, true},
		{"NewFlagSet", "package p\n\nimport \"flag\"\n\nvar fs = flag.NewFlagSet(\"x\", flag.ExitOnError)\n", []string{"var fs = devserverNewFlagSet(\"x\", flag.ExitOnError)\n", "var _ = flag.Parse"}, true, false},
		{"CommandLine", "package p\n\nimport fl \"flag\"\n\nfunc f(args []string) error { return fl.CommandLine.Parse(args) }\n", []string{"func f(args []string) error { return fl.CommandLine.Parse(args) }\n"}, true, false},
		{"CommandLine under go test", "package p\n\nimport \"flag\"\n\nfunc f(args []string) error { return flag.CommandLine.Parse(args) }\n", nil, false, true},
		{"another package's Args", "package p\n\nimport \"example.com/os\"\n\nvar a = os.Args\n", nil, false, false},
		{"another package's Exit", "package p\n\nimport \"example.com/os2\"\n\nfunc f() { os2.Exit(1) }\n", nil, false, false},
		{"no import", "package p\n\nfunc f(x T) { x.Exit(1) }\n", nil, false, false},
		{"logger method", "package p\n\nimport \"log\"\n\nfunc f(l *log.Logger) { l.Fatal(1) }\n", nil, false, false},
	} {
		out, pkg, ok := rewriteExits([]byte(c.src), !c.goTest)
		if ok != c.ok {
			t.Errorf("%s: ok %v, want %v:\n%s", c.name, ok, c.ok, out)
			continue
		}
		if !ok {
			if string(out) != c.src {
				t.Errorf("%s: changed without a call to rewrite", c.name)
			}
			continue
		}
		if pkg != "p" {
			t.Errorf("%s: package %q", c.name, pkg)
		}
		// The line directives after replacements are TestRewriteExitsKeepsColumns'.
		plain := lineDirective.ReplaceAllString(string(out), "")
		rest := plain
		for _, w := range c.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%s: %q missing from:\n%s", c.name, w, out)
				break
			}
			rest = rest[i+len(w):]
		}
		srcLines, outLines := strings.Split(c.src, "\n"), strings.Split(plain, "\n")
		for i, l := range srcLines {
			if !strings.Contains(l, "Exit") && !strings.Contains(l, "Fatal") && !strings.Contains(l, "Parse") && !strings.Contains(l, "Args") && !strings.Contains(l, "NewFlagSet") && outLines[i] != l {
				t.Errorf("%s: line %d moved: %q, want %q", c.name, i+1, outLines[i], l)
			}
		}
	}
}

// TestExitRewritesWrite checks which files of a shared package are
// rewritten into the mirror: one calling os.Exit, not a command's (package
// main) nor one without exits; the helper goes where a file was rewritten.
func TestExitRewritesWrite(t *testing.T) {
	root := t.TempDir()
	e := exitRewrites{}
	for _, tc := range []struct {
		dir, src string
		written  bool
	}{
		{"store", "package store\n\nimport \"os\"\n\nfunc F() { os.Exit(1) }\n", true},
		{"cmd/tool", "package main\n\nimport \"os\"\n\nfunc main() { os.Exit(2) }\n", false},
		{"plain", "package plain\n\nfunc F() {}\n", false},
	} {
		dst := filepath.Join(root, tc.dir, "f.go")
		done, err := e.write(dst, []byte(tc.src), true)
		if err != nil {
			t.Fatal(err)
		}
		if done != tc.written {
			t.Errorf("%s: written = %v, want %v", tc.dir, done, tc.written)
		}
		if _, err := os.Stat(dst); (err == nil) != tc.written {
			t.Errorf("%s: file in the mirror: %v, want %v", tc.dir, err == nil, tc.written)
		}
	}
	if err := e.writeHelpers(); err != nil {
		t.Fatal(err)
	}
	if got, want := len(e), 1; got != want {
		t.Fatalf("%d folders with a helper, want %d: %v", got, want, e)
	}
	if _, err := os.Stat(filepath.Join(root, "store", exitHelperFile)); err != nil {
		t.Errorf("no helper beside the rewritten file: %v", err)
	}
}
