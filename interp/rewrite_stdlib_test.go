package interp

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/yaegival"
	"github.com/devserver/devserver/interp/stdlib"
	yaegi "github.com/traefik/yaegi/interp"
)

// TestGenericLibrary runs the generic standard library as interpreters
// compile it (rewritten, see rewrite_stdlib.go), called as route code calls
// it after the passes (type arguments written out). yaegi accepts the
// unused imports.
func TestGenericLibrary(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`xs := []int{5, 2, 9, 1}; slices.Sort[[]int, int](xs); fmt.Println(xs)`, "[1 2 5 9]"},
		{`xs := []int{5, 2, 9, 1}; fmt.Println(slices.Max[[]int, int](xs), slices.Min[[]int, int](xs))`, "9 1"},
		{`m := map[string]int{"z": 1, "a": 2}; fmt.Println(slices.Sorted[string](maps.Keys[map[string]int, string, int](m)))`, "[a z]"},
		{`fmt.Println(slices.Collect[[]int](slices.Chunk[[]int, int]([]int{1, 2, 3, 4, 5}, 2)))`, "[[1 2] [3 4] [5]]"},
		{`var seq iter.Seq[int] = func(yield func(int) bool) { for i := 0; i < 100; i++ { if !yield(i) { return } } }; next, stop := iter.Pull[int](seq); a, _ := next(); b, _ := next(); stop(); _, ok := next(); fmt.Println(a, b, ok)`, "0 1 false"},
		{`seq := func(yield func(int) bool) { yield(1); panic("seq failed") }; next, _ := iter.Pull[int](seq); next(); defer func() { fmt.Println("recovered:", recover()) }(); next()`, "recovered: seq failed"},
		{`type p struct{ n string; a int }; ps := []p{{"a", 3}, {"b", 1}, {"c", 3}}; slices.SortStableFunc(ps, func(x, y p) int { return cmp.Compare(x.a, y.a) }); fmt.Println(ps)`, "[{b 1} {a 3} {c 3}]"},
		{`a := slices.Concat[[]int, int]([]int{1}, []int{2, 3}, []int{4, 5}); fmt.Println(a, cap(a), slices.Concat[[]int, int]() == nil)`, "[1 2 3 4 5] 6 true"},
		{`fmt.Println(maps.Collect[string, int](maps.All[map[string]int, string, int](map[string]int{"k": 1})), cmp.Or[string]("", "x"))`, "map[k:1] x"},
	} {
		var out bytes.Buffer
		it := yaegi.New(yaegi.Options{Stdout: &out})
		if err := it.Use(stdlib.Symbols); err != nil {
			t.Fatal(err)
		}
		if err := it.Use(Symbols); err != nil {
			t.Fatal(err)
		}
		if err := it.Use(namesSymbols(new(yaegival.StructNames), nil)); err != nil {
			t.Fatal(err)
		}
		for _, p := range genericPackages {
			if _, err := it.Compile(genericCompiled(p)); err != nil {
				t.Fatalf("compile %s: %v", p, err)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := it.EvalWithContext(ctx, "package main\nimport (\"cmp\"; \"fmt\"; \"iter\"; \"maps\"; \"slices\")\nfunc main() {"+tc.body+"}")
		cancel()
		if got := strings.TrimSpace(out.String()); err != nil || got != tc.want {
			t.Errorf("%s\n= %q (error %v), want %q", tc.body, got, err, tc.want)
		}
	}
}

// TestUnrecurse: a recursive function of the generic standard library
// calls itself through a function value, on its own lines.
func TestUnrecurse(t *testing.T) {
	src := "package p\n\nfunc f[E any](s []E, n int) {\n\tif n > 0 {\n\t\tf(s, n-1)\n\t}\n}\n\nfunc g() {}\n"
	want := "package p\n\nfunc f[E any](s []E, n int) { var f func(s []E, n int); f = func(s []E, n int) {\n\tif n > 0 {\n\t\tf(s, n-1)\n\t}\n}; f(s, n) }\n\nfunc g() {}\n"
	if got := string(unrecurse([]byte(src), "f")); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, name := range []string{"pdqsortOrdered", "symMergeOrdered", "pdqsortCmpFunc", "symMergeCmpFunc"} {
		if !strings.Contains(string(genericOriginal("slices")), "{ var "+name+" func(") {
			t.Errorf("slices' %s still calls itself", name)
		}
	}
}
