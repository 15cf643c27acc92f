package interp

import (
	"strings"
	"testing"
)

func TestFmtArgs(t *testing.T) {
	const wrappers = `
func errorf(status int, format string, args ...any) error {
	if status == 0 {
		return fmt.Errorf(format, args...)
	}
	return fmt.Errorf("%d: %w", status, fmt.Errorf(format, args...))
}

type logger struct{ prefix string }

func (l logger) Print(args ...any) { fmt.Print(l.prefix + fmt.Sprint(args...)) }

func lineOf(args ...any) string { return fmt.Sprintln(args...) }

var kept []any

func keep(format string, args ...any) { kept = args; fmt.Printf(format, args...) }

func fixed(format string, args ...any) { fmt.Printf("%v", args...) }
`
	head := "package p\n\nimport (\n\t\"fmt\"\n\t\"log\"\n)\n\nvar _ = log.Println\n\ntype Color int\n\nfunc (c Color) String() string { return \"c\" }\n\ntype Box struct{ secret string }\n\ntype Fail struct{ code int }\n\nfunc (e *Fail) Error() string { return \"fail\" }\n\nfunc f(cs []Color, b *Box, n int, err error, fl Fail) {\n\t"
	for _, tc := range []struct {
		name, body string
		want       []string // in the output; nil for unchanged
	}{
		{"slice of a route type", `fmt.Println(cs, n)`, []string{`fmt.Println(_dsfmt.Value(cs, "{\"k\":\"slice\",\"s\":\"[]p.Color\",\"e\":{\"k\":\"named\",\"s\":\"p.Color\",\"id\":\"example.com/m/p.Color\"}}"), n)`}},
		{"pointer, printf", `_ = fmt.Sprintf("%+v %d", b, n)`, []string{`fmt.Sprintf("%+v %d", _dsfmt.Value(b, `}},
		{"type verb", `fmt.Printf("%T %v", b, n)`, []string{`fmt.Printf("%s %v", func() string { _ = b; return _dsfmt.TypeName(`}},
		{"error", `fmt.Println(err)`, []string{"fmt.Println(" + errorOperand + "err))"}},
		// An error interface of the package's goes to error as nilIfaces
		// converts it: a nil one is a nil error.
		{"error interface", `var c interface{ error; Code() int }; fmt.Println(c)`, []string{"fmt.Println(" + errorOperand + "(func() error { _dsni"}},
		{"wrapped error", `_ = fmt.Errorf("x: %w", err)`, nil},
		// Errorf keeps its %w operand: a copy, not the caller's variable.
		{"wrapped route error", `_ = fmt.Errorf("x: %w", &fl)`, []string{`fmt.Errorf("x: %w", func(v *Fail) error { return v }(&fl))`}},
		{"errorf of a variable format", `format := "%v"; _ = fmt.Errorf(format, cs)`, nil},
		{"compiled types only", `fmt.Println(n, "x")`, nil},
		{"local type", `type pt struct{ x int }; fmt.Println(pt{n})`, []string{`fmt.Println(_dsfmt.Value(pt{n}, "{\"k\":\"struct\",\"s\":\"p.pt\",\"f\":[{\"n\":\"x\",\"t\":{\"k\":\"other\",\"s\":\"int\"},\"h\":true}]}"))`}},
		{"local type with a promoted String", `type wrap struct{ Color }; fmt.Println(wrap{})`, nil},
		{"log function", `log.Printf("%+v %d", b, n)`, []string{`log.Printf("%+v %d", _dsfmt.Value(b, `}},
		{"log.Logger method", `log.New(nil, "", 0).Println(cs)`, []string{`log.New(nil, "", 0).Println(_dsfmt.Value(cs, `}},
		{"log, compiled types only", `log.Println(n, "x")`, nil},
		// A spread []any may hold yaegi's wrappers of interface values.
		{"spread", `args := []any{cs}; fmt.Println(args...)`, []string{`fmt.Println(_dsfmt.Spread(args)...)`}},
		// Print spaces operands by their kinds, which the wrappers change.
		{"print", `fmt.Print(cs, n)`, []string{`fmt.Print(_dsfmt.Sprint(_dsfmt.Value(cs, `, `), n))`}},
		{"print, one operand", `fmt.Print(cs)`, []string{`fmt.Print(_dsfmt.Value(cs, `}},
		{"fprint", `fmt.Fprint(nil, n, err)`, []string{`fmt.Fprint(nil, _dsfmt.Sprint(n, func(e error) any {`, `}(err)))`}},
		{"log.Print", `log.Print(b, "x")`, []string{`log.Print(_dsfmt.Sprint(_dsfmt.Value(b, `}},
		// Print wrappers: their callers' operands are wrapped.
		{"printf wrapper", `_ = errorf(400, "%v %d", cs, n)`, []string{`errorf(400, "%v %d", _dsfmt.Value(cs, `}},
		{"printf wrapper, %w", `_ = errorf(400, "%w", err)`, nil},
		{"print wrapper method", `var l logger; l.Print(b, n)`, []string{`l.Print(_dsfmt.Sprint(_dsfmt.Value(b, `}},
		{"println wrapper", `lineOf(cs, n)`, []string{`lineOf(_dsfmt.Value(cs, `, `), n)`}},
		{"not a wrapper: keeps its operands", `keep("%v", cs)`, nil},
		{"not a wrapper: another format", `fixed("%v", cs)`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.body + "\n}\n" + wrappers
			r := runPass(t, fmtArgs, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == nil {
				// Color's registration is added all the same: another
				// package may print a Color.
				if !strings.Contains(out, "\n\t"+tc.body+"\n}\n") {
					t.Errorf("the call was rewritten:\n%s", out)
				}
				return
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("got\n%s\nwant it to contain\n%s", out, w)
				}
			}
			if !strings.Contains(out, `_dsfmt.Method("example.com/m/p.Color", "String", false, func(v Color) string { return v.String() })`) {
				t.Errorf("Color's String is not registered:\n%s", out)
			}
		})
	}
}

// TestFmtTypesPromoted checks that a type is registered with the fmt
// methods promoted from its embedded fields, which fmt calls: with a
// pointer receiver when only *T has the method.
func TestFmtTypesPromoted(t *testing.T) {
	src := "package p\n\nimport \"fmt\"\n\ntype Color int\n\nfunc (c Color) String() string { return \"c\" }\n\ntype Node struct{ n int }\n\nfunc (n *Node) String() string { return \"n\" }\n\ntype Tagged struct {\n\tColor\n\tN int\n}\n\ntype ByPtr struct{ *Node }\n\ntype ByValue struct{ Node }\n\nfunc f(t Tagged) { fmt.Println(t) }\n"
	out := runPass(t, fmtArgs, true, "a.go", src).out("a.go")
	for _, want := range []string{
		`_dsfmt.Method("example.com/m/p.Tagged", "String", false, func(v Tagged) string { return v.String() })`,
		`_dsfmt.Method("example.com/m/p.ByPtr", "String", false, func(v ByPtr) string { return v.String() })`,
		`_dsfmt.Method("example.com/m/p.ByValue", "String", true, func(v *ByValue) string { return v.String() })`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no registration %s in\n%s", want, out)
		}
	}
}
