package interp

import (
	"strings"
	"testing"
)

func TestTagFields(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		marked    string
		want      []string
	}{
		{"unexported field", "package p\n\ntype T struct {\n\tName string\n\tsecret string\n}\n", "",
			[]string{"\tsecret string `json:\"-\" xml:\"-\"`\n"}},
		{"existing tag kept", "package p\n\ntype T struct {\n\tsecret string `db:\"s\" json:\"s\"`\n}\n", "",
			[]string{"\tsecret string `db:\"s\" json:\"-\" xml:\"-\"`\n"}},
		{"embedded", "package p\n\ntype In struct{ A int }\ntype in struct{ B int }\ntype T struct {\n\tIn\n\t*in\n}\n", "",
			[]string{"\tIn `devserver:\"embed\"`\n", "\t*in `devserver:\"embed,unexported\"`\n"}},
		{"embedded non-struct", "package p\n\ntype code int\ntype T struct {\n\tcode\n\tA int\n}\n", "",
			[]string{"\tcode `json:\"-\"`\n"}},
		{"marked type", "package p\n\ntype T struct {\n\tA int `json:\"a\"`\n}\n", "T",
			[]string{"\tA int `json:\"a\" devservertype:\"/m/p.T\"`\n"}},
		{"exported fields untouched", "package p\n\ntype T struct {\n\tA, B int\n}\n", "", nil},
		{"mixed list split", "package p\n\ntype T struct {\n\tX, y, Z int\n\ta, B string `db:\"v\"`\n}\n", "",
			[]string{"\tX int; y int `json:\"-\" xml:\"-\"`; Z int\n", "\ta string `db:\"v\" json:\"-\" xml:\"-\"`; B string `db:\"v\"`\n"}},
		{"mixed list of a marked type keeps its mark", "package p\n\ntype T struct {\n\tX, y int\n}\n", "T",
			[]string{"\tX, y int `devservertype:\"/m/p.T\"`\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runPass(t, func(f *folder) (bool, []diagnostic) {
				if tc.marked != "" {
					f.marked[tc.marked] = true
				}
				return tagFields(f)
			}, true, "a.go", tc.src)
			if r.changed != (len(tc.want) > 0) {
				t.Errorf("changed = %v", r.changed)
			}
			out := r.out("a.go")
			if strings.Count(out, "\n") != strings.Count(tc.src, "\n") {
				t.Errorf("lines added:\n%s", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestTagFieldsForeignMarshaler(t *testing.T) {
	src := "package p\n\nimport \"example.com/id\"\n\ntype T struct {\n\tID id.UUID\n\tIDs []id.UUID\n\tP *id.UUID\n\tN id.Other\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) {
		f.foreign = func(path string) foreignMarshalers {
			if path == "example.com/id" {
				return foreignMarshalers{name: "id", types: map[string]bool{"UUID": true}}
			}
			return foreignMarshalers{}
		}
		return tagFields(f)
	}, true, "a.go", src)
	out := r.out("a.go")
	for _, w := range []string{"\tID id.UUID `devserver:\"marshal=example.com/id.UUID\"`\n", "`devserver:\"marshal[]=example.com/id.UUID\"`", "`devserver:\"marshal*=example.com/id.UUID\"`", "\tN id.Other\n"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

// TestTagFieldsMarksOwnNonStructMarshalers checks that struct fields of a
// non-struct type of the package with a MarshalJSON method are marked for
// jsonfix, as fields of other modules' such types are.
func TestTagFieldsMarksOwnNonStructMarshalers(t *testing.T) {
	src := "package p\n\ntype C float64\n\nfunc (C) MarshalJSON() ([]byte, error) { return nil, nil }\n\ntype R struct {\n\tT  C\n\tPs []C\n\tn  C\n\tM  map[C]int\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) {
		registerMarshalers(f)
		return tagFields(f)
	}, true, "a.go", src)
	out := r.out("a.go")
	// The fields also name their types for decode errors (see
	// TestTagFieldsNamesNonStructTypes).
	for _, want := range []string{"\tT  C `devserver:\"marshal=example.com/m/p.C\" devservernames:\"p.C\"`\n", "\tPs []C `devserver:\"marshal[]=example.com/m/p.C\" devservernames:\"[]p.C;p.C\"`\n", "\tn  C `json:\"-\" xml:\"-\"`\n", "\tM  map[C]int `devserver:\"marshal{}=example.com/m/p.C\" devservernames:\"map[p.C]int;\"`\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestTagFieldsRefusesHiddenMarshalers checks that a field holding a
// non-struct marshal type where its mark cannot reach it refuses the file
// (its route runs compiled), and that the shapes jsonfix encodes do not.
func TestTagFieldsRefusesHiddenMarshalers(t *testing.T) {
	for _, tc := range []struct {
		field   string
		refused bool
	}{
		{"V C", false},
		{"P *C", false},
		{"S []C", false},
		{"K map[C]string", false},
		{"SK map[S]int", false},
		{"MV map[string]C", true},
		{"A [2]C", true},
		{"SS [][]C", true},
		{"MS map[string][]C", true},
		{"hidden map[string]C", false},
		{"N map[string]int", false},
	} {
		src := "package p\n\ntype C float64\n\nfunc (C) MarshalJSON() ([]byte, error) { return nil, nil }\n\ntype S string\n\nfunc (S) MarshalText() ([]byte, error) { return nil, nil }\n\ntype R struct {\n\t" + tc.field + "\n}\n"
		r := runPass(t, func(f *folder) (bool, []diagnostic) {
			registerMarshalers(f)
			return tagFields(f)
		}, true, "a.go", src)
		refused := false
		for _, d := range r.diags {
			refused = refused || strings.Contains(d, DiffersMarker)
		}
		if refused != tc.refused {
			t.Errorf("%s: refused %v, want %v (%v)", tc.field, refused, tc.refused, r.diags)
		}
	}
}

// TestTagFieldsNamesNonStructTypes checks the names an exported field
// holding a named non-struct type of the package gets for jsonfix's
// decode errors: the field's type and each type it holds, empty where
// reflect's name is right, none where go/types and reflect spell a name
// otherwise.
func TestTagFieldsNamesNonStructTypes(t *testing.T) {
	tests := []struct{ field, want string }{
		{"L Level", "`devservernames:\"p.Level\"`"},
		{"L *Level", "`devservernames:\"*p.Level;p.Level\"`"},
		{"L []Level `json:\"l\"`", "`json:\"l\" devservernames:\"[]p.Level;p.Level\"`"},
		{"T Tags", "`devservernames:\"p.Tags;\"`"},
		{"M map[string][2]Level", "`devservernames:\"map[string][2]p.Level;[2]p.Level;p.Level\"`"},
		{"K map[Level]int", "`devservernames:\"map[p.Level]int;\"`"},
		{"P *Point", ""},
		{"N int", ""},
		{"B map[Level][]byte", ""},
		{"l Level", ""},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			src := "package p\n\ntype Level int\n\ntype Tags []string\n\ntype Point struct{ X Level }\n\ntype R struct {\n\t" + tt.field + "\n}\n"
			r := runPass(t, tagFields, true, "a.go", src)
			out := r.out("a.go")
			line := out[strings.Index(out, "type R struct {\n\t")+len("type R struct {\n\t"):]
			line = line[:strings.Index(line, "\n")]
			_, tag, _ := strings.Cut(line, "`")
			if tag != "" {
				tag = "`" + tag
			}
			if !strings.Contains(line, "devservernames") {
				tag = ""
			}
			if tag != tt.want {
				t.Errorf("field %s tagged %s, want %s", line, tag, tt.want)
			}
		})
	}
}

// TestTagFieldsRefusesHiddenIsZero checks that a field tagged omitzero
// whose type has an IsZero method of interpreted code (or is an
// interface, which may hold one) refuses the file: encoding/json calls
// the method in a build, and the interpreter's type lacks it.
func TestTagFieldsRefusesHiddenIsZero(t *testing.T) {
	for _, tc := range []struct {
		field   string
		refused bool
	}{
		{"V Span `json:\"v,omitzero\"`", true},
		{"P *Span `json:\"p,omitempty,omitzero\"`", true},
		{"Q PSpan `json:\"q,omitzero\"`", true},      // a pointer method
		{"I Zeroer `json:\"i,omitzero\"`", true},     // an interface
		{"E Span `json:\"e,omitempty\"`", false},     // not omitzero
		{"N Plain `json:\"n,omitzero\"`", false},     // no IsZero
		{"T time.Time `json:\"t,omitzero\"`", false}, // compiled: encoding/json sees its method
	} {
		src := "package p\n\nimport \"time\"\n\ntype Span struct{ A, B int }\n\nfunc (s Span) IsZero() bool { return s.A >= s.B }\n\ntype PSpan struct{ A int }\n\nfunc (s *PSpan) IsZero() bool { return s.A == 1 }\n\ntype Zeroer interface{ IsZero() bool }\n\ntype Plain struct{ A int }\n\nvar _ time.Time\n\ntype R struct {\n\t" + tc.field + "\n}\n"
		r := runPass(t, tagFields, true, "a.go", src)
		refused := false
		for _, d := range r.diags {
			refused = refused || strings.Contains(d, "omitzero") && strings.Contains(d, DiffersMarker)
		}
		if refused != tc.refused {
			t.Errorf("%s: refused %v, want %v (%v)", tc.field, refused, tc.refused, r.diags)
		}
	}
}
