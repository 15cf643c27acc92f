package interp

import "testing"

func TestConstShifts(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"argument", "_ = has(1 << i)", "_ = has(Flags(1) << i)"},
		{"typed variable", "var u uint16 = 1 << i; _ = u", "var u uint16 = uint16(1) << i; _ = u"},
		{"int", "n := 1 << i; _ = n", ""},
		{"constant", "_ = has(1 << 3)", ""},
		{"typed operand", "_ = has(Flags(1) << i)", ""},
		{"named constant", "const one = 1; _ = has(one << i)", "const one = 1; _ = has(Flags(one) << i)"},
		{"count of a shift", "n := i << (1 << i); _ = n", "n := i << (uint(1) << i); _ = n"},
		{"count of a shift assignment", "j := 3; j <<= 1 << i", "j := 3; j <<= uint(1) << i"},
		{"float count of a shift", "_ = i << (1. << i)", "_ = i << (uint(1.) << i)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, constShifts, "package p\n\ntype Flags uint8\n\nfunc has(f Flags) bool { return f != 0 }\n\nfunc f(i int) {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}

func TestShiftCounts(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the body after the pass; "" for unchanged
	}{
		{"int count", "_ = x << n", "_ = x << _dsrt.ShiftCount(int64(n))"},
		{"right shift", "_ = x >> n", "_ = x >> _dsrt.ShiftCount(int64(n))"},
		{"named signed count", "_ = x << d", "_ = x << _dsrt.ShiftCount(int64(d))"},
		{"assignment", "x <<= n", "x <<= _dsrt.ShiftCount(int64(n))"},
		{"expression count", "_ = x << (n - 1)", "_ = x << _dsrt.ShiftCount(int64((n - 1)))"},
		{"unsigned count", "_ = x << u", ""},
		{"constant count", "_ = x << 3", ""},
		{"named constant count", "const c = 2; _ = x << c", ""},
		{"variable count before a constant one", "_ = x<<n + x<<2", "_ = x<<_dsrt.ShiftCount(int64(n)) + x<<2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkBody(t, shiftCounts, "package p\n\ntype Delta int8\n\nvar (\n\tx int\n\tn int\n\tu uint\n\td Delta\n)\n\nfunc f() {\n\t"+tc.body+"\n}\n", tc.want)
		})
	}
}
