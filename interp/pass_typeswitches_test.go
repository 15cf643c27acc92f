package interp

import (
	"strings"
	"testing"
)

func TestTypeSwitches(t *testing.T) {
	const ok = "func() bool { _, ok := "
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"no variable", "switch x.(type) {\n\tcase *T:\n\t\tuse(1)\n\tcase T, nil:\n\t}",
			"switch  {\n\tcase " + ok + "x.(*T); return ok }():\n\t\tuse(1)\n\tcase " + ok + "x.(T); return ok }() || x == nil:\n\t}"},
		{"a variable", "switch v := x.(type) {\n\tcase *T:\n\t\tuse(v)\n\tcase int, nil:\n\t\tuse(v)\n\tdefault:\n\t}",
			"switch  {\n\tcase " + ok + "x.(*T); return ok }(): v := x.(*T); _ = v;\n\t\tuse(v)\n\tcase " + ok + "x.(int); return ok }() || x == nil: v := x; _ = v;\n\t\tuse(v)\n\tdefault: v := x; _ = v;\n\t}"},
		{"nil alone", "switch v := x.(type) {\n\tcase nil:\n\t\tuse(v)\n\t}",
			"switch  {\n\tcase x == nil: v := x; _ = v;\n\t\tuse(v)\n\t}"},
		{"the operand shadowed", "switch x := x.(type) {\n\tcase T:\n\t\tuse(x)\n\t}",
			"switch  {\n\tcase " + ok + "x.(T); return ok }(): x := x.(T); _ = x;\n\t\tuse(x)\n\t}"},
		{"a field", "switch v := b.x.(type) {\n\tcase int:\n\t\tuse(v)\n\t}",
			"switch  {\n\tcase " + ok + "b.x.(int); return ok }(): v := b.x.(int); _ = v;\n\t\tuse(v)\n\t}"},
		{"a call", "switch v := get().(type) {\n\tcase int,\n\t\tnil:\n\t\tuse(v)\n\t}",
			"switch __devserver_tsw := get(); {\n\tcase " + ok + "__devserver_tsw.(int); return ok }() ||\n\t\t__devserver_tsw == nil: v := __devserver_tsw; _ = v;\n\t\tuse(v)\n\t}"},
		{"an init statement", "switch y := get(); y.(type) {\n\tcase int:\n\t}",
			"switch y := get();  {\n\tcase " + ok + "y.(int); return ok }():\n\t}"},
		{"a label", "loop:\n\tswitch v := x.(type) {\n\tcase T:\n\t\tuse(v)\n\t\tbreak loop\n\t}",
			"loop:\n\tswitch  {\n\tcase " + ok + "x.(T); return ok }(): v := x.(T); _ = v;\n\t\tuse(v)\n\t\tbreak loop\n\t}"},
		{"no clause", "switch x.(type) {\n\t}", ""},
		{"an empty interface", "switch v := s.(type) {\n\tcase any:\n\t\tuse(v)\n\tcase interface{}, nil:\n\t}",
			"switch  {\n\tcase s != nil: v := (any)(s); _ = v;\n\t\tuse(v)\n\tcase s != nil || s == nil: v := s; _ = v;\n\t}"},
		{"an interface of the package", "switch v := s.(type) {\n\tcase T:\n\t\tuse(v)\n\t}",
			"switch  {\n\tcase " + ok + "s.(T); return ok }(): v := s.(T); _ = v;\n\t\tuse(v)\n\t}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, typeSwitches, "package p\n\ntype T struct{}\n\ntype box struct{ x any }\n\ntype Shape interface{ Area() float64 }\n\nfunc (T) Area() float64 { return 0 }\n\nfunc use(any) {}\n\nfunc get() any { return nil }\n\nfunc f(x any, b box, s Shape) {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}

// TestTypeSwitchesRefuse checks that a type switch the pass cannot
// desugar refuses its file, which then runs compiled.
func TestTypeSwitchesRefuse(t *testing.T) {
	r := runPass(t, typeSwitches, true, "a.go", "package p\n\nfunc get() any { return nil }\n\nfunc f() {\n\tswitch y := 1; get().(type) {\n\tcase int:\n\t\t_ = y\n\t}\n}\n")
	if len(r.diags) != 1 || !strings.Contains(r.diags[0], typeSwitchConstruct+DiffersMarker) {
		t.Fatalf("diagnostics %q, want one refusing %q", r.diags, typeSwitchConstruct)
	}
}
