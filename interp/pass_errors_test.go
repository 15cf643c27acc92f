package interp

import (
	"strings"
	"testing"
)

func TestRegisterErrorMethods(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
		diag      string
	}{
		{"unwrap, is, as", "package p\n\ntype E struct{ Err error }\n\nfunc (e *E) Unwrap() error { return e.Err }\nfunc (e E) Is(target error) bool { return false }\nfunc (e *E) As(target any) bool { return false }\n",
			[]string{
				`__devserver_methods.Register("Unwrap", func(v *E, ) error { return v.Unwrap() })`,
				`__devserver_methods.Register("Is", func(v E, target error) bool { return v.Is(target) })`,
				`__devserver_methods.Register("As", func(v *E, target any) bool { return v.As(target) })`,
			}, ""},
		{"unwrap of a join", "package p\n\ntype E struct{ errs []error }\n\nfunc (e E) Unwrap() []error { return e.errs }\n",
			[]string{`Register("Unwrap", func(v E, ) []error { return v.Unwrap() })`}, ""},
		{"not a struct", "package p\n\ntype Code int\n\nfunc (c Code) Is(target error) bool { return false }\n", nil,
			"a.go:5:15: errors.Is and errors.As cannot see method Is of Code in dev"},
		{"other methods", "package p\n\ntype E struct{ A int }\n\nfunc (e E) Error() string { return \"\" }\nfunc (e E) Is(a, b error) bool { return false }\n", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runPass(t, registerErrorMethods, true, "a.go", tc.src)
			if r.changed != (len(tc.want) > 0) {
				t.Errorf("changed = %v", r.changed)
			}
			out := r.out("a.go")
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if len(tc.want) > 0 && !r.folder.marked["E"] {
				t.Errorf("E not marked for a type tag")
			}
			if (tc.diag == "") != (len(r.diags) == 0) || (tc.diag != "" && !strings.HasPrefix(r.diags[0], tc.diag)) {
				t.Errorf("diagnostics %q, want %q", r.diags, tc.diag)
			}
		})
	}
}
