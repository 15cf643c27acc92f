package interp

import "testing"

// The load hook's variable comes first in the first file, after its
// imports on their line, and its init last in the last file, in a
// package that runs code at init only.
func TestSettleTypes(t *testing.T) {
	const hook = "var _dssettled = _dsload.SettleTypes()"
	const imp = "; import _dsload \"" + loadHookPath + "\""
	const done = "\nfunc init() { _dsload.InitDone() }\n"
	tests := []struct {
		name  string
		files []string // name, source, ...
		want  map[string]string
	}{
		{"init, imports in parentheses",
			[]string{"b.go", "package p\n\nfunc init() { go work() }\n", "a.go", "package p\n\nimport (\n\t\"sync\"\n)\n\nvar mu sync.Mutex\n"},
			map[string]string{
				"a.go": "package p" + imp + "\n\nimport (\n\t\"sync\"\n); " + hook + "\n\nvar mu sync.Mutex\n\n",
				"b.go": "package p" + imp + "\n\nfunc init() { go work() }\n" + done,
			}},
		{"an initialiser calling, two imports",
			[]string{"a.go", "package p\n\nimport \"fmt\"\nimport \"os\" // why\n\nvar name = fmt.Sprint(os.Args)\n"},
			map[string]string{"a.go": "package p" + imp + "\n\nimport \"fmt\"\nimport \"os\"; " + hook + " // why\n\nvar name = fmt.Sprint(os.Args)\n" + done}},
		{"no imports",
			[]string{"a.go", "package p\n\nvar n = count()\n\nfunc count() int { return 1 }\n"},
			map[string]string{"a.go": "package p" + imp + "; " + hook + "\n\nvar n = count()\n\nfunc count() int { return 1 }\n" + done}},
		{"no code at init",
			[]string{"a.go", "package p\n\nvar n = 1\n\nvar f = func() { go work() }\n\nfunc work() {}\n"},
			map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runPass(t, settleTypes, true, tt.files...)
			if r.changed != (len(tt.want) > 0) {
				t.Errorf("changed = %v, want %v", r.changed, len(tt.want) > 0)
			}
			for i := 0; i < len(tt.files); i += 2 {
				name := tt.files[i]
				want, ok := tt.want[name]
				if !ok {
					want = tt.files[i+1]
				}
				if got := r.out(name); got != want {
					t.Errorf("%s:\n%s\nwant:\n%s", name, got, want)
				}
			}
		})
	}
}
