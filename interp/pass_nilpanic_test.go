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

func TestDescribePanics(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"pointer to an error type", "panic(&NotFound{\"x\"})", "{ _dspvOFF := &NotFound{\"x\"}; _dsrt.PanicText(_dspvOFF, func() string { defer func() { _dsrt.Recovered(recover()) }(); return _dspvOFF.Error() }()); panic(_dspvOFF) }"},
		{"Stringer", "panic(c)", "{ _dspvOFF := c; _dsrt.PanicText(_dspvOFF, func() string { defer func() { _dsrt.Recovered(recover()) }(); return _dspvOFF.String() }()); panic(_dspvOFF) }"},
		{"value of a type with a pointer method", "panic(*nf)", ""},
		{"type without methods", "panic(pl)", ""},
		{"interface", "if err != nil { panic(err) }", ""},
		{"compiled type", "panic(fmt.Errorf(\"x\"))", ""},
		{"converted to error", "panic(error(&NotFound{\"x\"}))", "{ _dspvOFF := &NotFound{\"x\"}; _dsrt.PanicText(_dspvOFF, func() string { defer func() { _dsrt.Recovered(recover()) }(); return _dspvOFF.Error() }()); panic(_dspvOFF) }"},
		{"converted to fmt.Stringer", "panic(fmt.Stringer(c))", "{ _dspvOFF := c; _dsrt.PanicText(_dspvOFF, func() string { defer func() { _dsrt.Recovered(recover()) }(); return _dspvOFF.String() }()); panic(_dspvOFF) }"},
		{"converted to any", "panic(any(pl))", "panic(pl)"},
		{"an interface converted", "panic(any(err))", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"fmt\"\n\ntype NotFound struct{ ID string }\n\nfunc (e *NotFound) Error() string { return e.ID }\n\ntype Code int\n\nfunc (c Code) String() string { return fmt.Sprint(int(c)) }\n\ntype plain struct{ n int }\n\nfunc f(err error, nf *NotFound, c Code, pl plain) {\n\t" + tc.stmt + "\n}\n"
			r := runPass(t, nilPanics, true, "a.go", src)
			line := strings.TrimSpace(strings.Split(r.out("a.go"), "\n")[15])
			if tc.want == "" {
				if strings.Contains(line, "PanicText") {
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

// TestDescribeLocalPanics checks that a panic with a value of a type
// declared in a function, which has a String or Error method promoted
// from an embedded field, records the method's text (the 500 said {3}
// where a build says the Stringer's text), and that one without methods
// is left alone.
func TestDescribeLocalPanics(t *testing.T) {
	src := "package p\n\nimport \"fmt\"\n\ntype Code int\n\nfunc (c Code) String() string { return fmt.Sprint(int(c)) }\n\nfunc f(c Code) {\n\ttype wrapped struct{ Code }\n\ttype plain struct{ n int }\n\tif c > 1 {\n\t\tpanic(plain{1})\n\t}\n\tpanic(wrapped{c})\n}\n"
	r := runPass(t, nilPanics, true, "a.go", src)
	out := r.out("a.go")
	if !strings.Contains(out, "_dsrt.PanicText(_dspv"+itoa(strings.Index(src, "panic(wrapped"))+", ") {
		t.Errorf("panic(wrapped{c}) not described:\n%s", out)
	}
	if !strings.Contains(out, "\t\tpanic(plain{1})\n") {
		t.Errorf("panic(plain{1}) changed:\n%s", out)
	}
}
