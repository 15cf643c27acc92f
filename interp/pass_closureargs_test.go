package interp

import "testing"

func TestClosureArgs(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"in a loop", "for i := 0; i < 3; i++ {\n\t\twg.Go(func() { _ = i })\n\t}", "for i := 0; i < 3; i++ {\n\t\twg.Go(func(_dsf func()) func() { return _dsf }(func() { _ = i }))\n\t}"},
		{"in a range loop", "for range 3 {\n\t\tsort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })\n\t}", "for range 3 {\n\t\tsort.Slice(xs, func(_dsf func(i int, j int) bool) func(i int, j int) bool { return _dsf }(func(i, j int) bool { return xs[i] < xs[j] }))\n\t}"},
		{"outside loops", "wg.Go(func() {})", ""},
		{"called literal", "for {\n\t\tfunc() {}()\n\t}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"sort\"\n\t\"sync\"\n)\n\nvar wg sync.WaitGroup\n\nvar xs []int\n\nvar _ = sort.Ints\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, closureArgs, src, tc.want)
		})
	}
}
