package interp

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewerThanGoLine loads routes of a module whose go.mod says go 1.22
// (newProject's): a feature newer than that, which go build refuses
// there ("requires go1.23 or later"), is refused for the compiled tier at
// its line (where the compiler says so), and ordinary code of that version
// loads; so does the newer feature in an app importing devserver.
func TestNewerThanGoLine(t *testing.T) {
	const head = "package route\n\nimport \"net/http\"\n\n"
	p := newProject(t, map[string]string{
		"app/seq/route.go":    head + "func count(yield func(int) bool) {\n\tfor i := 0; i < 3 && yield(i); i++ {\n\t}\n}\n\nfunc GET(w http.ResponseWriter, r *http.Request) {\n\tn := 0\n\tfor i := range count {\n\t\tn += i\n\t}\n\tw.WriteHeader(200 + n)\n}\n",
		"app/alias/route.go":  head + "type List[T any] = []T\n\nfunc GET(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200 + len(List[int]{1})) }\n",
		"app/newval/route.go": head + "func GET(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200 + *new(len(\"ab\"))) }\n",
		"app/plain/route.go":  head + "type T struct{ N int }\n\nfunc GET(w http.ResponseWriter, r *http.Request) {\n\tn := 0\n\tfor _, v := range []int{1, 2} {\n\t\tn += v\n\t}\n\tfor i := range 3 {\n\t\tn += i\n\t}\n\tt := new(T)\n\tfor k := range map[string]int{\"a\": 1} {\n\t\tn += len(k)\n\t}\n\tw.WriteHeader(200 + n + t.N)\n}\n",
	})
	files := []string{
		filepath.Join(p.AppDir, "seq", "route.go"),
		filepath.Join(p.AppDir, "alias", "route.go"),
		filepath.Join(p.AppDir, "newval", "route.go"),
		filepath.Join(p.AppDir, "plain", "route.go"),
	}
	routes := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), files)
	for i, at := range []string{"seq/route.go:12:", "alias/route.go:5:", "newval/route.go:5:"} {
		err := routes[i].Err
		if !errors.Is(err, ErrDiffers) || !strings.Contains(err.Error(), at) || !strings.Contains(err.Error(), "a feature newer than the go version of go.mod") {
			t.Errorf("%s: %v, want it refused at %s as newer than the go line", files[i], err, at)
		}
	}
	if err := routes[3].Err; err != nil {
		t.Errorf("%s: %v, want it loaded", files[3], err)
	}

	// An app importing devserver (the next SDK) must require it to build,
	// which raises its go line to devserver's: the range over a function
	// is Go at that version.
	p = newProject(t, map[string]string{
		"app/seq/route.go": "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc count(yield func(int) bool) {\n\tfor i := 0; i < 3 && yield(i); i++ {\n\t}\n}\n\nfunc GET(req *next.Request) *next.Response {\n\tn := 0\n\tfor i := range count {\n\t\tn += i\n\t}\n\treturn next.JSON(n)\n}\n",
	})
	file := filepath.Join(p.AppDir, "seq", "route.go")
	if err := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), []string{file})[0].Err; err != nil {
		t.Errorf("%s, importing next: %v, want it loaded", file, err)
	}
}
