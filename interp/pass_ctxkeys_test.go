package interp

import (
	"strings"
	"testing"
)

func TestContextKeys(t *testing.T) {
	src := "package p\n\nimport \"context\"\n\ntype key string\n\ntype user struct{}\n\nfunc f(ctx context.Context) {\n\tctx = context.WithValue(ctx, key(\"id\"), 1)\n\t_ = ctx.Value(user{})\n\t_ = ctx.Value(\"id\")\n}\n"
	r := runPass(t, contextKeys, true, "a.go", src)
	out := r.out("a.go")
	for _, want := range []string{
		`context.WithValue(ctx, _dsrt.ContextKey(key("id"), "example.com/m/p.key"), 1)`,
		`ctx.Value(_dsrt.ContextKey(user{}, "example.com/m/p.user"))`,
		`ctx.Value("id")`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
