package interp

import (
	"strings"
	"testing"
)

func TestRangeOverString(t *testing.T) {
	const (
		head   = "for _dsb%d, _dss%d, _dsw%d := 0, "
		cond   = ", 0; _dsb%d < len(_dss%d); _dsb%d += _dsw%d {"
		decode = " var _dsc%d rune; _dsc%d, _dsw%d = _dsrt.DecodeRune(_dss%d, _dsb%d);"
		width  = " _, _dsw%d = _dsrt.DecodeRune(_dss%d, _dsb%d);"
	)
	for _, tc := range []struct {
		name, body string
		want       string // the loop's line after the pass; "" for unchanged
	}{
		{"index and rune", "for i, c := range s { use(i, c) }", head + "s" + cond + decode + " i, c := _dsb%d, _dsc%d; use(i, c) }"},
		{"index only", "for i := range s { use(i, 0) }", head + "s" + cond + width + " i := _dsb%d; use(i, 0) }"},
		{"blank rune", "for i, _ := range s { use(i, 0) }", head + "s" + cond + width + " i := _dsb%d; use(i, 0) }"},
		{"assigns", "var i int; var c rune; for i, c = range s { use(i, c) }", "var i int; var c rune; " + head + "s" + cond + decode + " i, c = _dsb%d, _dsc%d; use(i, c) }"},
		{"named string type", "for i := range n { use(i, 0) }", head + "string(n)" + cond + width + " i := _dsb%d; use(i, 0) }"},
		{"constant", "for i, c := range \"é\" { use(i, c) }", head + "\"é\"" + cond + decode + " i, c := _dsb%d, _dsc%d; use(i, c) }"},
		{"labelled", "L: for i := range s { use(i, 0); continue L }", "L: " + head + "s" + cond + width + " i := _dsb%d; use(i, 0); continue L }"},
		{"runes only", "for _, c := range s { use(0, c) }", ""},
		{"no variables", "for range s { use(0, 0) }", ""},
		{"slice", "for i := range b { use(i, 0) }", ""},
		{"unknown type", "for i := range undefined { use(i, 0) }", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype name string\n\nfunc use(int, rune) {}\n\nfunc f(s string, n name, b []byte) {\n\t" + tc.body + "\n}\n"
			r := runPass(t, rangeOverString, true, "a.go", src)
			line := strings.Split(r.out("a.go"), "\n")[7]
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", line)
				}
				return
			}
			off := strings.Index(src, "for ")
			want := strings.ReplaceAll(tc.want, "%d", itoa(off))
			if !r.changed || strings.TrimSpace(line) != want {
				t.Errorf("got  %s\nwant %s", strings.TrimSpace(line), want)
			}
		})
	}
}
