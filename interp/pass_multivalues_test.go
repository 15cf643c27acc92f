package interp

import (
	"strings"
	"testing"
)

func TestMultiValues(t *testing.T) {
	src := "package p\n\nvar v, w = 1, f()\n\nvar h = func() { a, b := 1, 2; a, b = 3, f(); _, _ = a, b }\n\nfunc f() int { return 1 }\n\nfunc g(s []int) {\n\tlo, hi := 0, len(s)\n\tq, r := 8, []int{9}\n\tvar x, y = \"x\", T{}\n\tlo, hi = hi, lo\n\tc := f()\n\t_, _, _, _, _, _ = lo, hi, q, r, x, y\n\t_ = c\n}\n\ntype T struct{}\n"
	r := runPass(t, multiValues, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"var v, w = 1, f()\n", // the initOrder pass's
		"a, b = 3, (f());",
		"lo, hi := 0, (len(s))\n",
		"q, r := 8, ([]int{9})\n",
		"var x, y = \"x\", (T{})\n",
		"lo, hi = hi, lo\n",
		"c := f()\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestMultiValuesTypedNils: a nil among several values assigned gets its
// variable's type; with one assigned to an empty interface, the values
// are a function literal's results.
func TestMultiValuesTypedNils(t *testing.T) {
	src := "package p\n\nimport \"fmt\"\n\ntype N struct{ next *N }\n\nfunc g(n *N, s []int, err error, st fmt.Stringer, v any) {\n\tvar prev *N\n\tprev, n = n, nil\n\ts, err = nil, nil\n\tst, s = nil, (nil)\n\tn, v = nil, nil\n\t_, _, _, _, _ = prev, s, err, st, v\n}\n"
	detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return multiValues(f) }
	r := runPass(t, detecting, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"prev, n = n, (*N)(nil)\n",
		"s, err = ([]int)(nil), (error)(nil)\n",
		"st, s = (fmt.Stringer)(nil), ([]int)((nil))\n",
		"n, v = func() (*N, any) { return nil, nil }()\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if len(r.diags) != 0 {
		t.Errorf("diagnostics %q, want none", r.diags)
	}
}

// TestMultiValuesEmptyInterfaces: values assigned together, one of them
// of an empty interface type, are the results of a function literal;
// with a map entry among the variables, the route is refused.
func TestMultiValuesEmptyInterfaces(t *testing.T) {
	src := "package p\n\nfunc g(a, b any, s []any, m map[string]any, n float64) {\n\ta, b = b, a\n\ts[0], s[1] = s[1], nil\n\t_, n = a, 2\n\tm[\"x\"], n = a, 1\n\t_, _, _ = a, b, n\n}\n"
	detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return multiValues(f) }
	r := runPass(t, detecting, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"a, b = func() (any, any) { return b, a }()\n",
		"s[0], s[1] = func() (any, any) { return s[1], nil }()\n",
		"_, n = func() (any, float64) { return a, 2 }()\n",
		"m[\"x\"], n = a, 1\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if len(r.diags) != 1 || !strings.Contains(r.diags[0], "a.go:7:2: a map entry assigned with other values") {
		t.Errorf("diagnostics %q, want one at the map entry", r.diags)
	}
}

// TestMultiValuesSplit: a value of a type with methods assigned with
// others to an any is assigned alone, after all values are evaluated; in
// an init statement, which cannot hold several, it is refused.
func TestMultiValuesSplit(t *testing.T) {
	src := "package p\n\ntype Q struct{ X int }\n\nfunc (q Q) D() int { return q.X }\n\nfunc g(n int) {\n\tvar first any\n\tfirst, n = Q{1}, n+1\n\tif first, n = (Q{2}), 3; n > 0 {\n\t}\n\t_, _ = first, n\n}\n"
	detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return multiValues(f) }
	r := runPass(t, detecting, true, "a.go", src)
	out := r.out("a.go")
	if want := "_dsmv0_102, _dsmv1_102 := (Q{1}), n+1; first = _dsmv0_102; n = _dsmv1_102\n"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if len(r.diags) != 1 || !strings.Contains(r.diags[0], "assigned with other values") {
		t.Errorf("diagnostics %v, want the init statement's", r.diags)
	}
}

// TestMultiValuesMapEntryResults: the results of one operation assigned
// with a map entry among the variables are declared first, then assigned
// as two values, in a block around an if statement whose init it is;
// with a key that is an operation, the route runs compiled.
func TestMultiValuesMapEntryResults(t *testing.T) {
	src := "package p\n\nimport \"strconv\"\n\nfunc g(m map[string]int, ok map[string]bool, v any, k string, err error) {\n\tm[k], err = strconv.Atoi(k)\n\tswitch {\n\tcase k != \"\":\n\t\tm[\"x\"], ok[k] = m[k]\n\t}\n\tif m[k], err = strconv.Atoi(k); err != nil {\n\t}\n\tm[k+\"!\"], err = strconv.Atoi(k)\n\tvar n int\n\tn, ok[k] = v.(int)\n\t_ = n\n}\n"
	detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return multiValues(f) }
	r := runPass(t, detecting, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"{ var _dsm105_1 int; var _dsm105_2 error; _dsm105_1, _dsm105_2 = strconv.Atoi(k); m[k], err = _dsm105_1, _dsm105_2 }\n",
		"{ var _dsm160_1 int; var _dsm160_2 bool; _dsm160_1, _dsm160_2 = m[k]; m[\"x\"], ok[k] = _dsm160_1, _dsm160_2 }\n",
		"{ var _dsm278_1 int; var _dsm278_2 bool; _dsm278_1, _dsm278_2 = v.(int); n, ok[k] = _dsm278_1, _dsm278_2 }\n",
		"m[k+\"!\"], err = strconv.Atoi(k)\n",
		// In an if header: a block around the if, which keeps an empty init.
		"{ var _dsm188_1 int; var _dsm188_2 error;  _dsm188_1, _dsm188_2 = strconv.Atoi(k); m[k], err = _dsm188_1, _dsm188_2; if ; err != nil {\n\t} }\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if len(r.diags) != 1 || !strings.Contains(r.diags[0], "a.go:13:2: a map entry whose key") {
		t.Errorf("diagnostics %q, want one at the key", r.diags)
	}
}

// TestMultiValuesResultTemps: the results of a call assigned to a slice
// element beside a call that may change its index are assigned from
// temporaries after the call (see evalOrder's resultTemps).
func TestMultiValuesResultTemps(t *testing.T) {
	src := "package p\n\nimport \"strconv\"\n\nfunc g(s []int, k string) (err error) {\n\ti := 0\n\tnext := func() string { i++; return k }\n\ts[i], err = strconv.Atoi(next())\n\treturn\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) {
		f.detect = true
		_, d1 := evalOrder(f)
		_, d2 := multiValues(f)
		return true, append(d1, d2...)
	}, true, "a.go", src)
	if len(r.diags) > 0 {
		t.Errorf("diagnostics %q", r.diags)
	}
	want := "{ var _dsm119_1 int; var _dsm119_2 error; _dsm119_1, _dsm119_2 = strconv.Atoi(next()); s[i], err = _dsm119_1, _dsm119_2 }"
	if out := r.out("a.go"); !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}

// TestMultiValuesInterfaceMapEntries: the results of a call assigned to a
// map entry of an interface type with another variable are assigned from
// the temporaries one at a time (yaegi fails the entry assigned with
// others); the temporaries have the variables' types when ifaceCopies put
// the results in them; a variable another one reads runs the route
// compiled.
func TestMultiValuesInterfaceMapEntries(t *testing.T) {
	src := "package p\n\nfunc get() (string, error) { return \"\", nil }\n\nfunc g(m map[string]any, errs map[string]error, k string) (err error) {\n\tm[\"a\"], _ = get()\n\tm[\"b\"], err = get()\n\tk, m[k] = get()\n\treturn\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) {
		f.detect = true
		_, d1 := ifaceCopies(f)
		_, d2 := multiValues(f)
		return true, append(d1, d2...)
	}, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"{ var _dsm131_1 any; var _dsm131_2 error; _dsm131_1, _dsm131_2 = func() (any, error) { _dsv0, _dsv1 := get(); return _dsv0, _dsv1 }(); m[\"a\"] = _dsm131_1 }\n",
		"{ var _dsm150_1 any; var _dsm150_2 error; _dsm150_1, _dsm150_2 = func() (any, error) { _dsv0, _dsv1 := get(); return _dsv0, _dsv1 }(); m[\"b\"] = _dsm150_1; err = _dsm150_2 }\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if len(r.diags) != 1 || !strings.Contains(r.diags[0], "a.go:8:2: a map entry of an interface type") {
		t.Errorf("diagnostics %q, want one at k, m[k]", r.diags)
	}
}

// TestMultiValuesEmptyInterfaceFields: the results of a call assigned
// to a field of an empty interface type (through a pointer) with
// another variable, which the temporaries hold as an any, are assigned
// one at a time too (evalOrder has them assigned from temporaries: the
// call may change the field): yaegi failed the tuple (reflect.Set: value
// of type interface {} is not assignable to type interp.valueInterface).
func TestMultiValuesEmptyInterfaceFields(t *testing.T) {
	src := "package p\n\ntype T struct{ v any }\n\nfunc get() (int, error) { return 0, nil }\n\nfunc g(t *T) (err error) {\n\tt.v, _ = get()\n\tt.v, err = get()\n\treturn\n}\n"
	r := runPass(t, func(f *folder) (bool, []diagnostic) {
		f.detect = true
		_, d1 := ifaceCopies(f)
		_, d3 := evalOrder(f)
		_, d2 := multiValues(f)
		d2 = append(d2, d3...)
		return true, append(d1, d2...)
	}, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		"{ var _dsm106_1 any; var _dsm106_2 error; _dsm106_1, _dsm106_2 = func() (any, error) { _dsv0, _dsv1 := get(); return _dsv0, _dsv1 }(); t.v = _dsm106_1 }\n",
		"{ var _dsm122_1 any; var _dsm122_2 error; _dsm122_1, _dsm122_2 = func() (any, error) { _dsv0, _dsv1 := get(); return _dsv0, _dsv1 }(); t.v = _dsm122_1; err = _dsm122_2 }\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestReturnedBuiltins checks that a built-in call or a receive after a
// return's first result is parenthesised: yaegi wrote its value into the
// first result.
func TestReturnedBuiltins(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"return 6, len(xs), <-ch", "return 6, (len(xs)), (<-ch)"},
		{"return len(xs), 6, 0", ""},      // first: right as written
		{"return 6, id(len(xs)), 0", ""},  // inside another call: right too
		{"return 6, int(len(xs)), 0", ""}, // a conversion: right too
		{"return 6, len(xs) + 1, 0", ""},  // an operand: right too
	} {
		src := "package p\n\nfunc id(n int) int { return n }\n\nfunc f(xs []int, ch chan int) (int, int, int) {\n\t" + tc.body + "\n}\n"
		checkBody(t, multiValues, src, tc.want)
	}
}
