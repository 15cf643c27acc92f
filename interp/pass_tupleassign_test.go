package interp

import "testing"

func TestTupleAssigns(t *testing.T) {
	for _, tc := range []struct {
		name, stmt string
		want       string // the statement after the pass; "" for unchanged
	}{
		{"key assigned before", "i, m[i] = 1, 2", "_dsta201 := /*line :10:7*/i; /*line :10:2*/i, m[_dsta201/*line :10:8*/] = 1, 2"},
		{"map assigned before", "m, m[1] = m2, 7", "_dsta199 := /*line :10:5*/m; /*line :10:2*/m, _dsta199/*line :10:6*/[1] = m2, 7"},
		{"field key", "h.k, m[h.k] = 1, 2", "_dsta203 := /*line :10:9*/h.k; /*line :10:2*/h.k, m[_dsta203/*line :10:12*/] = 1, 2"},
		{"through a pointer", "*p, m[i] = 1, 2", ""}, // i is a local no pointer reaches
		{"pointer key", "*p, m[*p] = 1, 2", "_dsta202 := /*line :10:8*/*p; /*line :10:2*/*p, m[_dsta202/*line :10:10*/] = 1, 2"},
		{"swap entries", "m[i], m[j] = m[j], m[i]", ""},
		{"slice element", "i, s[i] = 1, 2", ""}, // yaegi reads s[i] first
		{"key not assigned", "j, m[i] = 1, 2", ""},
		{"swap", "i, j = j, i", ""},
		{"beside a call", "i, m[i] = get(), 2", "_dsta201 := /*line :10:7*/i; /*line :10:2*/i, m[_dsta201/*line :10:8*/] = get(), 2"}, // get cannot change i
		{"call keys", "m[get()], m[get()] = 1, 2", ""},            // called first in yaegi too
		{"beside a call changing it", "*p, m[*p] = get(), 2", ""}, // refused
		{"blank deref", "_ = *p", "_dsbk196 :=/*line :10:5*/ *p"},
		{"blank deref of several", "ok, _ = true, *p", "var _dsbk200 int; /*line :10:2*/ok, _dsbk200 = true, *p"},
		{"blank deref defined", "a, _ := 1, *p; _ = a", "a, _dsbk199 := 1, *p; _ = a"},
		{"blank deref declared", "var _ = *p", "var _dsbk200 = *p"},
		{"blank lookup", "_, _ = m[i]", "var _dsbk199 bool; /*line :10:2*/_, _dsbk199 = m[i]"},
		{"blank value", "_ = p", ""},
		{"blank comparison", "_ = i == get()", "_ = (i == get())"},
		{"blank index", "_ = s[i]", ""}, // yaegi evaluates it
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\ntype holder struct{ k int }\n\nfunc get() int { return 0 }\n\nfunc f(m, m2 map[int]int, i, j int, p *int, h holder, s []int, ok bool) {\n\t_, _, _, _, _, _, _ = m, m2, i, j, p, h, s\n\t_ = ok\n\t" + tc.stmt + "\n}\n"
			checkBody(t, tupleAssigns, src, tc.want)
		})
	}
}

func TestTupleAssignsRefusesACall(t *testing.T) {
	src := "package p\n\nfunc get() int { return 0 }\n\nfunc f(m map[int]int, p *int) {\n\t*p, m[*p] = get(), 2\n}\n"
	f := newFolder("/m/p", map[string][]byte{"a.go": []byte(src)})
	f.own, f.detect = true, true
	changed, diags := tupleAssigns(f)
	if changed || len(diags) != 1 || !diags[0].refuse || f.position(diags[0].pos).Line != 6 {
		t.Errorf("changed %v, diagnostics %v", changed, diags)
	}
}
