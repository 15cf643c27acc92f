package interp

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestCaseLabels(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"switch, before the next clause",
			"switch n {\n\tcase 1:\n\touter:\n\t\tfor {\n\t\t\tbreak outer\n\t\t}\n\tcase 2:\n\t}",
			"switch n {\n\tcase 1:{\n\touter:\n\t\tfor {\n\t\t\tbreak outer\n\t\t}\n\t};case 2:\n\t}"},
		{"last clause, before the closing brace",
			"switch {\n\tdefault:\n\t\tuse(n)\n\tl:\n\t\tuse(n)\n\t\tgoto l\n\t}",
			"switch {\n\tdefault:{\n\t\tuse(n)\n\tl:\n\t\tuse(n)\n\t\tgoto l\n\t};}"},
		{"before a fallthrough",
			"switch n {\n\tcase 1:\n\tl:\n\t\tfor {\n\t\t\tbreak l\n\t\t}\n\t\tfallthrough\n\tcase 2:\n\t}",
			"switch n {\n\tcase 1:{\n\tl:\n\t\tfor {\n\t\t\tbreak l\n\t\t}\n\t\t};fallthrough\n\tcase 2:\n\t}"},
		{"type switch",
			"switch any(n).(type) {\n\tcase int:\n\tl:\n\t\tfor {\n\t\t\tbreak l\n\t\t}\n\t}",
			"switch any(n).(type) {\n\tcase int:{\n\tl:\n\t\tfor {\n\t\t\tbreak l\n\t\t}\n\t};}"},
		{"select",
			"select {\n\tcase <-ch:\n\tl:\n\t\tfor {\n\t\t\tbreak l\n\t\t}\n\tdefault:\n\t}",
			"select {\n\tcase <-ch:{\n\tl:\n\t\tfor {\n\t\t\tbreak l\n\t\t}\n\t};default:\n\t}"},
		{"label in a nested block", "switch n {\n\tcase 1:\n\t\tif n > 0 {\n\t\tl:\n\t\t\tfor {\n\t\t\t\tbreak l\n\t\t\t}\n\t\t}\n\t}", ""},
		{"no label", "switch n {\n\tcase 1:\n\t\tuse(n)\n\t}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nvar ch chan int\n\nfunc use(int) {}\n\nfunc f(n int) {\n\t" + tc.body + "\n}\n"
			checkBody(t, caseLabels, src, tc.want)
			// The block closes with a semicolon, which the statement
			// before a clause or a closing brace needs on one line.
			out := runPass(t, caseLabels, true, "a.go", src).out("a.go")
			if _, err := parser.ParseFile(token.NewFileSet(), "a.go", out, 0); err != nil {
				t.Errorf("the result does not parse: %v\n%s", err, out)
			}
		})
	}
}
