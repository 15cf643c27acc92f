package interp

import (
	"strconv"
	"strings"
	"testing"
)

func TestPointerTupleAssigns(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"field through a pointer", "x, q.a = 3, 4", "x = 3; q.a = 4"},
		{"pointer first", "q.a, x = 4, 3", ""},                                                  // Go panics before assigning anything too
		{"operand assigned", "q, q.a = nil, 3", "_dspt185_o1 := q; q = nil; _dspt185_o1.a = 3"}, // q.a is the old q's
		{"value through the pointer", "x, q.a = q.b, 4", "x = q.b; q.a = 4"},
		{"call", "x, q.a = f(), 4", "var _dspt185_0 int = f(); x = _dspt185_0; q.a = 4"},
		{"no pointer", "x, v.a = 3, 4", ""},
		{"slice element", "x, s[x] = 3, 4", "_dspt185_o1 := x; x = 3; s[_dspt185_o1] = 4"},
		{"call in an index", "x, s[f()] = f(), 4", "_dspt185_o1 := f(); var _dspt185_0 int = f(); x = _dspt185_0; s[_dspt185_o1] = 4"},
		{"array through a pointer", "x, a[1] = 3, 4", "x = 3; a[1] = 4"},
		{"array at a constant", "x, v.c[1] = 3, 4", ""},
		{"array at a variable", "x, v.c[x] = 3, 4", "_dspt185_o1 := x; x = 3; v.c[_dspt185_o1] = 4"},
		{"blank", "_, q.a = f(), 4", "var _dspt185_0 int = f(); _ = _dspt185_0; q.a = 4"},
		{"call inside an index", "x, s[f()+1] = 3, 4", "refused"},
		{"map entry alone", "x, m[x] = 3, 4", ""},
		{"results of a call", "x, q.b = h()", "_dspt185_0, _dspt185_1 := h(); x = _dspt185_0; q.b = _dspt185_1"},
		{"map value", "x, q.b = m[x], 2", "x = m[x]; q.b = 2"},
		{"division", "x, q.b = 1, x / q.b", "var _dspt185_1 int = x / q.b; x = 1; q.b = _dspt185_1"},
		{"swap", "s[x], s[x+1] = s[x+1], s[x]", ""}, // checked as the values are read
		{"swap after its index", "x, s[x] = s[x], 4", "_dspt185_o1 := x; x = s[x]; s[_dspt185_o1] = 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype T struct {\n\ta float64\n\tb int\n\tc [2]int\n}\n\nfunc f() int { return 1 }\n\nfunc h() (int, int) { return 1, 2 }\n\nfunc g(q *T, v T, x int, s []int, a *[2]int, m map[int]int) {\n\t" + tc.stmt + "\n}\n"
			if tc.want == "refused" {
				r := runPass(t, func(f *folder) (bool, []diagnostic) { f.detect = true; return pointerTupleAssigns(f) }, true, "a.go", src)
				if len(r.diags) != 1 {
					t.Errorf("diagnostics %q, want a refusal", r.diags)
				}
				return
			}
			checkBody(t, pointerTupleAssigns, src, tc.want)
		})
	}
}

// TestPointerTupleCommaOk checks the comma-ok forms, the maps' entries
// whose key may not hash and the divisions of captured variables that
// pointerTupleAssigns orders (ID stands for the statement's offset).
func TestPointerTupleCommaOk(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"map entry", "x, q.ok = m[1]", "ID_0, ID_1 := m[1]; x = ID_0; q.ok = ID_1"},
		{"assertion", "x, q.ok = v.(int)", "ID_0, ID_1 := v.(int); x = ID_0; q.ok = ID_1"},
		{"receive", "x, q.ok = <-ch", "ID_0, ID_1 := <-ch; x = ID_0; q.ok = ID_1"},
		{"defined boolean", "x, q.flag = m[1]", "ID_0, ID_1 := m[1]; x = ID_0; q.flag = Flag(ID_1)"},
		{"into an interface", "x, q.any = m[1]", "ID_0, ID_1 := m[1]; x = ID_0; q.any = ID_1"},
		{"blank first", "_, q.ok = m[1]", "ID_0, ID_1 := m[1]; _ = ID_0; q.ok = ID_1"},
		{"no pointer", "x, ok = m[1]", ""},
		{"a slice's element", "x, bs[x] = m[1]", "ID_0, ID_1 := m[1]; ID_o1 := x; x = ID_0; bs[ID_o1] = ID_1"},
		{"key that may not hash", "x, ma[k] = 1, 2", "x = 1; _dsrt.MapKey(ma, k); ma[k] = 2"},
		{"key that may not hash first", "ma[k], x = 2, 1", "_dsrt.MapKey(ma, k); ma[k] = 2; x = 1"},
		{"key that hashes", "x, m[x] = 1, 2", ""},
		{"key of a call", "x, ma[key()] = 1, 2", "ID_o1 := key(); x = 1; _dsrt.MapKey(ma, ID_o1); ma[ID_o1] = 2"},
		{"key of an element", "x, ma[keys[x]] = 1, 2", "ID_o1 := keys[x]; x = 1; _dsrt.MapKey(ma, ID_o1); ma[ID_o1] = 2"},
		{"key of a conversion", "x, ma[any(x)] = 1, 2", "ID_o1 := any(x); x = 1; _dsrt.MapKey(ma, ID_o1); ma[ID_o1] = 2"},
		{"key of nested calls", "x, ma[key2(key())] = 1, 2", "ID_o1 := key2(key()); x = 1; _dsrt.MapKey(ma, ID_o1); ma[ID_o1] = 2"},
		{"key received", "x, ma[<-kch] = 1, 2", ""},                                                               // left unchecked, as yaegi runs it
		{"key received, a pointer after", "x, ma[<-kch], q.ok = 1, 2, true", "x = 1; ma[<-kch] = 2; q.ok = true"}, // unchecked
	} {
		t.Run(tc.name, func(t *testing.T) {
			head := "package p\n\ntype Flag bool\n\ntype T struct {\n\tok   bool\n\tflag Flag\n\tany  any\n}\n\nfunc key() any { return nil }\n\nfunc key2(any) any { return nil }\n\nfunc g(q *T, x int, ok bool, m map[int]int, ma map[any]int, k any, v any, ch chan int, bs []bool, keys []any, kch chan any) {\n\t"
			src := head + tc.stmt + "\n}\n"
			if tc.want == "refused" {
				r := runPass(t, func(f *folder) (bool, []diagnostic) { f.detect = true; return pointerTupleAssigns(f) }, true, "a.go", src)
				if len(r.diags) != 1 {
					t.Errorf("diagnostics %q, want a refusal", r.diags)
				}
				return
			}
			checkBody(t, pointerTupleAssigns, src, strings.ReplaceAll(tc.want, "ID", "_dspt"+strconv.Itoa(len(head))))
		})
	}
}

// TestPointerTupleCapturedDivision checks a division after a destination
// that is memory (x, which a function literal captures): of variables a
// function literal holding the statement captures, or of a package's, the
// compiler reads it before it assigns x (they are memory too); of its own
// function's variables another literal captures, it depends on how they
// are captured, and the route runs compiled; of variables no literal
// captures, it is read as s[0] is assigned, after x.
func TestPointerTupleCapturedDivision(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       string // the statement after the pass; "refused" for a refusal
	}{
		{"captured by the literal", "y, z := 1, 0\n\tfunc() {\n\t\tx := 0\n\t\tdefer func() { _ = x }()\n\t\tx, s[0] = 7, y/z\n\t}()", "ID_o1 := s; var ID_1 int = y/z; x = 7; ID_o1[0] = ID_1"},
		{"package's", "x := 0\n\tdefer func() { _ = x }()\n\tx, s[0] = 7, gy/gz", "var ID_1 int = gy/gz; x = 7; s[0] = ID_1"},
		{"captured in its function", "y, z := 1, 0\n\tx := 0\n\tdefer func() { _, _, _ = x, y, z }()\n\tx, s[0] = 7, y/z", "refused"},
		{"not captured", "y, z := 1, 0\n\tx := 0\n\tdefer func() { _ = x }()\n\tx, s[0] = 7, y/z", "x = 7; s[0] = y/z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nvar gy, gz = 1, 0\n\nfunc g(s []int) {\n\t" + tc.body + "\n}\n"
			if tc.want == "refused" {
				r := runPass(t, func(f *folder) (bool, []diagnostic) { f.detect = true; return pointerTupleAssigns(f) }, true, "a.go", src)
				if len(r.diags) != 1 {
					t.Errorf("diagnostics %q, want a refusal", r.diags)
				}
				return
			}
			r := runPass(t, pointerTupleAssigns, true, "a.go", src)
			id := "_dspt" + strconv.Itoa(strings.Index(src, "x, s[0]"))
			if want := strings.ReplaceAll(tc.want, "ID", id); !strings.Contains(r.out("a.go"), want) {
				t.Errorf("got\n%s\nwant it to hold\n%s", r.out("a.go"), want)
			}
		})
	}
}
