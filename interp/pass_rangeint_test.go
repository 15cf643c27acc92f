package interp

import (
	"strconv"
	"strings"
	"testing"
)

func TestRangeOverInt(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the loop's line after the pass; "" for unchanged
	}{
		{"literal", "for i := range 10 { use(i) }", "for _dsi%d, _dsn%d := 0, 10; _dsi%d < _dsn%d; _dsi%d++ { i := _dsi%d; use(i) }"},
		{"variable", "n := len(s); for i := range n { use(i) }", "n := len(s); for _dsi%d, _dsn%d := 0, n; _dsi%d < _dsn%d; _dsi%d++ { i := _dsi%d; use(i) }"},
		{"no variable", "for range 3 { use(0) }", "for _dsi%d, _dsn%d := 0, 3; _dsi%d < _dsn%d; _dsi%d++ { use(0) }"},
		{"blank", "for _ = range 3 { use(0) }", "for _dsi%d, _dsn%d := 0, 3; _dsi%d < _dsn%d; _dsi%d++ { use(0) }"},
		{"assigns", "var i int; for i = range 3 { use(i) }", "var i int; for _dsi%d, _dsn%d := 0, 3; _dsi%d < _dsn%d; _dsi%d++ { i = _dsi%d; use(i) }"},
		{"typed", "var n int64 = 3; for i := range n { use(int(i)) }", "var n int64 = 3; for _dsi%d, _dsn%d := int64(0), n; _dsi%d < _dsn%d; _dsi%d++ { i := _dsi%d; use(int(i)) }"},
		{"named of another package", "for d := range time.Duration(2) { use(int(d)) }", "for _dsi%d, _dsn%d := time.Duration(0), time.Duration(2); _dsi%d < _dsn%d; _dsi%d++ { d := _dsi%d; use(int(d)) }"},
		{"from strconv", "n, _ := strconv.Atoi(\"3\"); for i := range n { use(i) }", "n, _ := strconv.Atoi(\"3\"); for _dsi%d, _dsn%d := 0, n; _dsi%d < _dsn%d; _dsi%d++ { i := _dsi%d; use(i) }"},
		{"untyped rune", "for r := range 'c' { var _ *rune = &r }", "for _dsi%d, _dsn%d := rune(0), 'c'; _dsi%d < _dsn%d; _dsi%d++ { r := _dsi%d; var _ *rune = &r }"},
		{"untyped, assigned to an int64", "var i int64; for i = range 3 { use(int(i)) }", "var i int64; for _dsi%d, _dsn%d := int64(0), 3; _dsi%d < _dsn%d; _dsi%d++ { i = _dsi%d; use(int(i)) }"},
		{"untyped, assigned to a field", "var v struct{ n uint8 }; for v.n = range 3 { use(int(v.n)) }", "var v struct{ n uint8 }; for _dsi%d, _dsn%d := uint8(0), 3; _dsi%d < _dsn%d; _dsi%d++ { v.n = _dsi%d; use(int(v.n)) }"},
		{"slice", "for i := range s { use(i) }", ""},
		{"string", "for i := range \"ab\" { use(i) }", ""},
		{"unknown type", "for i := range undefined { use(i) }", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"strconv\"\n\t\"time\"\n)\n\nvar _, _ = strconv.Itoa, time.Now\n\nfunc use(int) {}\n\nfunc f(s []int) {\n\t" + tc.body + "\n}\n"
			r := runPass(t, rangeOverInt, true, "a.go", src)
			line := strings.Split(r.out("a.go"), "\n")[12]
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

func itoa(i int) string { return strconv.Itoa(i) }
