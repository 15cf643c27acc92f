package interp

import (
	"strconv"
	"strings"
	"testing"
)

func TestChanOperands(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"operand assigned", "for v := range ch { ch = other; use(v) }", "{ _dsch# := ch; for v := range _dsch# { ch = other; use(v) } }"},
		{"no variables", "for range ch { ch = other }", "{ _dsch# := ch; for range _dsch# { ch = other } }"},
		{"labeled", "L: for v := range ch { ch = other; use(v); continue L }", "{ _dsch# := ch; L: for v := range _dsch# { ch = other; use(v); continue L } }"},
		{"assigned in a closure", "for v := range ch { func() { ch = other }(); use(v) }", "{ _dsch# := ch; for v := range _dsch# { func() { ch = other }(); use(v) } }"},
		{"operand not assigned", "for v := range ch { use(v) }", ""},
		{"field", "for v := range b.ch { b.ch = other; use(v) }", "{ _dsch# := b.ch; for v := range _dsch# { b.ch = other; use(v) } }"},
		{"call", "for v := range b.get() { use(v) }", "{ _dsch# := b.get(); for v := range _dsch# { use(v) } }"},
		{"slice", "for v := range nums { nums = nil; use(v) }", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype box struct{ ch chan int }\n\nfunc (b *box) get() chan int { return b.ch }\n\nfunc use(...any) {}\n\nfunc f(ch, other chan int, b *box, nums []int) {\n\t" + tc.stmt + "\n}\n"
			r := runPass(t, chanOperands, true, "a.go", src)
			line := strings.TrimSpace(strings.Split(r.out("a.go"), "\n")[9])
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", line)
				}
				return
			}
			at := strings.Index(src, "for ")
			want := strings.ReplaceAll(tc.want, "#", strconv.Itoa(at))
			if !r.changed || line != want {
				t.Errorf("got  %s\nwant %s", line, want)
			}
		})
	}
}
