package interp

import (
	"strings"
	"testing"
)

func TestZeroResults(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // the first line of f after the pass; "" for unchanged
	}{
		{"named", "func f(s string) (n int, errs []error) {\n\treturn\n}", "func f(s string) (n int, errs []error) { { var _dsz0 int; var _dsz1 []error; n = _dsz0; errs = _dsz1; };"},
		{"shared type", "func f() (a, b string) {\n\treturn\n}", "func f() (a, b string) { { var _dsz0 string; var _dsz1 string; a = _dsz0; b = _dsz1; };"},
		// yaegi fails on an any assigned with other values.
		{"any", "func f() (v any, err error) {\n\treturn\n}", "func f() (v any, err error) { { var _dsz0 any; var _dsz1 error; v = _dsz0; err = _dsz1; };"},
		{"blank", "func f() (_ int, err error) {\n\treturn\n}", "func f() (_ int, err error) { { var _dsz0 error; err = _dsz0; };"},
		{"generic", "func f[T any]() (v T) {\n\treturn\n}", "func f[T any]() (v T) { { var _dsz0 T; v = _dsz0; };"},
		{"unnamed", "func f() (int, error) {\n\treturn 0, nil\n}", ""},
		{"multi-line type", "func f() (v struct {\n\tA int\n}) {\n\treturn\n}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runPass(t, zeroResults, true, "a.go", "package p\n\n"+tc.src+"\n")
			first := strings.Split(r.out("a.go"), "\n")[2]
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", first)
				}
				return
			}
			if !r.changed || first != tc.want {
				t.Errorf("got  %s\nwant %s", first, tc.want)
			}
		})
	}
	// A function literal's results too.
	r := runPass(t, zeroResults, true, "a.go", "package p\n\nvar f = func() (ok bool) {\n\treturn\n}\n")
	if !strings.Contains(r.out("a.go"), "func() (ok bool) { { var _dsz0 bool; ok = _dsz0; };") {
		t.Errorf("literal not rewritten:\n%s", r.out("a.go"))
	}
}
