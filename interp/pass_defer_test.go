package interp

import (
	"strings"
	"testing"
)

func TestDeferArgs(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the function's lines after the pass; "" for unchanged
	}{
		{"variable", "x := 1\n\tdefer fmt.Println(\"x\", x)",
			"x := 1\n\t_dsa%d_1 = append(_dsa%d_1, x); defer func() { _dsv%d_1 := _dsa%d_1[len(_dsa%d_1)-1]; _dsa%d_1 = _dsa%d_1[:len(_dsa%d_1)-1]; fmt.Println(\"x\", _dsv%d_1) }()"},
		{"rewritten argument", "x := 1\n\tdefer use(max(x, 2))",
			"x := 1\n\t_dsa%d_0 = append(_dsa%d_0, func(x int, y ...int) int { for _, v := range y { if v > x { x = v } }; return x }(x, 2)); defer func() { _dsv%d_0 := _dsa%d_0[len(_dsa%d_0)-1]; _dsa%d_0 = _dsa%d_0[:len(_dsa%d_0)-1]; use(_dsv%d_0) }()"},
		{"constants only", "defer fmt.Println(\"done\", 1)", ""},
		{"no arguments", "defer cleanup()", ""},
		{"closure variable", "x := 1\n\tf := func(int) {}\n\tdefer f(x)", ""},
		{"recovering function", "x := 1\n\tdefer rescue(x)", ""},
		{"recovering literal", "x := 1\n\tdefer func(int) { recover() }(x)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			head := "package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n\nfunc use(int)      {}\nfunc cleanup()     {}\nfunc rescue(x int) { recover() }\n\nfunc f() {"
			src := head + "\n\t" + tc.body + "\n}\n"
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				newBuiltins(f)
				return deferArgs(f)
			}, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			id := itoa(strings.Index(src, "defer "))
			decl := " var _dsa" + id + "_1 []int;"
			if strings.Contains(tc.want, "_0 =") {
				decl = " var _dsa" + id + "_0 []int;"
			}
			want := head + decl + "\n\t" + strings.ReplaceAll(tc.want, "%d", id) + "\n}\n"
			if !r.changed || out != want {
				t.Errorf("got\n%s\nwant\n%s", out, want)
			}
		})
	}
}

// TestDeferArgsReceiver checks that the receiver of a deferred method call
// is taken at the defer statement, by address for a pointer method.
func TestDeferArgsReceiver(t *testing.T) {
	src := "package p\n\ntype L struct{ n int }\n\nfunc (l *L) Add(n int) { l.n += n }\n\nfunc f(x int) {\n\tvar l L\n\tdefer l.Add(x)\n}\n"
	r := runPass(t, deferArgs, true, "a.go", src)
	id := itoa(strings.Index(src, "defer "))
	want := "\t_dsa" + id + "_r = append(_dsa" + id + "_r, &(l)); _dsa" + id + "_0 = append(_dsa" + id + "_0, x); defer func() { _dsv" + id + "_r := _dsa" + id + "_r[len(_dsa" + id + "_r)-1]; _dsa" + id + "_r = _dsa" + id + "_r[:len(_dsa" + id + "_r)-1]; _dsv" + id + "_0 := _dsa" + id + "_0[len(_dsa" + id + "_0)-1]; _dsa" + id + "_0 = _dsa" + id + "_0[:len(_dsa" + id + "_0)-1]; _dsv" + id + "_r.Add(_dsv" + id + "_0) }()"
	if out := r.out("a.go"); !strings.Contains(out, want+"\n") {
		t.Errorf("got\n%s\nwant a line\n%s", out, want)
	}
}

// TestDeferArgsReceiverOnly checks that a deferred method call without
// arguments takes its receiver at the defer statement too: each resource a
// loop opens is the one its deferred Close closes.
func TestDeferArgsReceiverOnly(t *testing.T) {
	src := "package p\n\ntype R struct{ n int }\n\nfunc (r *R) Close() error { return nil }\n\nfunc f() {\n\tfor i := 0; i < 3; i++ {\n\t\tr := &R{i}\n\t\tdefer r.Close()\n\t}\n}\n"
	r := runPass(t, deferArgs, true, "a.go", src)
	id := itoa(strings.Index(src, "defer "))
	want := "_dsa" + id + "_r = append(_dsa" + id + "_r, r); defer func() { _dsv" + id + "_r := _dsa" + id + "_r[len(_dsa" + id + "_r)-1]; _dsa" + id + "_r = _dsa" + id + "_r[:len(_dsa" + id + "_r)-1]; _dsv" + id + "_r.Close() }()"
	if out := r.out("a.go"); !strings.Contains(out, want+"\n") {
		t.Errorf("got\n%s\nwant a line containing\n%s", out, want)
	}
}

// TestDeferArgsPrinted checks that an operand of a deferred print call
// the fmtArgs pass wrapped is kept as an any, not as its own type.
func TestDeferArgsPrinted(t *testing.T) {
	src := "package p\n\nimport \"fmt\"\n\ntype pt struct{ x int }\n\nfunc (p pt) String() string { return \"pt\" }\n\nfunc f() {\n\tp := pt{1}\n\tdefer fmt.Println(p, p.x)\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) {
		fmtArgs(f)
		return deferArgs(f)
	}, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{"var _dsa%d_0 []any;", "var _dsa%d_1 []int;", "= append(_dsa%d_0, _dsfmt.Value(p, "} {
		want = strings.ReplaceAll(want, "%d", itoa(strings.Index(src, "defer")))
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestDeferArgsValueReceiverThroughPointer checks that a deferred value
// method called through a pointer copies the value pointed to at the
// defer statement, as Go does (100 Go Mistakes #47: the body changing the
// struct before the return must not show in the deferred call).
func TestDeferArgsValueReceiverThroughPointer(t *testing.T) {
	src := "package p\n\ntype S struct{ id string }\n\nfunc (s S) Print() {}\n\nfunc f() {\n\ts := &S{\"foo\"}\n\tdefer s.Print()\n\ts.id = \"bar\"\n}\n"
	r := runPass(t, deferArgs, true, "a.go", src)
	id := itoa(strings.Index(src, "defer "))
	for _, want := range []string{"var _dsa" + id + "_r []S;", "_dsa" + id + "_r = append(_dsa" + id + "_r, *(s)); defer func() {"} {
		if out := r.out("a.go"); !strings.Contains(out, want) {
			t.Errorf("got\n%s\nwant a line containing\n%s", out, want)
		}
	}
}

// TestDeferArgsPromotedValueReceiver checks that a deferred value method
// promoted through an embedded pointer copies the embedded value at the
// defer statement.
func TestDeferArgsPromotedValueReceiver(t *testing.T) {
	src := "package p\n\ntype S struct{ id string }\n\nfunc (s S) Print() {}\n\ntype W struct{ *S }\n\nfunc f() {\n\tw := W{&S{\"foo\"}}\n\tdefer w.Print()\n\tw.id = \"bar\"\n}\n"
	r := runPass(t, deferArgs, true, "a.go", src)
	id := itoa(strings.Index(src, "defer "))
	for _, want := range []string{"var _dsa" + id + "_r []S;", "_dsa" + id + "_r = append(_dsa" + id + "_r, *(w).S); defer func() {"} {
		if out := r.out("a.go"); !strings.Contains(out, want) {
			t.Errorf("got\n%s\nwant a line containing\n%s", out, want)
		}
	}
}
