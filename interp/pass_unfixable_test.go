package interp

import (
	"strings"
	"testing"
)

func TestWarnUnfixable(t *testing.T) {
	src := "package p\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"log/slog\"\n\t\"os\"\n)\n\nfunc f() {\n\t_ = json.NewEncoder(os.Stdout)\n\tfmt.Printf(\"%+v\", 1)\n\tfmt.Printf(\"%#v\", 2)\n\tslog.Info(\"x\")\n}\n"
	r := runPass(t, warnUnfixable, true, "a.go", src)
	// A json.Encoder is no longer one of them: jsonArgs hands its values
	// over to jsonfix.
	want := []string{"a.go:6:2: values of types declared"}
	ok := !r.changed && len(r.diags) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.HasPrefix(r.diags[i], want[i])
	}
	if !ok {
		t.Errorf("changed %v, diagnostics %q, want %q", r.changed, r.diags, want)
	}
	if r := runPass(t, warnUnfixable, false, "a.go", src); len(r.diags) != 0 {
		t.Errorf("other module's code warned about: %q", r.diags)
	}
}
