package interp

import (
	"go/constant"
	"go/token"
	"strings"
	"testing"
)

func TestFloatConstants(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass (a prefix of the literal); "" for unchanged
	}{
		{"literal times constant", "_ = 2.0 * math.Pi", "_ = 2.0 * (3.14159265358979323846264338327950288419716939937510582097494459"},
		{"constant times literal", "_ = math.Pi * 2.0", "_ = (3.14159265358979323846264338327950288419716939937510582097494459"},
		{"negated in a comparison", "_ = n < 0.0-math.MaxFloat64", "_ = n < 0.0-(1.7976931348623157081452742373170435679807056752584499659891747680315726078002853876058955863276687817154045895351438246423432132688946418276846754670353752e+308)"},
		{"unary inside the expression", "_ = -math.MaxFloat32 < 0.5", "_ = -(3.4028234663852885981170418348451692544e+38) < 0.5"},
		{"variable operand", "_ = n * math.Pi", ""},
		{"alone", "_ = math.Pi", ""},
		{"integer constant", "_ = 0.5 + math.MaxInt8", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport \"math\"\n\nvar n float64\n\nfunc f() {\n\t" + tc.body + "\n}\n"
			r := runPass(t, floatConstants, true, "a.go", src)
			out := r.out("a.go")
			if tc.want == "" {
				if r.changed {
					t.Errorf("changed:\n%s", out)
				}
				return
			}
			if !r.changed || !strings.Contains(out, "\n\t"+tc.want) {
				t.Errorf("got\n%s\nwant the body to start\n%s", out, tc.want)
			}
		})
	}
}

// TestFloatLiteral checks that a constant written out reads back as the
// same value, to the float64 it converts to and beyond.
func TestFloatLiteral(t *testing.T) {
	for _, lit := range []string{"3.14159265358979323846264338327950288419716939937510582097494459", "0x1p-1022", "1e308", "5", "0.1"} {
		v := constant.MakeFromLiteral(lit, token.FLOAT, 0)
		if v.Kind() == constant.Unknown {
			v = constant.MakeFromLiteral(lit, token.INT, 0)
		}
		got, ok := floatLiteral(v)
		if !ok {
			t.Fatalf("%s: no literal", lit)
		}
		back := constant.MakeFromLiteral(got, token.FLOAT, 0)
		if back.Kind() == constant.Unknown {
			t.Fatalf("%s: %q is not a float literal", lit, got)
		}
		diff := constant.BinaryOp(back, token.SUB, v)
		if rel := constant.BinaryOp(diff, token.QUO, v); constant.Compare(constant.UnaryOp(token.SUB, rel, 0), token.GTR, constant.MakeFloat64(1e-100)) || constant.Compare(rel, token.GTR, constant.MakeFloat64(1e-100)) {
			t.Errorf("%s: written %q, off by %v", lit, got, rel)
		}
	}
}

func TestBigConstants(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"returned literal", "return 0xFFFFFFFFFFFFFFFF", "return uint64(0xFFFFFFFFFFFFFFFF)"},
		{"returned expression", "return 1<<64 - 1", "return uint64(1<<64 - 1)"},
		{"returned package constant", "return math.MaxUint64", "return uint64(math.MaxUint64)"},
		{"returned constant", "return top", "return uint64(top)"},
		{"variable", "var x uint64 = 1 << 63; return x", "var x uint64 = uint64(1 << 63); return x"},
		{"fits", "return 1<<63 - 1", ""},
		{"converted already", "return uint64(1 << 63)", "return uint64(uint64(1 << 63))"},
		{"small", "return 42", ""},
		// yaegi wraps the operands around to int64 and compares those.
		{"compared beyond int64", "if 1<<63 > 0 && -math.MinInt64 != math.MinInt64 { return 1 }; return 0", "if true && true { return 1 }; return 0"},
		{"compared constant", "const ok = top == 1<<64-1; if ok { return 1 }; return 0", "const ok = true; if ok { return 1 }; return 0"},
		{"compared within int64", "if math.MinInt64 < 0 { return 1 }; return 0", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, bigConstants, "package p\n\nimport \"math\"\n\nconst top = 1<<64 - 1\n\nvar _ = math.Pi\n\nfunc f() uint64 {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}

func TestNegativeZeros(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the body after the pass; "" for unchanged
	}{
		{"negated conversion", "x := -float64(zero)\n\tuse(x)", "x := float64(0)\n\tuse(x)"},
		{"negated float32 conversion", "var y float32 = -float32(zero)\n\tuse(float64(y))", "var y float32 = float32(0)\n\tuse(float64(y))"},
		{"underflow", "x := -1e-10000\n\tuse(x)", "x := float64(0)\n\tuse(x)"},
		{"inside a constant that is not zero", "use(1 + -1e-10000)", ""},
		{"named float type", "t := -temp(zero)\n\tuse(float64(t))", "t := temp(0)\n\tuse(float64(t))"},
		{"a negative constant", "x := -float64(half)\n\tuse(x)", ""},
		{"a variable", "v := 1.0\n\tuse(-v)", ""},
		{"an integer", "i := -int(0)\n\t_ = i", ""},
		{"a constant declaration", "const c = -float64(zero)\n\tuse(c)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nconst zero, half = 0.0, 0.5\n\ntype temp float64\n\nfunc use(float64) {}\n\nfunc g() {\n\t" + tc.body + "\n}\n"
			checkBody(t, negativeZeros, src, tc.want)
		})
	}
}
