package interp

import (
	"strings"
	"testing"
)

// TestBlankReceives: a blank variable assigned a receive's value or ok
// gets a name of its own, declared before the statement, on its line; a
// declaration is left alone, one in an if header runs compiled.
func TestBlankReceives(t *testing.T) {
	src := "package p\n\ntype item struct{ n int }\n\nfunc g(ch chan item, s *struct{ ok bool }) (res int) {\n\tvar v item\n\tvar ok bool\n\t_, ok = <-ch\n\tv, _ = <-ch\n\t_, s.ok = <-ch\n\t_, _ = <-ch\n\tw, _ := <-ch\n\tif _, ok = <-ch; ok {\n\t}\n\t_, _ = v, w\n\treturn\n}\n"
	detecting := func(f *folder) (bool, []diagnostic) { f.detect = true; return blankReceives(f) }
	r := runPass(t, detecting, true, "a.go", src)
	out := r.out("a.go")
	at := func(s string) string { return itoa(strings.Index(src, s)) }
	for _, want := range []string{
		"\tvar _dsrv" + at("_, ok = <-ch\n") + " item; _dsrv" + at("_, ok = <-ch\n") + ", ok = <-ch; _ = _dsrv" + at("_, ok = <-ch\n") + "\n",
		"\tvar _dsrok" + at("_ = <-ch\n\t_, s") + " bool; v, _dsrok",
		"_dsrv" + at("_, s.ok") + ", s.ok = <-ch",
		"\tw, _ := <-ch\n",
		"\tif _, ok = <-ch; ok {\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if len(r.diags) != 1 || !strings.Contains(r.diags[0], "a.go:13:5: a receive with ok assigned to a blank variable in an if") {
		t.Errorf("diagnostics %q, want one at the if header", r.diags)
	}
}
