package interp

import "testing"

func TestTypeArgs(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the line after the pass; "" for unchanged
	}{
		{"inferred from a function's result", `_ = Map([]int{1}, strconv.Itoa)`, `_ = Map[int, string]([]int{1}, strconv.Itoa)`},
		{"variadic", `_ = Sum(1, 2, 3)`, `_ = Sum[int](1, 2, 3)`},
		{"named type of another package", `_ = Sum(time.Second)`, `_ = Sum[time.Duration](time.Second)`},
		{"function value", `var f func(...float64) float64 = Sum; _ = f`, `var f func(...float64) float64 = Sum[float64]; _ = f`},
		{"already explicit", `_ = Sum[int](1)`, ""},
		{"already explicit, all of them", `_ = Map[int, string]([]int{1}, strconv.Itoa)`, ""},
		{"partly explicit", `_ = Map[int]([]int{1}, strconv.Itoa)`, `_ = Map[int, string]([]int{1}, strconv.Itoa)`},
		{"partly explicit, a value", `var g func([]int, func(int) string) []string = Map[int]; _ = g`, `var g func([]int, func(int) string) []string = Map[int, string]; _ = g`},
		{"not generic", `_ = strconv.Itoa(1)`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"strconv\"\n\t\"time\"\n)\n\nfunc Map[T, U any](xs []T, f func(T) U) []U { return nil }\nfunc Sum[T int | float64 | time.Duration](xs ...T) T { return 0 }\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			checkLine(t, typeArgs, src, 11, tc.want)
		})
	}
}
