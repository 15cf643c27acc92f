package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// passResult is what one pass did to a folder made of test sources.
type passResult struct {
	folder  *folder
	changed bool
	diags   []string // "file:line:col: msg"
}

// out returns the rewritten source of the named file, or its original
// source when the pass left it alone.
func (r passResult) out(name string) string {
	sf := r.folder.file(name)
	if src := sf.output(); src != nil {
		return string(src)
	}
	return string(sf.src)
}

// checkBody runs the pass p over src, one file whose last function ends
// with the body under test, and checks that body after it: want, or
// unchanged when want is "".
func checkBody(t *testing.T, p func(*folder) (bool, []diagnostic), src, want string) {
	t.Helper()
	r := runPass(t, p, true, "a.go", src)
	out := r.out("a.go")
	if want == "" {
		if r.changed {
			t.Errorf("changed:\n%s", out)
		}
		return
	}
	if !r.changed || !strings.Contains(out, "\n\t"+want+"\n}\n") {
		t.Errorf("got\n%s\nwant the body\n%s", out, want)
	}
}

// checkLine checks line n (from 0) of src after the pass p: want, trimmed;
// "" for src unchanged.
func checkLine(t *testing.T, p func(*folder) (bool, []diagnostic), src string, n int, want string) {
	t.Helper()
	r := runPass(t, p, true, "a.go", src)
	line := strings.TrimSpace(strings.Split(r.out("a.go"), "\n")[n])
	if want == "" {
		if r.changed {
			t.Errorf("changed: %s", line)
		}
		return
	}
	if !r.changed || line != want {
		t.Errorf("got  %s\nwant %s", line, want)
	}
}

// runPass runs p over a folder of files (name, source, name, source...),
// in the user's module when own is true.
func runPass(t *testing.T, p func(*folder) (bool, []diagnostic), own bool, files ...string) passResult {
	t.Helper()
	srcs := make(map[string][]byte)
	for i := 0; i+1 < len(files); i += 2 {
		srcs[files[i]] = []byte(files[i+1])
	}
	f := newFolder("/m/p", srcs)
	f.virtualDir, f.importPath, f.own = "src/example.com/m/p/", "example.com/m/p", own
	f.foreign = func(string) foreignMarshalers { return foreignMarshalers{} }
	if len(f.files) != len(srcs) {
		t.Fatalf("test sources do not parse")
	}
	changed, diags := p(f)
	r := passResult{folder: f, changed: changed}
	for _, d := range diags {
		pos := f.position(d.pos)
		r.diags = append(r.diags, fmt.Sprintf("%s:%d:%d: %s", pos.Filename, pos.Line, pos.Column, d.msg))
	}
	return r
}

// TestPipelineKeepsLines checks the pipeline's promise: whatever the
// passes add, every line of the user's source stays on its line.
func TestPipelineKeepsLines(t *testing.T) {
	src := "package p\n\nimport \"errors\"\n\ntype E struct {\n\tmsg string\n\tErr error\n}\n\nfunc (e *E) Unwrap() error { return e.Err }\n\nfunc (e E) MarshalJSON() ([]byte, error) { return nil, errors.New(e.msg) }\n"
	f := newFolder("/m/p", map[string][]byte{"a.go": []byte(src)})
	f.own, f.foreign = true, func(string) foreignMarshalers { return foreignMarshalers{} }
	f.rewrite(passes)
	out := string(f.result().files["a.go"])
	// Every name of the source is found at its own line and column in
	// the output, as the parser reads it (line directives included).
	at := func(src string) map[string]int {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "a.go", src, parser.ParseComments)
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		names := make(map[string]int)
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				p := fset.Position(id.Pos())
				names[fmt.Sprintf("%s@%d:%d", id.Name, p.Line, p.Column)]++
			}
			return true
		})
		return names
	}
	got := at(out)
	for name, n := range at(src) {
		if got[name] < n {
			t.Errorf("%s moved:\n%s", name, out)
		}
	}
	for _, want := range []string{"package p; import __devserver_jsonfix", "; import __devserver_methods", "__devserver_jsonfix.RegisterJSON(\"p.E\"", "__devserver_methods.Register(\"Unwrap\""} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestPipelineRefusalStopsLaterPasses checks that a refused file of the
// user's module is reported as an error at its real position and is not
// edited by the passes after the refusal.
func TestPipelineRefusalStopsLaterPasses(t *testing.T) {
	// A pointer receiver: a value-receiver method of a non-struct type is
	// honoured for struct fields, not refused.
	src := "package p\n\ntype C float64\n\nfunc (*C) MarshalJSON() ([]byte, error) { return nil, nil }\n\ntype S struct{ x int }\n"
	for _, own := range []bool{true, false} {
		f := newFolder("/m/p", map[string][]byte{"a.go": []byte(src)})
		f.virtualDir, f.own, f.foreign = "src/example.com/m/p/", own, func(string) foreignMarshalers { return foreignMarshalers{} }
		f.rewrite(passes)
		res := f.result()
		err := res.errs["a.go"]
		if own {
			if err == nil || !strings.HasPrefix(err.Error(), "src/example.com/m/p/a.go:5:11: method MarshalJSON on C, which is not a struct type") {
				t.Errorf("own: error %v", err)
			}
			if res.files["a.go"] != nil {
				t.Errorf("own: a refused file was rewritten")
			}
			continue
		}
		if err != nil || len(res.warnings) != 1 || !strings.HasPrefix(res.warnings[0], "/m/p/a.go:5:11: p.C has method MarshalJSON") {
			t.Errorf("other module: error %v, warnings %q", err, res.warnings)
		}
	}
}
