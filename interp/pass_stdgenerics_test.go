package interp

import "testing"

func TestSeqConversions(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"Seq", "s := iter.Seq[int](f)\n\t_ = s", "s := (func(func(int) bool))(f)\n\t_ = s"},
		{"parenthesised", "s := (iter.Seq[int])(f)\n\t_ = s", "s := (func(func(int) bool))(f)\n\t_ = s"},
		{"Seq2", "s := iter.Seq2[string, []int](g)\n\t_ = s", "s := (func(func(string, []int) bool))(g)\n\t_ = s"},
		{"a variable", "var s iter.Seq[int] = f\n\t_ = s", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, stdGenerics, "package p\n\nimport \"iter\"\n\nfunc f(yield func(int) bool) {}\n\nfunc g(yield func(string, []int) bool) {}\n\nfunc h() {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}
