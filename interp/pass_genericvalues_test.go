package interp

import "testing"

func TestGenericValues(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the line after the pass; "" for unchanged
	}{
		{"explicit", `f := slices.Max[[]int]; _ = f`, `f := (func(_a0 []int) int { return slices.Max[[]int](_a0) }); _ = f`},
		{"inferred argument", `_ = apply([]string{"a"}, slices.Min)`, `_ = apply([]string{"a"}, (func(_a0 []string) string { return slices.Min(_a0) }))`},
		{"variadic", `var c func(...[]int) []int = slices.Concat; _ = c`, `var c func(...[]int) []int = (func(_a0 ...[]int) []int { return slices.Concat(_a0...) }); _ = c`},
		{"no result", `var s func([]int) = slices.Sort[[]int]; _ = s`, `var s func([]int) = (func(_a0 []int) { slices.Sort[[]int](_a0) }); _ = s`},
		{"called", `_ = slices.Max([]int{1})`, ""},
		{"called, explicit", `_ = slices.Max[[]int]([]int{1})`, ""},
		{"not generic", `f := strings.ToUpper; _ = f`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"slices\"\n\t\"strings\"\n)\n\nfunc apply[T, R any](xs []T, f func([]T) R) R { return f(xs) }\n\nvar _ = strings.ToUpper\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			checkLine(t, genericValues, src, 12, tc.want)
		})
	}
}
