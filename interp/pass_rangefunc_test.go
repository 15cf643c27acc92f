package interp

import (
	"fmt"
	"strings"
	"testing"
)

func TestRangeOverFunc(t *testing.T) {
	const seqs = "func seq(yield func(int) bool)            {}\nfunc seq2(yield func(string, int) bool)   {}\n"
	for _, tc := range []struct {
		name, fn string
		want     string // the function after the pass; "" for unchanged
	}{
		{"break and continue",
			"func f() {\n\tfor x := range seq {\n\t\tif x == 1 {\n\t\t\tcontinue\n\t\t}\n\t\tif x == 2 {\n\t\t\tbreak\n\t\t}\n\t}\n}",
			"func f() {\n\t{L} := _dsrt.NewRangeLoop(); seq(func(x int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\tif x == 1 {\n\t\t\treturn true\n\t\t}\n\t\tif x == 2 {\n\t\t\treturn false\n\t\t}\n\t; return true }()) }); {L}.Exit()\n}"},
		{"return",
			"func f() (int, error) {\n\tfor k, v := range seq2 {\n\t\tif k == \"a\" {\n\t\t\treturn v, nil\n\t\t}\n\t}\n\treturn 0, nil\n}",
			"func f() (int, error) { var _dsret bool; var _dsr0 int; var _dsr1 error;\n\t{L} := _dsrt.NewRangeLoop(); seq2(func(k string, v int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\tif k == \"a\" {\n\t\t\t{ _dsr0 = v; _dsr1 = nil; _dsret = true; return false }\n\t\t}\n\t; return true }()) }); {L}.Exit(); if _dsret { return _dsr0, _dsr1 }\n\treturn 0, nil\n}"},
		{"named results",
			"func f() (n int) {\n\tfor x := range seq {\n\t\tn = x\n\t\treturn\n\t}\n\treturn\n}",
			"func f() (n int) { var _dsret bool;\n\t{L} := _dsrt.NewRangeLoop(); seq(func(x int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\tn = x\n\t\t{ _dsret = true; return false }\n\t; return true }()) }); {L}.Exit(); if _dsret { return }\n\treturn\n}"},
		// yaegi fails on a nil, and on an any, in a tuple assignment.
		{"named results mentioned, a nil",
			"func f() (m map[int]int, err error) {\n\tfor x := range seq {\n\t\treturn m, nil\n\t}\n\treturn\n}",
			"func f() (m map[int]int, err error) { var _dsret bool;\n\t{L} := _dsrt.NewRangeLoop(); seq(func(x int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\t{ m, err = m, (error)(nil); _dsret = true; return false }\n\t; return true }()) }); {L}.Exit(); if _dsret { return }\n\treturn\n}"},
		{"named results mentioned, an any",
			"func f() (v any, n int) {\n\tfor x := range seq {\n\t\treturn v, x\n\t}\n\treturn\n}",
			"func f() (v any, n int) { var _dsret bool;\n\t{L} := _dsrt.NewRangeLoop(); seq(func(x int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\t{ v, n = func() (any, int) { return v, x }(); _dsret = true; return false }\n\t; return true }()) }); {L}.Exit(); if _dsret { return }\n\treturn\n}"},
		{"labelled continue out of a nested loop",
			"func f() {\nouter:\n\tfor i := 0; i < 2; i++ {\n\t\tfor range seq {\n\t\t\tcontinue outer\n\t\t}\n\t}\n}",
			"func f() { var _dsnext int;\nouter:\n\tfor i := 0; i < 2; i++ {\n\t\t{L} := _dsrt.NewRangeLoop(); seq(func(_ int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\t\t{ _dsnext = %d; return false }\n\t\t; return true }()) }); {L}.Exit(); if _dsnext == %d { _dsnext = 0; continue outer }\n\t}\n}"},
		{"assigned variables",
			"func f() {\n\tvar k string\n\tfor k, _ = range seq2 {\n\t}\n\t_ = k\n}",
			"func f() {\n\tvar k string\n\t{L} := _dsrt.NewRangeLoop(); seq2(func(_dsv0 string, _ int) bool { {L}.Enter(); return {L}.Leave(func() bool { k = _dsv0;\n\t; return true }()) }); {L}.Exit()\n\t_ = k\n}"},
		{"defer in the body",
			"func f() {\n\tfor x := range seq {\n\t\tdefer println(x)\n\t}\n}",
			"func f() { var _dsa%[1]d_0 []int; var _dslog []int;\n\t_dslog = append(_dslog, -1); defer func() { for len(_dslog) > 0 { _dsk := _dslog[len(_dslog)-1]; _dslog = _dslog[:len(_dslog)-1]; if _dsk < 0 { break }; switch _dsk { case %[1]d: _dsv%[1]d_0 := _dsa%[1]d_0[len(_dsa%[1]d_0)-1]; _dsa%[1]d_0 = _dsa%[1]d_0[:len(_dsa%[1]d_0)-1]; println(_dsv%[1]d_0) } } }(); {L} := _dsrt.NewRangeLoop(); seq(func(x int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\t_dsa%[1]d_0 = append(_dsa%[1]d_0, x); _dslog = append(_dslog, %[1]d)\n\t; return true }()) }); {L}.Exit()\n}"},
		{"defer of a function literal", "func f() {\n\tfor x := range seq {\n\t\tdefer func() { println(x) }()\n\t}\n}",
			"func f() { var _dsa%[1]d_f []func(); var _dslog []int;\n\t_dslog = append(_dslog, -1); defer func() { for len(_dslog) > 0 { _dsk := _dslog[len(_dslog)-1]; _dslog = _dslog[:len(_dslog)-1]; if _dsk < 0 { break }; switch _dsk { case %[1]d: _dsv%[1]d_f := _dsa%[1]d_f[len(_dsa%[1]d_f)-1]; _dsa%[1]d_f = _dsa%[1]d_f[:len(_dsa%[1]d_f)-1]; _dsv%[1]d_f() } } }(); {L} := _dsrt.NewRangeLoop(); seq(func(x int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\t_dsa%[1]d_f = append(_dsa%[1]d_f, func() { println(x) }); _dslog = append(_dslog, %[1]d)\n\t; return true }()) }); {L}.Exit()\n}"},
		{"defer of a function value held in a variable", "func f() {\n\tg := func() {}\n\tfor range seq {\n\t\tdefer g()\n\t}\n}", ""},
		{"slice", "func f(xs []int) {\n\tfor range xs {\n\t}\n}", ""},
		{"goto out of the body",
			"func f() {\n\tfor x := range seq {\n\t\tif x == 1 {\n\t\t\tgoto done\n\t\t}\n\t}\ndone:\n}",
			"func f() { var _dsnext int;\n\t{L} := _dsrt.NewRangeLoop(); seq(func(x int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\tif x == 1 {\n\t\t\t{ _dsnext = {G}; return false }\n\t\t}\n\t; return true }()) }); {L}.Exit(); if _dsnext == {G} { _dsnext = 0; goto done }\ndone:\n}"},
		{"goto inside the body",
			"func f() {\n\tfor x := range seq {\n\t\tif x == 1 {\n\t\t\tgoto done\n\t\t}\n\tdone:\n\t}\n}",
			"func f() {\n\t{L} := _dsrt.NewRangeLoop(); seq(func(x int) bool { {L}.Enter(); return {L}.Leave(func() bool { \n\t\tif x == 1 {\n\t\t\tgoto done\n\t\t}\n\tdone:\n\t; return true }()) }); {L}.Exit()\n}"},
		// The second loop would start with a declaration the goto jumps over.
		{"goto past another range over a function",
			"func f() {\n\tfor x := range seq {\n\t\tif x == 1 {\n\t\t\tgoto done\n\t\t}\n\t}\n\tfor range seq2 {\n\t}\ndone:\n}", "skip the first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\n" + seqs + "\n" + tc.fn + "\n"
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				changed, _ := rangeOverFunc(f)
				_, _ = deferArgs(f) // moves the defers of loop bodies
				return changed, nil
			}, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "skip the first" {
				if !strings.Contains(out, "goto done") || strings.Contains(out, "seq(func") {
					t.Errorf("the loop with the goto was desugared:\n%s", out)
				}
				return
			}
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			want := tc.want
			if strings.Contains(want, "%[1]d") {
				want = fmt.Sprintf(want, strings.Index(src, "defer "))
			}
			want = strings.ReplaceAll(want, "%d", itoa(strings.Index(src, "continue outer")))
			want = strings.ReplaceAll(want, "{G}", itoa(strings.Index(src, "goto done")))
			// The user's own code's yield functions record the line of a
			// panicking body (see RangeLoop.Panicking).
			want = strings.ReplaceAll(want, " bool { {L}.Enter();", " bool { defer {L}.Panicking(); {L}.Enter();")
			// The loop's state is named after the offset of its for.
			loop := strings.LastIndex(src[:strings.Index(src, "range seq")], "for")
			want = "package p; import _dsrt \"github.com/devserver/devserver/internal/desugar\"\n\n" + seqs + "\n" + strings.ReplaceAll(want, "{L}", "_dsrl"+itoa(loop)) + "\n\n" // a file given an import ends with an empty line
			if !r.changed || out != want {
				t.Errorf("got\n%q\nwant\n%q", out, want)
			}
		})
	}
}
