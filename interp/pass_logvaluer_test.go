package interp

import (
	"strings"
	"testing"
)

func TestLogValuers(t *testing.T) {
	src := "package p\n\nimport \"log/slog\"\n\ntype Secret string\n\nfunc (Secret) LogValue() slog.Value { return slog.StringValue(\"x\") }\n\ntype Plain string\n\nfunc f(l *slog.Logger, s Secret, p Plain) {\n\tl.Info(\"m\", \"s\", s, \"p\", p)\n\tslog.Warn(\"m\", slog.Any(\"s\", s))\n}\n"
	r := runPass(t, logValuers, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{`l.Info("m", "s", (s).LogValue(), "p", p)`, `slog.Warn("m", slog.Any("s", (s).LogValue()))`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
