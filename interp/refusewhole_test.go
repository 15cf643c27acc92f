package interp

import (
	"context"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestRefusedFileRefusesItsPackage: a route package one file of which a
// detector refuses is refused whole. Loaded first, its other files used
// to reach the interpreter, whose import failed half way and broke the
// instances of a generic package another route shares: that route then
// failed to load (reflect.Set: value of type bool is not assignable to
// type int).
func TestRefusedFileRefusesItsPackage(t *testing.T) {
	a, err := txtar.ParseFile("testdata/refusewhole.txtar")
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string]string)
	for _, f := range a.Files {
		files[f.Name] = string(f.Data)
	}
	p := newProject(t, files)
	routes := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), []string{
		filepath.Join(p.AppDir, "api", "todos", "route.go"),
		filepath.Join(p.AppDir, "api", "todos", "[id]", "route.go"),
	})
	if routes[0].Err == nil {
		t.Errorf("the route whose shared.go decodes JSON otherwise loaded")
	}
	if routes[1].Err != nil {
		t.Errorf("the route sharing the generic package failed to load: %v", routes[1].Err)
	}
}
