package interp

import (
	"strings"
	"testing"
)

func TestBoundsChecks(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"slice index", "use(f(), s[i])", "use(f(), s[_dsrt.Index(i, len(s))])"},
		{"constant index of a slice", "use(f(), s[3])", "use(f(), s[_dsrt.Index(3, len(s))])"},
		{"index of another type", "use(f(), str[u])", "use(f(), str[_dsrt.Index(int(u), len(str))])"},
		{"index of a wide unsigned type", "use(f(), s[w])", "use(f(), s[_dsrt.IndexUint(uint64(w), len(s))])"},
		{"field", "use(f(), t.xs[i])", "use(f(), t.xs[_dsrt.Index(i, len(t.xs))])"},
		{"assigned", "s[i] = len(f())", "s[_dsrt.Index(i, len(s))] = len(f())"},
		{"constant index of an array", "use(f(), a[1])", ""},
		{"array", "use(f(), a[i])", "use(f(), a[_dsrt.Index(i, len(a))])"},
		{"map", "use(f(), m[\"k\"])", ""},
		{"call operand", "use(f(), f()[i])", "use(f(), func(_dss []int) []int { _dsrt.Index(i, len(_dss)); return _dss }(f())[i])"},
		{"call operand, constant index", "use(f(), f()[2])", "use(f(), func(_dss []int) []int { _dsrt.Index(2, len(_dss)); return _dss }(f())[2])"},
		{"call operand, index with a call", "use(f(), f()[len(f())])", ""},
		{"composite literal", "use(f(), [...]string{\"a\", \"b\"}[u])", "use(f(), func(_dss [2]string) [2]string { _dsrt.Index(int(u), len(_dss)); return _dss }([...]string{\"a\", \"b\"})[u])"},
		{"composite literal, constant index", "use(f(), [...]string{\"a\", \"b\"}[1])", ""},
		{"constant string", "use(f(), \"abc\"[i])", "use(f(), func(_dss string) string { _dsrt.Index(i, len(_dss)); return _dss }(\"abc\")[i])"},
		{"call operand assigned", "f()[i] = 1", "func(_dss []int) []int { _dsrt.Index(i, len(_dss)); return _dss }(f())[i] = 1"},
		{"slice of a call", "use(f(), f()[i:])", "use(f(), func(_dss []int) []int { _dsrt.Slice(i, len(_dss), cap(_dss), true); return _dss }(f())[i:])"},
		{"string slice of a conversion", "use(f(), string(f2())[:j])", "use(f(), func(_dss string) string { _dsrt.Slice(0, j, len(_dss), false); return _dss }(string(f2()))[:j])"},
		{"three-index slice of a call", "use(f(), f()[i:j:j])", ""},
		{"range key", "ls := s\n\tfor k := range ls {\n\t\tuse(f(), ls[k])\n\t}", ""},
		{"counted loop", "ls := s\n\tfor j := 0; j < len(ls); j++ {\n\t\tuse(f(), ls[j])\n\t}", ""},
		{"range writing elements", "ls := s\n\tfor k := range ls {\n\t\tls[k] = ls[k] + 1\n\t}", ""},
		{"counted loop writing elements", "ls := s\n\tfor j := 0; j < len(ls); j++ {\n\t\tls[j]++\n\t}", ""},
		{"range reassigning", "ls := s\n\tfor k := range ls {\n\t\tls = ls[:0]\n\t\tuse(f(), ls[k])\n\t}", "ls := s\n\tfor k := range ls {\n\t\tls = ls[_dsrt.Slice(0, 0, cap(ls), true):0]\n\t\tuse(f(), ls[_dsrt.Index(k, len(ls))])\n\t}"},
		{"range over a package's variable, which a call may change", "for k := range s {\n\t\tuse(f(), s[k])\n\t}", "for k := range s {\n\t\tuse(f(), s[_dsrt.Index(k, len(s))])\n\t}"},
		{"counted loop over a local a closure assigns", "ls := s\n\tcut := func() { ls = nil }\n\tfor j := 0; j < len(ls); j++ {\n\t\tcut()\n\t\tuse(f(), ls[j])\n\t}", "ls := s\n\tcut := func() { ls = nil }\n\tfor j := 0; j < len(ls); j++ {\n\t\tcut()\n\t\tuse(f(), ls[_dsrt.Index(j, len(ls))])\n\t}"},
		{"range over a local whose address is taken", "ls := s\n\tp := &ls\n\tfor k := range ls {\n\t\t*p = nil\n\t\tuse(f(), ls[k])\n\t}", "ls := s\n\tp := &ls\n\tfor k := range ls {\n\t\t*p = nil\n\t\tuse(f(), ls[_dsrt.Index(k, len(ls))])\n\t}"},
		{"slice", "use(f(), s[i:j])", "use(f(), s[_dsrt.Slice(i, j, cap(s), true):j])"},
		{"string slice without low", "use(f(), str[:j])", "use(f(), str[_dsrt.Slice(0, j, len(str), false):j])"},
		{"slice without high", "use(f(), str[i:])", "use(f(), str[_dsrt.Slice(i, len(str), len(str), false):])"},
		{"bound with a call", "use(f(), s[i:f()[0]])", "use(f(), s[i:func(_dss []int) []int { _dsrt.Index(0, len(_dss)); return _dss }(f())[0]])"},
		{"three-index slice", "use(f(), s[i:j:j])", "use(f(), s[_dsrt.Slice3(i, j, j, cap(s)):j:j])"},
		{"three-index slice without low", "use(f(), s[:j:u])", "use(f(), s[_dsrt.Slice3(0, j, int(u), cap(s)):j:u])"},
		{"three-index slice of an array", "use(f(), a[i:j:2])", "use(f(), a[_dsrt.Slice3(i, j, 2, cap(a)):j:2])"},
		{"three-index slice of an array, variable max", "use(f(), a[i:j:j])", ""},
		{"three-index slice with a call", "use(f(), s[i:j:len(f())])", ""},
		{"in min", "use(f(), min(s[i], 2))", "use(f(), min(s[_dsrt.Index(i, len(s))], 2))"},
		{"in clear", "clear(grid[i])", "clear(grid[_dsrt.Index(i, len(grid))])"},
		{"index of an index", "use(f(), grid[i][j])", "use(f(), grid[_dsrt.Index(i, len(grid))][_dsrt.Index(j, len(grid[i]))])"},
		{"slice of a slice", "use(f(), s[1:j][:i])", "use(f(), s[_dsrt.Slice(1, j, cap(s), true):j][_dsrt.Slice(0, i, cap(s[1:j]), true):i])"},
		{"index of a map's element", "use(f(), rows[\"k\"][i])", "use(f(), rows[\"k\"][_dsrt.Index(i, len(rows[\"k\"]))])"},
		{"index of a call's element", "use(f(), ff()[i:][j])", "use(f(), func(_dss []int) []int { _dsrt.Index(j, len(_dss)); return _dss }(func(_dss []int) []int { _dsrt.Slice(i, len(_dss), cap(_dss), true); return _dss }(ff())[i:])[j])"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nvar (\n\ts    []int\n\tstr  string\n\ta    [3]int\n\tm    map[string]int\n\ti, j int\n\tu    uint8\n\tw    uint64\n\tt    struct{ xs []int }\n\tgrid [][]int\n\trows map[string][]int\n)\n\nfunc f() []int { return nil }\n\nfunc ff() []int { return nil }\n\nfunc f2() []byte { return nil }\n\nfunc use(...any) {}\n\nfunc g() {\n\t" + tc.body + "\n}\n"
			checkBody(t, boundsChecks, src, tc.want)
		})
	}
}

// TestBoundsChecksTypeParams: an operand of a type parameter whose types
// are slices of one element type (S ~[]E) is checked as a slice; one of
// another type set is left as written.
func TestBoundsChecksTypeParams(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"index", "_ = s[i]", "_ = s[_dsrt.Index(i, len(s))]"},
		{"slice", "_ = s[i:j]", "_ = s[_dsrt.Slice(i, j, cap(s), true):j]"},
		{"three-index slice", "_ = s[i:j:len(s)]", "_ = s[_dsrt.Slice3(i, j, len(s), cap(s)):j:len(s)]"},
		{"string or bytes", "_ = b[i:]", ""},
		{"named slices of two element types", "_ = n[i]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc g[S ~[]E, E any, B ~string | ~[]byte, N ~[]int | ~[]string](s S, b B, n N, i, j int) {\n\t" + tc.body + "\n}\n"
			checkBody(t, boundsChecks, src, tc.want)
		})
	}
}

// TestBoundsChecksHoisted: the checks of a statement that indexes
// unconditionally, calls nothing and cannot panic otherwise go before it,
// in gc's order (see pass_boundshoist.go); any other statement keeps
// its checks in place.
func TestBoundsChecksHoisted(t *testing.T) {
	const at = "/*line :8:2*/" // the statement's position, after the checks
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass
	}{
		{"read", "x = s[i]", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "x = s[i]"},
		{"store", "s[i] = j", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "s[i] = j"},
		{"constant index", "x = s[3]", "if 3 >= len(s) { _dsrt.Index(3, len(s)) }; " + at + "x = s[3]"},
		{"narrow unsigned index", "x = s[u]", "if int(u) >= len(s) { _dsrt.Index(int(u), len(s)) }; " + at + "x = s[u]"},
		{"wide unsigned index", "x = s[w]", "if uint64(w) >= uint64(len(s)) { _dsrt.IndexUint(uint64(w), len(s)) }; " + at + "x = s[w]"},
		{"narrow signed index", "x = s[i8]", "if i8 < 0 || int(i8) >= len(s) { _dsrt.Index(int(i8), len(s)) }; " + at + "x = s[i8]"},
		{"string", "x = int(str[i])", "if i < 0 || i >= len(str) { _dsrt.Index(i, len(str)) }; " + at + "x = int(str[i])"},
		{"value first", "s[i] = t.xs[j]", "if j < 0 || j >= len(t.xs) || i < 0 || i >= len(s) { _dsrt.Index(j, len(t.xs)); _dsrt.Index(i, len(s)) }; " + at + "s[i] = t.xs[j]"},
		{"left to right", "x = s[i] + s[j]", "if i < 0 || i >= len(s) || j < 0 || j >= len(s) { _dsrt.Index(i, len(s)); _dsrt.Index(j, len(s)) }; " + at + "x = s[i] + s[j]"},
		{"outer index first", "grid[i][j] = s[x]", "if x < 0 || x >= len(s) || i < 0 || i >= len(grid) || j < 0 || j >= len(grid[i]) { _dsrt.Index(x, len(s)); _dsrt.Index(i, len(grid)); _dsrt.Index(j, len(grid[i])) }; " + at + "grid[i][j] = s[x]"},
		{"each once", "s[i] = s[i] + 1", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "s[i] = s[i] + 1"},
		{"assignment operation: its element first", "s[i] += s[j]", "if i < 0 || i >= len(s) || j < 0 || j >= len(s) { _dsrt.Index(i, len(s)); _dsrt.Index(j, len(s)) }; " + at + "s[i] += s[j]"},
		{"increment", "s[i]++", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "s[i]++"},
		{"map entry", "m[s[i]] = s[j]", "if j < 0 || j >= len(s) || i < 0 || i >= len(s) { _dsrt.Index(j, len(s)); _dsrt.Index(i, len(s)) }; " + at + "m[s[i]] = s[j]"},
		{"min", "x = min(s[i], s[j])", "if i < 0 || i >= len(s) || j < 0 || j >= len(s) { _dsrt.Index(i, len(s)); _dsrt.Index(j, len(s)) }; " + at + "var _dsm246 int = s[i]; if _dsv := s[j]; _dsv < _dsm246 { _dsm246 = _dsv }; x = _dsm246/*line :8:21*/"},
		{"swap: the second value first", "s[i], s[j] = s[j], s[i]", "if i < 0 || i >= len(s) || j < 0 || j >= len(s) { _dsrt.Index(i, len(s)); _dsrt.Index(j, len(s)) }; " + at + "s[i], s[j] = s[j], s[i]"},
		{"tuple of local variables", "x, y = s[i], s[j]", "if i < 0 || i >= len(s) || j < 0 || j >= len(s) { _dsrt.Index(i, len(s)); _dsrt.Index(j, len(s)) }; " + at + "x, y = s[i], s[j]"},
		{"tuple of new variables", "dx, dy := grid[x][0], grid[x][1]", "if x < 0 || x >= len(grid) || 0 >= len(grid[x]) || 1 >= len(grid[x]) { _dsrt.Index(x, len(grid)); _dsrt.Index(0, len(grid[x])); _dsrt.Index(1, len(grid[x])) }; " + at + "dx, dy := grid[x][0], grid[x][1]"},
		{"tuple after a package variable", "gx, y = s[i], s[j]", "if j < 0 || j >= len(s) || i < 0 || i >= len(s) { _dsrt.Index(j, len(s)); _dsrt.Index(i, len(s)) }; " + at + "gx, y = s[i], s[j]"},
		{"tuple after an element", "s[x], y = 1, str[j]", "if j < 0 || j >= len(str) || x < 0 || x >= len(s) { _dsrt.Index(j, len(str)); _dsrt.Index(x, len(s)) }; " + at + "s[x], y = 1, str[j]"},
		{"condition", "if s[i] > 0 && s[j] > 0 {\n\t}", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "if s[i] > 0 && ((0 <= j && j < len(s) || _dsrt.Index(j, len(s)) < 0) && s[j] > 0) {\n\t}"},
		{"condition's init", "if v := s[i]; v > s[j] {\n\t}", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "if v := s[i]; ((0 <= j && j < len(s) || _dsrt.Index(j, len(s)) < 0) && v > s[j]) {\n\t}"},
		{"loop condition", "for s[i] > 0 {\n\t}", "for ((0 <= i && i < len(s) || _dsrt.Index(i, len(s)) < 0) && s[i] > 0) {\n\t}"},
		{"loop condition after &&", "for x > 0 && s[x-1] > int(str[u]) {\n\t}", "for x > 0 && ((0 <= x-1 && x-1 < len(s) && int(u) < len(str) || _dsrt.Index(x-1, len(s))+_dsrt.Index(int(u), len(str)) < 0) && s[x-1] > int(str[u])) {\n\t}"},
		{"else if", "if x > 0 {\n\t} else if s[i] > 0 || x < 0 && s[3] > 0 {\n\t}", "if x > 0 {\n\t} else if ((0 <= i && i < len(s) || _dsrt.Index(i, len(s)) < 0) && s[i] > 0) || x < 0 && ((3 < len(s) || _dsrt.Index(3, len(s)) < 0) && s[3] > 0) {\n\t}"},
		{"switch", "switch s[i] {\n\t}", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "switch s[i] {\n\t}"},

		{"min written out", "x = min(s[i], j, 3)", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "var _dsm246 int = s[i]; if _dsv := j; _dsv < _dsm246 { _dsm246 = _dsv }; if _dsv := int(3); _dsv < _dsm246 { _dsm246 = _dsv }; x = _dsm246/*line :8:21*/"},
		{"max of strings written out", "str = max(str, \"b\")", "var _dsm246 string = str; if _dsv := string(\"b\"); _dsv > _dsm246 { _dsm246 = _dsv }; str = _dsm246/*line :8:21*/"},
		{"min defining a variable", "z := min(x, y)", "var _dsm246 int = x; if _dsv := y; _dsv < _dsm246 { _dsm246 = _dsv }; z := _dsm246/*line :8:16*/"},

		{"call", "h(s[i], s[j])", "if i < 0 || i >= len(s) || j < 0 || j >= len(s) { _dsrt.Index(i, len(s)); _dsrt.Index(j, len(s)) }; " + at + "h(s[i], s[j])"},
		{"append", "s = append(s, s[i])", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "s = append(s, s[i])"},
		{"call assigned", "x += h(s[j], 1)", "if j < 0 || j >= len(s) { _dsrt.Index(j, len(s)) }; " + at + "x += h(s[j], 1)"},
		{"composite literal", "_ = []int{s[j], 1: s[i]}", "if j < 0 || j >= len(s) || i < 0 || i >= len(s) { _dsrt.Index(j, len(s)); _dsrt.Index(i, len(s)) }; " + at + "_ = []int{s[j], 1: s[i]}"},
		{"address of a composite literal", "_ = &P{n: s[i]}", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "_ = &P{n: s[i]}"},
		{"function value", "fn(s[i], 0)", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "fn(s[i], 0)"},
		{"a method", "p.get(s[i])", "if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; " + at + "p.get(s[i])"},
		{"a call in an argument", "t.xs = append(t.xs, p.get(s[i]))", "t.xs = append(t.xs, p.get(s[_dsrt.Index(i, len(s))]))"},

		// Left in place.
		{"tuple of constants: the first element is set before the second's check", "s[i], t.xs[j] = 1, 2", "s[_dsrt.Index(i, len(s))], t.xs[_dsrt.Index(j, len(t.xs))] = 1, 2"},
		{"tuple after a variable a closure reads", "get := func() int { return x }\n\tx, s[i] = 1, 2\n\t_ = get", "get := func() int { return x }\n\tx, s[_dsrt.Index(i, len(s))] = 1, 2\n\t_ = get"},
		{"a call's result assigned to an element", "s[i] = h(x, y)", "s[_dsrt.Index(i, len(s))] = h(x, y)"},
		{"two calls", "h(s[i], len(f()))", "h(s[_dsrt.Index(i, len(s))], len(f()))"},
		{"a map literal", "_ = map[int]int{s[i]: 1}", "_ = map[int]int{s[_dsrt.Index(i, len(s))]: 1}"},
		{"a method of a value through a pointer", "p.val(s[i])", "p.val(s[_dsrt.Index(i, len(s))])"},
		{"min of floats", "fl = min(fl, 1)", ""},
		{"min into an interface", "v = min(x, y)", ""},
		{"min with a call", "x = min(len(f()), y)", ""},
		{"tuple of local variables whose address is taken, which may escape", "_ = &x\n\tx, y = s[i], s[j]", "_ = &x\n\tx, y = s[_dsrt.Index(i, len(s))], s[_dsrt.Index(j, len(s))]"},
		{"tuple of local variables a closure captures", "_ = func() int { return x }\n\tx, y = s[i], s[j]", "_ = func() int { return x }\n\tx, y = s[_dsrt.Index(i, len(s))], s[_dsrt.Index(j, len(s))]"},
		{"a call", "x = s[i] + len(f())", "x = s[_dsrt.Index(i, len(s))] + len(f())"},
		{"a division", "x = s[i] / j", "x = s[_dsrt.Index(i, len(s))] / j"},
		{"a field through a pointer", "x = p.n + s[i]", "x = p.n + s[_dsrt.Index(i, len(s))]"},
		{"a pointer to an array", "x = pa[i]", "x = pa[_dsrt.Index(i, len(pa))]"},
		{"after &&", "b = x > 0 && s[i] > 0", "b = x > 0 && s[_dsrt.Index(i, len(s))] > 0"},
		{"a loop's condition with a call", "for s[i] > len(f()) {\n\t}", "for s[_dsrt.Index(i, len(s))] > len(f()) {\n\t}"},
		{"assignment operation on an entry keyed by an index", "m[s[i]] += s[j]", "m[s[_dsrt.Index(i, len(s))]] += s[_dsrt.Index(j, len(s))]"},
		{"assignment operation on an element of an element", "grid[i][j] += x", "grid[_dsrt.Index(i, len(grid))][_dsrt.Index(j, len(grid[i]))] += x"},
		{"an interface compared", "b = s[i] == 0 && v == nil", "b = s[_dsrt.Index(i, len(s))] == 0 && v == nil"},
		{"a map of interface keys", "x = mi[s[i]]", "x = mi[s[_dsrt.Index(i, len(s))]]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nvar (\n\ts, gx, str, m, mi, grid, t = []int{}, 0, \"\", map[int]int{}, map[any]int{}, [][]int{}, struct{ xs []int }{}\n)\n\nfunc g(i, j, x, y int, u uint8, w uint64, i8 int8, p *P, pa *[3]int, v any, b bool, fl float64, fn func(int, int)) {\n\t" + tc.body + "\n}\n\nfunc f() []int { return nil }\n\nfunc h(a, b int) int { return a + b }\n\ntype P struct{ n int }\n\nfunc (p *P) get(i int) int { return i }\n\nfunc (p P) val(i int) int { return i }\n"
			checkBody(t, boundsChecks, src, tc.want)
		})
	}
}

// TestBoundsChecksHoistedLine: the line of a statement is set before the
// checks made before it, whose panic names it.
func TestBoundsChecksHoistedLine(t *testing.T) {
	both := func(f *folder) (bool, []diagnostic) {
		c1, _ := boundsChecks(f)
		c2, diags := panicLines(f)
		return c1 || c2, diags
	}
	src := "package p\n\nfunc g(s []int, i int) {\n\ts[i] = 1\n}\n"
	checkLine(t, both, src, 3, "_dsl = 4; /*line :4:2*/if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; /*line :4:2*/s[i] = 1")
	// A return.
	src = "package p\n\nfunc g(s []int, i int) int {\n\treturn s[i] + 1\n}\n"
	checkLine(t, both, src, 3, "_dsl = 4; /*line :4:2*/if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; /*line :4:2*/{ _dsl = 4; var _dsr0 int; _dsr0 =/*line :4:8*/ s[i] + 1; _dsl = 0; return _dsr0 }")
	// A return of two results keeps its checks in place.
	src = "package p\n\nfunc g(s []int, i int) (int, int) {\n\treturn s[i], 1\n}\n"
	checkLine(t, both, src, 3, "{ _dsl = 4; var _dsr0 int; var _dsr1 int; _dsr0 =/*line :4:8*/ s[_dsrt.Index(i, len(s))]; _dsr1 = /*line :4:15*/1; _dsl = 0; return _dsr0, _dsr1 }")
	// An assignment of min written out whole.
	src = "package p\n\nfunc g(s []int, i int) {\n\ts[i] = min(s[i], 1)\n}\n"
	checkLine(t, both, src, 3, "_dsl = 4; /*line :4:2*/if i < 0 || i >= len(s) { _dsrt.Index(i, len(s)) }; /*line :4:2*/var _dsm37 int = s[i]; if _dsv := int(1); _dsv < _dsm37 { _dsm37 = _dsv }; s[i] = _dsm37/*line :4:21*/")
}

// TestBoundsChecksDereference: the operand of a pointer to a slice
// variable, dereferenced, is read again for its length (no function
// literal around it).
func TestBoundsChecksDereference(t *testing.T) {
	src := "package p\n\ntype H []*int\n\nfunc (h *H) Less(i, j int) bool {\n\treturn *(*h)[i] < *(*h)[j]\n}\n"
	r := runPass(t, boundsChecks, true, "a.go", src)
	if want := "\treturn *(*h)[_dsrt.Index(i, len((*h)))] < *(*h)[_dsrt.Index(j, len((*h)))]"; !strings.Contains(r.out("a.go"), want) {
		t.Errorf("got\n%s\nwant a line\n%s", r.out("a.go"), want)
	}
}
