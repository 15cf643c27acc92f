package interp

import (
	"strings"
	"testing"
)

func TestTypedConstants(t *testing.T) {
	src := `package p

type Level uint8

const (
	Debug Level = iota + 1
	Info
	Plain Level = 7
)

type Size float64

const (
	_        = iota
	KB Size = 1 << (10 * iota)
	MB
)

type Name string

const Full Name = "a" + "b"

const Next = Info + 1

const Untyped = 2 + 3

const a, b Level = 1 + 1, 2 + 2

func f() {
	type Local int
	const x Local = 2 * 3
	_ = x
}
`
	r := runPass(t, typedConstants, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"Debug Level = Level(iota + 1)\n\tInfo\n\tPlain Level = 7\n",
		"KB Size = 1024.0\n\tMB Size = 1.048576e+06\n",
		`const Full Name = "ab"`,
		"const Next = Level(Info + 1)",
		"const Untyped = 2 + 3", // untyped: yaegi folds it right
		"const a, b Level = Level(1 + 1), Level(2 + 2)",
		"const x Local = Local(2 * 3)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestTypedConstantsOfFloatTypes(t *testing.T) {
	src := "package p\n\nconst (\n\tq0 float64 = iota / 2\n\tq1\n\tq2\n)\n\nconst half float32 = 1 / 2\n\nconst lit float64 = 3\n\nconst untyped = 1 / 2.0\n"
	r := runPass(t, typedConstants, true, "a.go", src)
	want := "package p\n\nconst (\n\tq0 float64 = 0.0\n\tq1 float64 = 0.0\n\tq2 float64 = 1.0\n)\n\nconst half float32 = 0.0\n\nconst lit float64 = 3\n\nconst untyped = 1 / 2.0\n"
	if out := r.out("a.go"); out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
