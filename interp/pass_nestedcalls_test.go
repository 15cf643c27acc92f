package interp

import (
	"strings"
	"testing"
)

func TestNestedCalls(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass, %d for the call's offset; "" for unchanged
	}{
		{"result used", "_ = show(parse())", "_ = func() string { _dsn%d_0, _dsn%d_1 := parse(); return show(_dsn%d_0, _dsn%d_1) }()"},
		{"no result", "use(parse())", "func() { _dsn%d_0, _dsn%d_1 := parse(); use(_dsn%d_0, _dsn%d_1) }()"},
		{"results", "_, _ = two(parse())", "_, _ = func() (int, string) { _dsn%d_0, _dsn%d_1 := parse(); return two(_dsn%d_0, _dsn%d_1) }()"},
		{"first parameter not an interface", "_ = rev(swap())", ""},
		{"variadic", "_ = logf(parse())", "_ = func() string { _dsn%d_0, _dsn%d_1 := parse(); return logf(_dsn%d_0, _dsn%d_1) }()"},
		{"interfaces of compiled code", "_ = errs(pair())", ""},
		{"deferred", "defer use(parse())", ""},
		{"go", "go use(parse())", ""},
		{"method", "_ = t.show(parse())", "_ = func() string { _dsn%d_0, _dsn%d_1 := parse(); return t.show(_dsn%d_0, _dsn%d_1) }()"},
		{"function variable", "_ = fn(parse())", "_ = func() string { _dsn%d_0, _dsn%d_1 := parse(); return fn(_dsn%d_0, _dsn%d_1) }()"},
		{"method of an element (refused)", "_ = ts[0].show(parse())", ""},
		{"pointer method", "t.count(parse())", "func() { _dsn%d_0, _dsn%d_1 := parse(); t.count(_dsn%d_0, _dsn%d_1) }()"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype Node interface{ Eval() int }\n\ntype T struct{}\n\nfunc (T) show(n Node, err error) string { return \"\" }\n\nfunc (*T) count(n Node, err error) {}\n\nfunc parse() (Node, error) { return nil, nil }\n\nfunc swap() (error, Node) { return nil, nil }\n\nfunc pair() (error, error) { return nil, nil }\n\nfunc show(n Node, err error) string { return \"\" }\n\nfunc use(n Node, err error) {}\n\nfunc two(n Node, err error) (int, string) { return 0, \"\" }\n\nfunc rev(err error, n Node) string { return \"\" }\n\nfunc errs(a, b error) string { return \"\" }\n\nfunc logf(n Node, errs ...error) string { return \"\" }\n\nfunc f(t T, ts []T, fn func(Node, error) string) {\n\t" + tc.body + "\n}\n"
			checkBody(t, nestedCalls, src, replaceOffset(src, tc.body, tc.want))
		})
	}
}

// replaceOffset writes the offset in src of the first call of body (after
// its first "= " or "defer ", or at its start) for %d in want.
func replaceOffset(src, body, want string) string {
	if want == "" {
		return ""
	}
	at := strings.Index(src, "\t"+body) + 1
	if i := strings.Index(body, "= "); i >= 0 {
		at += i + 2
	}
	return strings.ReplaceAll(want, "%d", itoa(at))
}

// TestNestedCallsGoDefer: a go or defer statement handing the results of
// a call whole to its function runs the route compiled.
func TestNestedCallsGoDefer(t *testing.T) {
	src := "package p\n\nimport \"fmt\"\n\nfunc two() (string, int) { return \"\", 0 }\n\nfunc f() {\n\tdefer fmt.Println(two())\n\tgo fmt.Println(two())\n\tdefer fmt.Println(1, 2)\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) { f.detect = true; return nestedCalls(f) }, true, "a.go", src)
	if len(r.diags) != 2 || !strings.Contains(r.diags[0], "a.go:8:8: a go or defer statement") || !strings.Contains(r.diags[1], "a.go:9:5: a go or defer statement") {
		t.Errorf("diagnostics %q, want two, at the deferred and the go call", r.diags)
	}
}

// TestNestedCallsOtherCallees: the results of a call handed whole to a
// method of an element or a function of a map, whose operands Go
// evaluates first, run the route compiled.
func TestNestedCallsOtherCallees(t *testing.T) {
	src := "package p\n\ntype Node interface{ Eval() int }\n\ntype T struct{}\n\nfunc (T) show(n Node, err error) string { return \"\" }\n\nfunc parse() (Node, error) { return nil, nil }\n\nfunc f(ts []T, m map[string]func(Node, error)) {\n\t_ = ts[0].show(parse())\n\tm[\"k\"](parse())\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) { f.detect = true; return nestedCalls(f) }, true, "a.go", src)
	if len(r.diags) != 2 || !strings.Contains(r.diags[0], "a.go:12:6: the results of a call") || !strings.Contains(r.diags[1], "a.go:13:2: the results of a call") {
		t.Errorf("diagnostics %q, want two", r.diags)
	}
}
