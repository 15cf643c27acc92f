package interp

import (
	"go/ast"
	"testing"
)

// TestHoldsOnlyBasics checks which []any and any operands of fmt.Println
// can hold only basic values, which print as built whatever the package's
// types.
func TestHoldsOnlyBasics(t *testing.T) {
	const head = "package p\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\ntype Level int\n\nfunc (l Level) String() string { return \"L\" }\n\nvar _ = time.Second\n\n"
	tests := []struct {
		name, body string
		want       bool
	}{
		{"literal", "fmt.Println([]any{\"a\", 1, 2.5, true, nil}...)", true},
		{"literal of a route type", "fmt.Println([]any{\"a\", Level(1)}...)", false},
		{"appended", "var out []any\n\tout = append(out, \"a\", int(Level(2)), Level(3).String())\n\tfmt.Println(out...)", true},
		{"made and indexed", "out := make([]any, 2)\n\tout[0], out[1] = \"a\", 1\n\tfmt.Println(out...)", true},
		{"in a loop, read back", "out := []any{}\n\tfor i := range 3 {\n\t\tout = append(out, i)\n\t}\n\tfor _, v := range out {\n\t\t_ = v\n\t}\n\tfmt.Println(len(out), out[0])\n\tfmt.Println(out...)", true},
		{"a compiled named type", "out := []any{time.Second}\n\tfmt.Println(out...)", true},
		{"appended a route type", "out := []any{\"a\"}\n\tout = append(out, Level(1))\n\tfmt.Println(out...)", false},
		{"element assigned a route type", "out := []any{\"a\"}\n\tout[0] = Level(1)\n\tfmt.Println(out...)", false},
		{"an error", "out := []any{fmt.Errorf(\"x\")}\n\tfmt.Println(out...)", false},
		{"handed to a function", "out := []any{\"a\"}\n\tfill(out)\n\tfmt.Println(out...)", false},
		{"copied", "out := []any{\"a\"}\n\tx := out\n\tx[0] = Level(1)\n\tfmt.Println(out...)", false},
		{"sliced", "out := []any{\"a\", \"b\"}\n\tfill(out[1:])\n\tfmt.Println(out...)", false},
		{"address of an element", "out := []any{\"a\"}\n\tp := &out[0]\n\t*p = Level(1)\n\tfmt.Println(out...)", false},
		{"spread into another append", "out := []any{\"a\"}\n\tmore := []any{Level(1)}\n\tout = append(out, more...)\n\tfmt.Println(out...)", false},
		{"an any", "var v any = \"a\"\n\tv = 3\n\tfmt.Println(v)", true},
		{"an any of a route type", "var v any = \"a\"\n\tv = Level(1)\n\tfmt.Println(v)", false},
		{"a package variable", "fmt.Println(pkgOut...)", false},
		{"a parameter", "func(xs []any) { fmt.Println(xs...) }(nil)", false},
		{"element set by a range", "out := []any{\"a\"}\n\tfor _, out[0] = range []any{Level(1)} {\n\t}\n\tfmt.Println(out...)", false},
		{"set in a closure", "out := []any{\"a\"}\n\tfunc() { out = append(out, Level(1)) }()\n\tfmt.Println(out...)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := head + "var pkgOut = []any{\"a\"}\n\nfunc fill(xs []any) { xs[0] = Level(1) }\n\nfunc f() {\n\t" + tt.body + "\n}\n"
			runPass(t, func(f *folder) (bool, []diagnostic) {
				info := f.typeInfo()
				if info == nil {
					t.Fatal("does not type-check")
				}
				file := f.files[0].syntax
				var last *ast.CallExpr
				ast.Inspect(file, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok {
						if fn := calledFunc(info, c); fn != nil && fn.Name() == "Println" && len(c.Args) == 1 {
							last = c
						}
					}
					return true
				})
				if last == nil {
					t.Fatal("no fmt.Println call of one argument")
				}
				if got := f.holdsOnlyBasics(info, file, last.Args[0]); got != tt.want {
					t.Errorf("holdsOnlyBasics = %v, want %v", got, tt.want)
				}
				return false, nil
			}, false, "a.go", src)
		})
	}
}
