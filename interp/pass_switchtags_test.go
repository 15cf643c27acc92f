package interp

import (
	"strconv"
	"strings"
	"testing"
)

func TestSwitchTags(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass, %d the switch's offset; "" for unchanged
	}{
		{"call in the tag", "switch y := n; double(y) {\n\tcase 10:\n\t\tuse(y)\n\t}", "{ y := n; _dstag%d := double(y); switch _dstag%d {\n\tcase 10:\n\t\tuse(y)\n\t} }"},
		{"identifier tag", "switch y := double(n); y {\n\tcase 10:\n\t}", ""},
		{"no init", "switch double(n) {\n\tcase 10:\n\t}", ""},
		{"labelled", "sw:\n\tswitch y := n; double(y) {\n\tcase 10:\n\t\tbreak sw\n\t}", "{\n\ty := n; _dstag%d := double(y); sw: switch _dstag%d {\n\tcase 10:\n\t\tbreak sw\n\t} }"},
		{"labelled on its line", "sw: switch y := n; double(y) {\n\tcase 10:\n\t\tbreak sw\n\t}", "{ y := n; _dstag%d := double(y); sw: switch _dstag%d {\n\tcase 10:\n\t\tbreak sw\n\t} }"},
		{"goto target", "sw:\n\tswitch y := n; double(y) {\n\tcase 10:\n\t\tgoto sw\n\t}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc use(int) {}\n\nfunc double(n int) int { return 2 * n }\n\nfunc f(n int) {\n\t" + tc.body + "\n}\n"
			want := strings.ReplaceAll(tc.want, "%d", strconv.Itoa(strings.Index(src, "switch")))
			checkBody(t, switchTags, src, want)
		})
	}
}
