package interp

import (
	"strings"
	"testing"
)

func TestJSONArgs(t *testing.T) {
	const decl = "package p\n\nimport \"encoding/json\"\n\ntype ID [4]byte\n\nfunc (ID) MarshalText() ([]byte, error) { return nil, nil }\n\ntype IDs []ID\n\ntype S struct{ A ID }\n\n"
	for _, tc := range []struct {
		name, body string
		want       string // in the output; "" when nothing changes
	}{
		{"value", "func f(id ID) { json.Marshal(id) }\n",
			`json.Marshal(__devserver_jsonfix.Typed(id, "{\"k\":\"named\",\"id\":\"example.com/m/p.ID\"}"))`},
		{"slice", "func f(ids []ID) { json.MarshalIndent(ids, \"\", \" \") }\n",
			`json.MarshalIndent(__devserver_jsonfix.Typed(ids, "{\"k\":\"slice\",\"e\":{\"k\":\"named\",\"id\":\"example.com/m/p.ID\"}}"), "", " ")`},
		{"named slice without methods", "func f(ids IDs) { json.Marshal(ids) }\n",
			`Typed(ids, "{\"k\":\"slice\",\"e\":{\"k\":\"named\",\"id\":\"example.com/m/p.ID\"}}")`},
		{"pointer", "func f(id *ID) { json.Marshal(id) }\n",
			`Typed(id, "{\"k\":\"ptr\",\"e\":{\"k\":\"named\",\"id\":\"example.com/m/p.ID\"}}")`},
		{"map key", "func f(m map[ID]int) { json.Marshal(m) }\n",
			`Typed(m, "{\"k\":\"map\",\"e\":{\"k\":\"other\"},\"key\":{\"k\":\"named\",\"id\":\"example.com/m/p.ID\"}}")`},
		{"encoder", "func f(e *json.Encoder, ids [2]ID) { e.Encode(ids) }\n",
			`e.Encode(__devserver_jsonfix.Typed(ids, "{\"k\":\"array\"`},
		{"encoder, plain value", "func f(e *json.Encoder, v []int) { e.Encode(v) }\n",
			`e.Encode(__devserver_jsonfix.Typed(v, ""))`},
		// Struct fields are marked by the tag pass; interfaces are
		// recognised at run time; other values need nothing.
		{"struct", "func f(s S) { json.Marshal(s) }\n", ""},
		{"interface", "func f(v any) { json.Marshal(v) }\n", ""},
		{"plain", "func f(v []int) { json.Marshal(v) }\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runPass(t, jsonArgs, true, "a.go", decl+tc.body)
			if r.changed != (tc.want != "") {
				t.Fatalf("changed = %v, want %v:\n%s", r.changed, tc.want != "", r.out("a.go"))
			}
			if out := r.out("a.go"); tc.want != "" && !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %s:\n%s", tc.want, out)
			}
		})
	}
}

func TestEncoderErrors(t *testing.T) {
	src := "package p\n\nimport (\n\t\"encoding/json\"\n\t\"os\"\n)\n\nfunc f(v any) error {\n\tjson.NewEncoder(os.Stdout).Encode(v)\n\treturn json.NewEncoder(os.Stdout).Encode(v)\n}\n"
	r := runPass(t, encoderErrors, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"\t__devserver_jsonfix.EncodeError(json.NewEncoder(os.Stdout).Encode(v))\n",
		"\treturn __devserver_jsonfix.EncodeError(json.NewEncoder(os.Stdout).Encode(v))\n",
	} {
		if !r.changed || !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestEncoderErrorsAfterPanicLines checks the call's closing parenthesis
// goes before the end panicLines gives a return statement it rewrote.
func TestEncoderErrorsAfterPanicLines(t *testing.T) {
	src := "package p\n\nimport (\n\t\"encoding/json\"\n\t\"os\"\n)\n\nfunc f(v any) error {\n\tos.Stdout.WriteString(\"x\")\n\treturn json.NewEncoder(os.Stdout).Encode(v)\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) {
		a, _ := panicLines(f)
		b, _ := encoderErrors(f)
		return a || b, nil
	}, true, "a.go", src)
	out := r.out("a.go")
	if want := "EncodeError(json.NewEncoder(os.Stdout).Encode(v)); _dsl = 0; return _dsr0 }\n"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}
