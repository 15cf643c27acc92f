package interp

import (
	"fmt"
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

func TestIfaceTags(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"constant cases", `switch v { case "a", 3: use(1); case nil: use(2) }`, `switch _dstag%d := v; { case _dstag%[1]d == "a" || _dstag%[1]d == 3: use(1); case _dstag%[1]d == nil: use(2) }`},
		{"expression case", `switch v { case n + 1: use(1) }`, `switch _dstag%d := v; { case _dstag%[1]d == (n + 1): use(1) }`},
		{"default not last", `switch v { default: use(0); case "a": use(1) }`, `switch _dstag%d := v; { default: use(0); case _dstag%[1]d == "a": use(1) case false: }`},
		{"interface cases", `switch v { case w, nil: use(1) }`, ""},
		{"concrete tag", `switch n { case 1: use(1) }`, ""},
		{"nil case of a pointer", `switch p { case nil: use(1); default: use(2) }`, `switch _dstag%d := p; { case _dstag%[1]d == nil: use(1); default: use(2) }`},
		{"nil case of a slice among others", `switch p { case q, nil: use(1) }`, `switch _dstag%d := p; { case _dstag%[1]d == q || _dstag%[1]d == nil: use(1) }`},
		{"pointer cases without nil", `switch p { case q: use(1) }`, ""},
		{"only default", `switch v { default: use(1) }`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc use(int) {}\n\nfunc f(v, w any, n int, p, q *int) {\n\t" + tc.body + "\n}\n"
			want := tc.want
			if want != "" {
				want = fmt.Sprintf(want, strings.Index(src, "switch"))
			}
			checkBody(t, ifaceTags, src, want)
		})
	}
}

func TestIfaceTagsRefusesInit(t *testing.T) {
	r := runPass(t, ifaceTags, true, "a.go", "package p\n\nfunc f(v any) int {\n\tswitch w := v; w {\n\tcase 1:\n\t\treturn 1\n\t}\n\treturn 0\n}\n")
	if len(r.diags) != 1 || !strings.Contains(r.diags[0], ifaceTagConstruct) {
		t.Errorf("diagnostics %q, want one refusing the switch", r.diags)
	}
}
