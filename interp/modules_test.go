package interp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/txtar"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/nextsdk"
)

// callGET calls the GET handler of a loaded route and returns the body.
func callGET(t *testing.T, r approuter.Loaded) string {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("%s: %v", r.File, r.Err)
	}
	fn, ok := r.Handlers["GET"].(func(*next.Request) *next.Response)
	if !ok {
		t.Fatalf("%s: GET is %T", r.File, r.Handlers["GET"])
	}
	res := fn(&next.Request{})
	b := make([]byte, 4096)
	n, _ := res.Body.Read(b)
	return string(b[:n])
}

// TestLoadThirdPartyModule imports a real module from the Go module proxy,
// required in go.mod: the interpreter reads its source from the module
// cache, downloading it first if needed.
func TestLoadThirdPartyModule(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/google/uuid@v1.6.0").Output()
	if err != nil {
		t.Skipf("module proxy unreachable: %v", err)
	}
	var dl struct{ Sum, GoModSum string }
	if err := json.Unmarshal(out, &dl); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n",
		"go.sum": "github.com/google/uuid v1.6.0 " + dl.Sum + "\ngithub.com/google/uuid v1.6.0/go.mod " + dl.GoModSum + "\n",
		"app/id/route.go": `package route

import (
	"github.com/devserver/devserver/next"
	"github.com/google/uuid"
)

func GET(req *next.Request) *next.Response {
	id := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://example.com"))
	md5 := uuid.NewMD5(uuid.NameSpaceDNS, []byte("example.com"))
	return next.NewResponse(id.String() + " " + md5.String() + " " + uuid.NameSpaceOID.String() + " " + uuid.NewString()[14:15])
}
`,
	})
	p, err := FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "id", "route.go")})
	// The name-based UUIDs as a build computes them: uuid's name spaces
	// are parsed at init with a table declared in a later file, which the
	// interpreter initialised after them (all zeros) before the init-order
	// rewrite. Version 4 random UUIDs have a 4 at offset 14.
	want := "4fd35a71-71ef-5a55-a9d9-aa75c889a6d0 9073926b-929f-31c2-abc9-fad77ae3e8eb 6ba7b812-9dad-11d1-80b4-00c04fd430c8 4"
	if got := callGET(t, routes[0]); got != want {
		t.Errorf("GET = %q, want %q (as built)", got, want)
	}
}

// TestLoadRefusesCgoAndUnsafe checks the clear error for packages the
// interpreter cannot run, in the user's module and in a required one.
func TestLoadRefusesCgoAndUnsafe(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":             "module example.com/app\n\ngo 1.22\n\nrequire example.com/sqlite v0.0.0\n\nreplace example.com/sqlite => ./sqlite\n",
		"sqlite/go.mod":      "module example.com/sqlite\n\ngo 1.22\n",
		"sqlite/sqlite.go":   "package sqlite\n\n// #include <stdlib.h>\nimport \"C\"\n\nfunc Open() {}\n",
		"internal/fast/f.go": "package fast\n\nimport \"unsafe\"\n\nvar Size = unsafe.Sizeof(0)\n",
		"app/db/route.go":    "package route\n\nimport (\n\t\"example.com/sqlite\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { sqlite.Open(); return nil }\n",
		"app/fast/route.go":  "package route\n\nimport (\n\t\"example.com/app/internal/fast\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(fast.Size) }\n",
		"app/ok/route.go":    "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(\"ok\") }\n",
		// A file its build constraints leave out imports nothing.
		"app/ok/icu.go": "//go:build icu\n\npackage route\n\n// #include <stdlib.h>\nimport \"C\"\n",
	})
	p, err := FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, n := range []string{"db", "fast", "ok"} {
		files = append(files, filepath.Join(p.AppDir, n, "route.go"))
	}
	routes := (&Loader{Project: p}).Load(context.Background(), files)
	for i, want := range []string{"package example.com/sqlite uses cgo", "package example.com/app/internal/fast uses package unsafe"} {
		if routes[i].Err == nil || !strings.Contains(routes[i].Err.Error(), want) {
			t.Errorf("%s: error %v, want %q", files[i], routes[i].Err, want)
		}
	}
	if got := callGET(t, routes[2]); got != "ok" {
		t.Errorf("ok route: %q", got)
	}
}

// TestUnprovenModuleUsingUnsafe checks that a package of an unproven
// module that also uses unsafe is refused as unproven, so that a route
// importing it through a package of the app is refused before its rewrite
// (which would type check the whole module) rather than after.
func TestUnprovenModuleUsingUnsafe(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":              "module example.com/app\n\ngo 1.22\n\nrequire example.com/check v0.0.0\n\nreplace example.com/check => ./check\n",
		"check/go.mod":        "module example.com/check\n\ngo 1.22\n",
		"check/check.go":      "package check\n\nimport \"unsafe\"\n\nfunc Size() uintptr { return unsafe.Sizeof(0) }\n",
		"internal/rules/r.go": "package rules\n\nimport \"example.com/check\"\n\nfunc Size() uintptr { return check.Size() }\n",
		"app/size/route.go":   "package route\n\nimport (\n\t\"example.com/app/internal/rules\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.JSON(rules.Size()) }\n",
	})
	p, err := FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	routes := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), []string{filepath.Join(p.AppDir, "size", "route.go")})
	want := "package example.com/check of module example.com/check (replaced by ./check), which devserver's interpreter is not proven"
	if err := routes[0].Err; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one containing %q", err, want)
	}
}

// TestProvenAtItsVersions checks that a module is proven at the versions
// its fixtures run only: another version, a fork or a folder replacing it
// is other code.
func TestProvenAtItsVersions(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    module
		want bool
	}{
		{"proven version", module{Path: "github.com/google/uuid", Version: "v1.6.0"}, true},
		{"older version", module{Path: "github.com/google/uuid", Version: "v1.3.0"}, false},
		{"pseudo-version", module{Path: "github.com/google/uuid", Version: "v1.6.1-0.20250101000000-abcdefabcdef"}, false},
		{"unknown module", module{Path: "example.com/lib", Version: "v1.6.0"}, false},
		{"replaced by the proven version", module{Path: "github.com/google/uuid", Version: "v1.3.0", Replace: &module{Path: "github.com/google/uuid", Version: "v1.6.0"}}, true},
		{"replaced by another version", module{Path: "github.com/google/uuid", Version: "v1.6.0", Replace: &module{Path: "github.com/google/uuid", Version: "v1.5.0"}}, false},
		{"replaced by a fork", module{Path: "github.com/google/uuid", Version: "v1.6.0", Replace: &module{Path: "example.com/uuid", Version: "v1.6.0"}}, false},
		{"replaced by a folder", module{Path: "github.com/google/uuid", Version: "v1.6.0", Replace: &module{Path: "../uuid"}}, false},
		{"the Next.js SDK", module{Path: nextsdk.ModulePath, Version: "v0.0.0"}, true},
	} {
		if got := proven(&tc.m); got != tc.want {
			t.Errorf("%s: proven(%+v) = %v, want %v", tc.name, tc.m, got, tc.want)
		}
	}
}

// TestProvenModulesHaveFixtures checks that every proven module version
// is required by a parity fixture that lists routes which must run
// interpreted: the proof provenModules names.
func TestProvenModulesHaveFixtures(t *testing.T) {
	fixtures, err := filepath.Glob(filepath.Join("..", "parity", "testdata", "*.txtar"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no parity fixtures: %v", err)
	}
	proofs := map[string]bool{} // "path version"
	for _, name := range fixtures {
		a, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var gomod []byte
		interpreted := false
		for _, f := range a.Files {
			switch f.Name {
			case "go.mod":
				gomod = f.Data
			case "interpreted":
				interpreted = len(bytes.TrimSpace(f.Data)) > 0
			}
		}
		if gomod == nil || !interpreted {
			continue
		}
		mf, err := modfile.ParseLax(name, gomod, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, r := range mf.Require {
			proofs[r.Mod.Path+" "+r.Mod.Version] = true
		}
	}
	for path, versions := range provenModules {
		for _, v := range versions {
			if !proofs[path+" "+v] {
				t.Errorf("%s %s is proven, but no parity fixture requires it and lists routes that must run interpreted", path, v)
			}
		}
	}
}

// TestModuleAtUnprovenVersion checks that a route importing a proven
// module at a version no fixture runs is refused, saying which versions
// are proven, so that it runs compiled.
func TestModuleAtUnprovenVersion(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/google/uuid@v1.5.0").Output()
	if err != nil {
		t.Skipf("module proxy unreachable: %v", err)
	}
	var dl struct{ Sum, GoModSum string }
	if err := json.Unmarshal(out, &dl); err != nil {
		t.Fatal(err)
	}
	p := newProject(t, map[string]string{
		"app/u/route.go": "package route\n\nimport (\n\t\"github.com/google/uuid\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(uuid.NewString()) }\n",
	})
	writeTree(t, p.ModuleDir, map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.22\n\nrequire github.com/google/uuid v1.5.0\n",
		"go.sum": "github.com/google/uuid v1.5.0 " + dl.Sum + "\ngithub.com/google/uuid v1.5.0/go.mod " + dl.GoModSum + "\n",
	})
	r := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), []string{filepath.Join(p.AppDir, "u", "route.go")})[0]
	want := "module github.com/google/uuid (v1.5.0), which devserver's interpreter is not proven to run as the compiler does at this version (only at v1.6.0)"
	if r.Err == nil || !strings.Contains(r.Err.Error(), want) {
		t.Fatalf("error %v, want one containing %q", r.Err, want)
	}
}

// TestErrorsAsValueTarget checks errors.As with a value-type target
// declared in route code: a struct type with fields, whose values the
// error wrappers carry whole, is found, and so is one the interpreter
// cannot tell from another by its reflect type (no fields), by its
// type's name.
func TestErrorsAsValueTarget(t *testing.T) {
	const route = `package route

import (
	"errors"
	"fmt"

	"github.com/devserver/devserver/next"
)

type codeErr struct{ %s }

func (e codeErr) Error() string { return "code" }

func GET(req *next.Request) *next.Response {
	var ce codeErr
	return next.JSON(errors.As(fmt.Errorf("w: %%w", codeErr{%s}), &ce))
}
`
	p := newProject(t, map[string]string{
		"app/e/route.go":      fmt.Sprintf(route, "", ""),
		"app/fields/route.go": fmt.Sprintf(route, "code int", "1"),
	})
	routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "e", "route.go"), filepath.Join(p.AppDir, "fields", "route.go")})
	if got := callGET(t, routes[1]); got != "true" {
		t.Errorf("errors.As into a struct type with fields answered %s, want true", got)
	}
	// One without fields is matched by its type's name (see asNamedCalls).
	if got := callGET(t, routes[0]); got != "true" {
		t.Errorf("errors.As into a struct type without fields answered %s, want true", got)
	}
}

// TestLoadExplainsNewerGo checks the errors for Go constructs newer than
// the interpreter that are not desugared yet: a position and the
// construct's name, not yaegi's bare "nil type".
func TestLoadExplainsNewerGo(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/ints/route.go":      "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response {\n\tn := 0\n\tfor i := range 3 {\n\t\tn += i\n\t}\n\treturn next.JSON(n)\n}\n",
		"app/iter/route.go":      "package route\n\nimport (\n\t\"strings\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\tlines := strings.Lines(\"a\\nb\")\n\tn := 0\n\tfor l := range lines {\n\t\tn += len(l)\n\t}\n\treturn next.JSON(n)\n}\n",
		"app/maps/route.go":      "package route\n\nimport (\n\t\"sync\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc one() struct{ N int } { return struct{ N int }{1} }\n\n// A function value whose result type the rewrite does not spell\n// (a struct literal): not desugared.\nvar n = sync.OnceValue(one)\n\nfunc GET(req *next.Request) *next.Response {\n\treturn next.JSON(n())\n}\n",
		"app/once/route.go":      "package route\n\nimport (\n\t\"sync\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc one() int { return 1 }\n\n// A function value, not a literal: desugared too.\nvar n = sync.OnceValue(one)\n\nfunc GET(req *next.Request) *next.Response {\n\treturn next.JSON(n())\n}\n",
		"app/sorted/route.go":    "package route\n\nimport (\n\t\"maps\"\n\t\"slices\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\treturn next.JSON(slices.Sorted(maps.Keys(map[string]int{\"b\": 2, \"a\": 1})))\n}\n",
		"app/iterdefer/route.go": "package route\n\nimport (\n\t\"strings\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\tn := 0\n\tf := func() { n++ }\n\tfor l := range strings.Lines(\"a\\nb\") {\n\t\t_ = l\n\t\tdefer f()\n\t}\n\treturn next.JSON(n)\n}\n",
		"app/fresh/route.go":     "package route\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\tc, _ := http.ParseCookie(\"a=1\")\n\treturn next.NewResponse(c[0].Value)\n}\n",
	})
	var files []string
	for _, n := range []string{"ints", "iter", "maps", "fresh", "iterdefer", "sorted", "once"} {
		files = append(files, filepath.Join(p.AppDir, n, "route.go"))
	}
	routes := (&Loader{Project: p}).Load(context.Background(), files)
	for i, want := range []string{
		"",
		"",
		"sync.OnceValue is a generic standard-library function devserver's interpreter does not have",
		"",
		// A range over a function whose body defers a function value
		// held in a variable is not desugared yet.
		"route.go:12:17: range over a function (Go 1.23 iterators) is not supported",
	} {
		if want == "" {
			continue
		}
		if routes[i].Err == nil || !strings.Contains(routes[i].Err.Error(), want) {
			t.Errorf("%s: error %v, want %q", files[i], routes[i].Err, want)
		}
	}
	// Range over an integer and over a function are desugared (see
	// pass_rangeint.go and pass_rangefunc.go).
	if got := callGET(t, routes[0]); got != "3" {
		t.Errorf("range over an integer: %q, want 3", got)
	}
	if got := callGET(t, routes[1]); got != "3" {
		t.Errorf("range over a function: %q, want 3", got)
	}
	// The generic standard library is compiled from source, iterators
	// included (see rewrite_stdlib.go).
	if got := callGET(t, routes[5]); got != `["a","b"]` {
		t.Errorf("slices.Sorted(maps.Keys(m)): %q, want [\"a\",\"b\"]", got)
	}
	// sync.OnceValue of a function value is written out (pass_once.go).
	if got := callGET(t, routes[6]); got != "1" {
		t.Errorf("sync.OnceValue(one): %q, want 1", got)
	}
	// Non-generic API of the toolchain in use works (http.ParseCookie is Go 1.23).
	if got := callGET(t, routes[3]); got != "1" {
		t.Errorf("fresh route: %q", got)
	}
}

// TestLoadWarnsAboutUnfixableDifferences checks the load-time warnings for
// differences devserver cannot remove: they must not pass silently.
func TestLoadWarnsAboutUnfixableDifferences(t *testing.T) {
	p := newProject(t, map[string]string{
		"app/w/route.go": "package route\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"log/slog\"\n\t\"os\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\ntype T struct{ a int }\n\nfunc GET(req *next.Request) *next.Response {\n\t_ = json.NewEncoder(os.Stdout)\n\tslog.Debug(\"x\")\n\treturn next.NewResponse(fmt.Sprintf(\"%+v\", T{1}))\n}\n",
	})
	routes := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "w", "route.go")})
	if routes[0].Err != nil {
		t.Fatal(routes[0].Err)
	}
	all := strings.Join(routes[0].Warnings, "\n")
	if want := "route.go:6:2: values of types declared in route code that log/slog receives"; !strings.Contains(all, want) {
		t.Errorf("warnings lack %q:\n%s", want, all)
	}
	// A json.Encoder is no longer one of them: its values get the JSON
	// fixes (jsonArgs).
	if strings.Contains(all, "json.Encoder") {
		t.Errorf("a warning about a json.Encoder, which is fixed:\n%s", all)
	}
	// %+v of a route type is no longer one of them: the fmtArgs pass
	// prints it as Go does.
	if strings.Contains(all, "%+v") {
		t.Errorf("a warning about %%+v, which is fixed:\n%s", all)
	}
	if got := callGET(t, routes[0]); got != "{a:1}" {
		t.Errorf("%%+v of T{1}: %q, want {a:1}", got)
	}
}

// TestModuleImportWithoutGo checks that an import of another module, when
// the go command is missing (as in the distroless Docker image), says so.
func TestModuleImportWithoutGo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	p := newProject(t, map[string]string{
		"app/u/route.go": "package route\n\nimport (\n\t\"github.com/google/uuid\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(uuid.NewString()) }\n",
	})
	writeTree(t, p.ModuleDir, map[string]string{"go.mod": "module example.com/app\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n"})
	l := &Loader{Project: p}
	r := l.Load(context.Background(), []string{filepath.Join(p.AppDir, "u", "route.go")})[0]
	if r.Err == nil || !strings.Contains(r.Err.Error(), "the go command is not installed") {
		t.Fatalf("error %v, want it to say the go command is missing", r.Err)
	}
}

// TestVendoredImportWithoutGo checks that a module vendored in the user's
// module, when the go command is missing, is not read either: the import
// fails saying why, not with an error from inside the vendored code (its
// standard-library imports, which the load never gave the interpreter),
// nor by interpreting code no compiled tier can take over.
func TestVendoredImportWithoutGo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	p := newProject(t, map[string]string{
		"app/u/route.go": "package route\n\nimport (\n\t\"example.org/vend\"\n\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(vend.Name()) }\n",
	})
	writeTree(t, p.ModuleDir, map[string]string{
		"go.mod":                       "module example.com/app\n\ngo 1.22\n\nrequire example.org/vend v1.0.0\n",
		"vendor/modules.txt":           "# example.org/vend v1.0.0\n## explicit\nexample.org/vend\n",
		"vendor/example.org/vend/v.go": "package vend\n\nimport \"sort\"\n\nfunc Name() string { s := []string{\"b\", \"a\"}; sort.Strings(s); return s[0] }\n",
	})
	r := (&Loader{Project: p}).Load(context.Background(), []string{filepath.Join(p.AppDir, "u", "route.go")})[0]
	if r.Err == nil || !strings.Contains(r.Err.Error(), "the go command is not installed") || strings.Contains(r.Err.Error(), "vendor/") {
		t.Fatalf("error %v, want it to say the go command is missing, at the route's import", r.Err)
	}
}

// TestOtherPackageVarAssign checks that a route assigning a variable of a
// shared package, which the interpreter loses, is refused with
// ErrDiffers, and that assignments it runs as built are not: a variable of
// the route's own package, a field of a local value, a variable of the
// standard library.
func TestOtherPackageVarAssign(t *testing.T) {
	p := newProject(t, map[string]string{
		"internal/shared/shared.go": "package shared\n\nvar Names []string\n\nvar Opts struct{ Debug bool }\n\nfunc N() int { return len(Names) }\n",
		"app/set/route.go":          "package route\n\nimport (\n\t\"example.com/app/internal/shared\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\tshared.Names = []string{\"a\"}\n\treturn next.JSON(shared.N())\n}\n",
		"app/field/route.go":        "package route\n\nimport (\n\t\"example.com/app/internal/shared\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nfunc GET(req *next.Request) *next.Response {\n\tshared.Opts.Debug = true\n\treturn next.JSON(shared.N())\n}\n",
		"app/ok/route.go":           "package route\n\nimport (\n\t\"net/http\"\n\t\"time\"\n\n\t\"example.com/app/internal/shared\"\n\t\"github.com/devserver/devserver/next\"\n)\n\nvar hits int\n\nfunc GET(req *next.Request) *next.Response {\n\thits++\n\tvar o struct{ N int }\n\to.N = shared.N()\n\thttp.DefaultClient.Timeout = time.Second\n\treturn next.JSON(o.N + hits)\n}\n",
	})
	var files []string
	for _, n := range []string{"set", "field", "ok"} {
		files = append(files, filepath.Join(p.AppDir, n, "route.go"))
	}
	routes := (&Loader{Project: p, CompileDiffering: true}).Load(context.Background(), files)
	for i, refused := range []bool{true, true, false} {
		err := routes[i].Err
		if got := err != nil && strings.Contains(err.Error(), "an assignment to a variable of another interpreted package"); got != refused {
			t.Errorf("%s: error %v, want refused %v", files[i], err, refused)
		}
	}
}
