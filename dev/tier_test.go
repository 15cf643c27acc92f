package dev

import (
	"errors"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/interp"
)

// refused is an error of the interpreter's refusing a route's code.
type refused struct{ error }

func (r refused) Unwrap() error { return r.error }

func (refused) Is(target error) bool { return target == interp.ErrNotInterpreted }

// compiledReason hands a route (or the proxy) the interpreter refused to
// the compiled tier unless the compiler would refuse it too for a syntax error: in the
// route's package, or in the package the error is in.
func TestCompiledReason(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"app/ok/route.go":        "package route\n\nfunc GET() {}\n",
		"app/broken/route.go":    "package route\n\nfunc GET( {}\n",
		"internal/fine/fine.go":  "package fine\n\nfunc F() int { return 1 }\n",
		"internal/typo/typo.go":  "package typo\n\nfunc F() int { return 1 + }\n",
		"internal/typo/other.go": "package typo\n",
		"proxy.go":               "package app\n\nfunc Proxy() {}\n",
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	at := func(name string, line int, msg string) error {
		return scanner.ErrorList{{Pos: token.Position{Filename: filepath.Join(dir, filepath.FromSlash(name)), Line: line, Column: 1}, Msg: msg}}
	}
	tests := []struct {
		name  string
		route string
		err   error
		want  bool // handed to the compiled tier
	}{
		{"loaded", "app/ok/route.go", nil, false},
		{"an error of devserver's own", "app/ok/route.go", errors.New("app/ok/route.go: segment config"), false},
		{"refused, no position", "app/ok/route.go", refused{errors.New("interpreter panic")}, true},
		{"refused in a package that parses", "app/ok/route.go", refused{at("internal/fine/fine.go", 3, "yaegi cannot")}, true},
		{"syntax error in the route", "app/broken/route.go", refused{at("app/broken/route.go", 3, "expected ')'")}, false},
		{"syntax error in an imported package", "app/ok/route.go", refused{at("internal/typo/typo.go", 3, "expected operand")}, false},
		{"refused in another file of that package", "app/ok/route.go", refused{at("internal/typo/other.go", 1, "yaegi cannot")}, false},
		{"a page, not a route", "app/ok/page.go", refused{errors.New("yaegi cannot")}, false},
		{"the proxy", "proxy.go", refused{errors.New("yaegi cannot")}, true},
		{"the proxy as middleware.go", "middleware.go", refused{errors.New("yaegi cannot")}, true},
		// The worker runs its Register and OnRequestError
		// (server.WorkerInstrumentationPath).
		{"instrumentation", "instrumentation.go", refused{errors.New("yaegi cannot")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := approuter.Loaded{File: filepath.Join(dir, filepath.FromSlash(tt.route)), Err: tt.err}
			if got := compiledReason(l); (got != "") != tt.want {
				t.Errorf("compiledReason = %q, want it handed over: %v", got, tt.want)
			}
		})
	}
}

// TestCompactList checks the list of routes a line names: the first few,
// and how many more.
func TestCompactList(t *testing.T) {
	tests := []struct {
		names []string
		want  string
	}{
		{[]string{"a"}, "a"},
		{[]string{"a", "b", "c"}, "a, b, c"},
		{[]string{"a", "b", "c", "d"}, "a, b, c and 1 more"},
		{[]string{"a", "b", "c", "d", "e", "f"}, "a, b, c and 3 more"},
	}
	for _, tt := range tests {
		if got := compactList(tt.names, 3); got != tt.want {
			t.Errorf("compactList(%q, 3) = %q, want %q", tt.names, got, tt.want)
		}
	}
}
