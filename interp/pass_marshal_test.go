package interp

import (
	"strings"
	"testing"
)

func TestRegisterMarshalers(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		own       bool
		changed   bool
		want      []string // in the output
		diag      string   // prefix of the one diagnostic, if any
	}{
		{"value receiver", "package p\n\ntype T struct{ A int }\n\nfunc (T) MarshalJSON() ([]byte, error) { return nil, nil }\n", true, true,
			[]string{"package p; import __devserver_jsonfix \"github.com/devserver/devserver/internal/jsonfix\"\n", `__devserver_jsonfix.RegisterJSON("p.T", func(v T) ([]byte, error) { return v.MarshalJSON() })`}, ""},
		{"pointer receiver, text", "package p\n\ntype T struct{ A int }\n\nfunc (*T) MarshalText() ([]byte, error) { return nil, nil }\n", true, true,
			[]string{`RegisterText("p.T", func(v *T) ([]byte, error) { return v.MarshalText() })`}, ""},
		{"not the marshal shape", "package p\n\ntype T struct{ A int }\n\nfunc (T) MarshalJSON(x int) ([]byte, error) { return nil, nil }\n", true, false, nil, ""},
		{"non-struct in own code", "package p\n\ntype C float64\n\nfunc (C) MarshalJSON() ([]byte, error) { return nil, nil }\n", true, true,
			[]string{`RegisterNamed("example.com/m/p.C", "p.C", "json", func(v C) ([]byte, error) { return v.MarshalJSON() })`}, "a.go:5:10: p.C has method MarshalJSON but is not a struct type (float64)"},
		{"non-struct pointer receiver in own code", "package p\n\ntype C float64\n\nfunc (*C) MarshalJSON() ([]byte, error) { return nil, nil }\n", true, false, nil,
			"a.go:5:11: method MarshalJSON on C, which is not a struct type"},
		{"non-struct elsewhere", "package p\n\ntype C float64\n\nfunc (C) MarshalJSON() ([]byte, error) { return nil, nil }\n", false, true,
			[]string{`RegisterNamed("example.com/m/p.C", "p.C", "json", func(v C) ([]byte, error) { return v.MarshalJSON() })`}, "a.go:5:10: p.C has method MarshalJSON but is not a struct type (float64)"},
		{"empty struct", "package p\n\ntype E struct{}\n\nfunc (E) MarshalJSON() ([]byte, error) { return nil, nil }\n", true, false, nil,
			"a.go:5:10: method MarshalJSON on E, a struct without fields"},
		{"generic type", "package p\n\ntype G[T any] struct{ V T }\n\nfunc (G[T]) MarshalJSON() ([]byte, error) { return nil, nil }\n", true, false, nil,
			"a.go:5:13: method MarshalJSON on a generic type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runPass(t, registerMarshalers, tc.own, "a.go", tc.src)
			if r.changed != tc.changed {
				t.Errorf("changed = %v, want %v", r.changed, tc.changed)
			}
			out := r.out("a.go")
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			switch {
			case tc.diag == "" && len(r.diags) > 0:
				t.Errorf("unexpected diagnostics %q", r.diags)
			case tc.diag != "" && (len(r.diags) != 1 || !strings.HasPrefix(r.diags[0], tc.diag)):
				t.Errorf("diagnostics %q, want one starting %q", r.diags, tc.diag)
			}
		})
	}
}

// TestRegisterMarshalersGenericRoute: in a route's package whose
// instances are written out as concrete types, the generic MarshalJSON
// never runs, and the copies' methods are registered; in another
// package, or one left as written, the generic method is refused.
func TestRegisterMarshalersGenericRoute(t *testing.T) {
	const src = "package route\n\ntype G[T any] struct{ V T }\n\nfunc (G[T]) MarshalJSON() ([]byte, error) { return nil, nil }\n\nvar g = G[int]{V: 1}\n"
	for _, tc := range []struct {
		name          string
		file          string
		monomorphised bool
		refused       bool
	}{
		{"route written out", "route.go", true, false},
		{"route left as written", "route.go", false, true},
		{"shared package written out", "a.go", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				if tc.monomorphised {
					mf, refusal := monomorphise(f)
					if refusal != nil || !mf.monomorphised {
						t.Fatalf("not written out: %v", refusal)
					}
					f = mf
				}
				return registerMarshalers(f)
			}, true, tc.file, src)
			if refused := len(r.diags) > 0; refused != tc.refused {
				t.Errorf("diagnostics %q, want refused %v", r.diags, tc.refused)
			}
		})
	}
}
