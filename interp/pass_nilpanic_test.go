package interp

import (
	"strings"
	"testing"
)

func TestNilPanics(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"nil", "panic(nil)", "panic(_dsrt.NilPanic())"},
		{"interface variable", "panic(err)", "if err == nil { panic(_dsrt.NilPanic()) }; panic(err)"},
		{"any", "panic(v)", "if v == nil { panic(_dsrt.NilPanic()) }; panic(v)"},
		{"call", "panic(get())", "if _dspOFF := get(); _dspOFF == nil { panic(_dsrt.NilPanic()) } else { panic(_dspOFF) }"},
		{"string", `panic("boom")`, ""},
		{"pointer", "panic(p)", ""},
		{"deferred", "defer panic(err)", ""},
		{"not the builtin", "{ panic := func(any) {}; panic(nil) }", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nfunc get() error { return nil }\n\nfunc f(err error, v any, p *int) {\n\t" + tc.stmt + "\n}\n"
			r := runPass(t, nilPanics, true, "a.go", src)
			line := strings.TrimSpace(strings.Split(r.out("a.go"), "\n")[5])
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed: %s", line)
				}
				return
			}
			want := strings.ReplaceAll(tc.want, "OFF", itoa(strings.Index(src, tc.stmt)))
			if !r.changed || line != want {
				t.Errorf("got  %s\nwant %s", line, want)
			}
		})
	}
}
