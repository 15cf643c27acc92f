package interp

import "testing"

func TestRangeOverArrayPointer(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"key and value", "for i, v := range pa {\n\t\t_, _ = i, v\n\t}", "for i, v := range (pa)[:] {\n\t\t_, _ = i, v\n\t}"},
		{"key only", "for i := range pa {\n\t\t_ = i\n\t}", "for i := range [3]struct{}{} {\n\t\t_ = i\n\t}"},
		{"no variables", "for range pa {\n\t}", "for range [3]struct{}{} {\n\t}"},
		{"named pointer type", "for _, v := range np {\n\t\t_ = v\n\t}", "for _, v := range (np)[:] {\n\t\t_ = v\n\t}"},
		{"key only of a call", "for i := range get() {\n\t\t_ = i\n\t}", ""},
		{"array", "for i, v := range *pa {\n\t\t_, _ = i, v\n\t}", ""},
		{"dereferenced key only", "for i := range *pa {\n\t\t_ = i\n\t}", "for i := range [3]struct{}{} {\n\t\t_ = i\n\t}"},
		{"field through a pointer", "for range s.arr {\n\t}", "for range [2]struct{}{} {\n\t}"},
		{"dereferenced call", "for i := range *get() {\n\t\t_ = i\n\t}", ""},
		{"local array", "var a [2]int\n\tfor i := range a {\n\t\t_ = i\n\t}", ""},
		{"slice", "for i := range pa[:] {\n\t\t_ = i\n\t}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype ptr *[2]int\n\nvar (\n\tpa *[3]string\n\tnp ptr\n\ts  *struct{ arr [2]int }\n)\n\nfunc get() *[3]int { return nil }\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			checkBody(t, rangeOverArrayPointer, src, tc.want)
		})
	}
}
