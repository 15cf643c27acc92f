package interp

import "testing"

func TestSelectBranches(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"labelled break", "loop:\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tbreak loop\n\t\t}\n\t}",
			"loop:\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tif true { break loop }\n\t\t}\n\t}"},
		{"continue", "for {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tcontinue\n\t\tdefault:\n\t\t\tcontinue\n\t\t}\n\t}",
			"for {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tif true { continue }\n\t\tdefault:\n\t\t\tif true { continue }\n\t\t}\n\t}"},
		{"plain break", "for {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tbreak\n\t\t}\n\t}", ""},
		{"break of the select's own label", "for {\n\tsel:\n\t\tselect {\n\t\tcase <-c:\n\t\t\tbreak sel\n\t\t}\n\t}", ""},
		{"already nested", "loop:\n\tfor {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tif len(c) == 0 {\n\t\t\t\tbreak loop\n\t\t\t}\n\t\t}\n\t}", ""},
		{"goto", "for {\n\t\tselect {\n\t\tcase <-c:\n\t\t\tgoto end\n\t\t}\n\t}\nend:", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, selectBranches, "package p\n\nfunc f(c chan int) {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}
