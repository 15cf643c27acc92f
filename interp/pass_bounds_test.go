package interp

import "testing"

func TestBoundsChecks(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"slice index", "_ = s[i]", "_ = s[_dsrt.Index(i, len(s))]"},
		{"constant index of a slice", "_ = s[3]", "_ = s[_dsrt.Index(3, len(s))]"},
		{"index of another type", "_ = str[u]", "_ = str[_dsrt.Index(int(u), len(str))]"},
		{"index of a wide unsigned type", "_ = s[w]", "_ = s[_dsrt.IndexUint(uint64(w), len(s))]"},
		{"field", "_ = t.xs[i]", "_ = t.xs[_dsrt.Index(i, len(t.xs))]"},
		{"assigned", "s[i] = 1", "s[_dsrt.Index(i, len(s))] = 1"},
		{"constant index of an array", "_ = a[1]", ""},
		{"array", "_ = a[i]", "_ = a[_dsrt.Index(i, len(a))]"},
		{"map", "_ = m[\"k\"]", ""},
		{"call operand", "_ = f()[i]", "_ = func(_dss []int) []int { _dsrt.Index(i, len(_dss)); return _dss }(f())[i]"},
		{"call operand, constant index", "_ = f()[2]", "_ = func(_dss []int) []int { _dsrt.Index(2, len(_dss)); return _dss }(f())[2]"},
		{"call operand, index with a call", "_ = f()[len(f())]", ""},
		{"composite literal", "_ = [...]string{\"a\", \"b\"}[u]", "_ = func(_dss [2]string) [2]string { _dsrt.Index(int(u), len(_dss)); return _dss }([...]string{\"a\", \"b\"})[u]"},
		{"composite literal, constant index", "_ = [...]string{\"a\", \"b\"}[1]", ""},
		{"constant string", "_ = \"abc\"[i]", "_ = func(_dss string) string { _dsrt.Index(i, len(_dss)); return _dss }(\"abc\")[i]"},
		{"call operand assigned", "f()[i] = 1", "func(_dss []int) []int { _dsrt.Index(i, len(_dss)); return _dss }(f())[i] = 1"},
		{"slice of a call", "_ = f()[i:]", "_ = func(_dss []int) []int { _dsrt.Slice(i, len(_dss), cap(_dss), true); return _dss }(f())[i:]"},
		{"string slice of a conversion", "_ = string(f2())[:j]", "_ = func(_dss string) string { _dsrt.Slice(0, j, len(_dss), false); return _dss }(string(f2()))[:j]"},
		{"three-index slice of a call", "_ = f()[i:j:j]", ""},
		{"range key", "for k := range s {\n\t\t_ = s[k]\n\t}", ""},
		{"counted loop", "for j := 0; j < len(s); j++ {\n\t\t_ = s[j]\n\t}", ""},
		{"slice", "_ = s[i:j]", "_ = s[_dsrt.Slice(i, j, cap(s), true):j]"},
		{"string slice without low", "_ = str[:j]", "_ = str[_dsrt.Slice(0, j, len(str), false):j]"},
		{"slice without high", "_ = str[i:]", "_ = str[_dsrt.Slice(i, len(str), len(str), false):]"},
		{"bound with a call", "_ = s[i:f()[0]]", "_ = s[i:func(_dss []int) []int { _dsrt.Index(0, len(_dss)); return _dss }(f())[0]]"},
		{"three-index slice", "_ = s[i:j:j]", "_ = s[_dsrt.Slice3(i, j, j, cap(s)):j:j]"},
		{"three-index slice without low", "_ = s[:j:u]", "_ = s[_dsrt.Slice3(0, j, int(u), cap(s)):j:u]"},
		{"three-index slice of an array", "_ = a[i:j:2]", "_ = a[_dsrt.Slice3(i, j, 2, cap(a)):j:2]"},
		{"three-index slice of an array, variable max", "_ = a[i:j:j]", ""},
		{"three-index slice with a call", "_ = s[i:j:len(f())]", ""},
		{"in min", "_ = min(s[i], 2)", ""},
		{"index of an index", "_ = grid[i][j]", "_ = grid[_dsrt.Index(i, len(grid))][_dsrt.Index(j, len(grid[i]))]"},
		{"slice of a slice", "_ = s[1:j][:i]", "_ = s[_dsrt.Slice(1, j, cap(s), true):j][_dsrt.Slice(0, i, cap(s[1:j]), true):i]"},
		{"index of a map's element", "_ = rows[\"k\"][i]", "_ = rows[\"k\"][_dsrt.Index(i, len(rows[\"k\"]))]"},
		{"index of a call's element", "_ = ff()[i:][j]", "_ = func(_dss []int) []int { _dsrt.Index(j, len(_dss)); return _dss }(func(_dss []int) []int { _dsrt.Slice(i, len(_dss), cap(_dss), true); return _dss }(ff())[i:])[j]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nvar (\n\ts    []int\n\tstr  string\n\ta    [3]int\n\tm    map[string]int\n\ti, j int\n\tu    uint8\n\tw    uint64\n\tt    struct{ xs []int }\n\tgrid [][]int\n\trows map[string][]int\n)\n\nfunc f() []int { return nil }\n\nfunc ff() []int { return nil }\n\nfunc f2() []byte { return nil }\n\nfunc g() {\n\t" + tc.body + "\n}\n"
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
