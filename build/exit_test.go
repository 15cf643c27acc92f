package build

import (
	"strings"
	"testing"
)

func TestRewriteExits(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string // in the output, in order
		ok        bool
	}{
		{"os.Exit", "package p\n\nimport \"os\"\n\nfunc f() { os.Exit(3) }\n", []string{"func f() { devserverExit(3) }\n", "var _ = os.Exit"}, true},
		{"log.Fatal*", "package p\n\nimport \"log\"\n\nfunc f() {\n\tlog.Fatal(1)\n\tlog.Fatalf(\"%d\", 2)\n\tlog.Fatalln(3)\n\tlog.Print(4)\n}\n", []string{"\tdevserverFatal(1)\n\tdevserverFatalf(\"%d\", 2)\n\tdevserverFatalln(3)\n\tlog.Print(4)\n", "var _ = log.Fatal"}, true},
		{"renamed import", "package p\n\nimport sys \"os\"\n\nfunc f() { sys.Exit(1) }\n", []string{"{ devserverExit(1) }", "var _ = sys.Exit"}, true},
		{"method value kept line", "package p\n\nimport \"os\"\n\nvar exit = os.Exit\n", []string{"var exit = devserverExit\n"}, true},
		{"another package's Exit", "package p\n\nimport \"example.com/os2\"\n\nfunc f() { os2.Exit(1) }\n", nil, false},
		{"no import", "package p\n\nfunc f(x T) { x.Exit(1) }\n", nil, false},
		{"logger method", "package p\n\nimport \"log\"\n\nfunc f(l *log.Logger) { l.Fatal(1) }\n", nil, false},
	} {
		out, pkg, ok := rewriteExits([]byte(c.src))
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
		rest := string(out)
		for _, w := range c.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%s: %q missing from:\n%s", c.name, w, out)
				break
			}
			rest = rest[i+len(w):]
		}
		srcLines, outLines := strings.Split(c.src, "\n"), strings.Split(string(out), "\n")
		for i, l := range srcLines {
			if !strings.Contains(l, "Exit") && !strings.Contains(l, "Fatal") && outLines[i] != l {
				t.Errorf("%s: line %d moved: %q, want %q", c.name, i+1, outLines[i], l)
			}
		}
	}
}
