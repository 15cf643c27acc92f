package interp

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestRouteCommandLine loads a route reading the command line as programs
// do, in a process started with flags of its own (as devserver -p 3001 is):
// route code sees os.Args as the program name alone, so that
// flag.CommandLine.Parse(os.Args[1:]) parses nothing; flag's functions and
// flag.CommandLine are one FlagSet, the interpreter's; a parse error, in
// CommandLine or in a FlagSet flag.NewFlagSet makes with flag.ExitOnError,
// panics where Go
// would exit the process (this test binary, here). Loading the route again
// into a new interpreter defines its flags again without "flag redefined".
func TestRouteCommandLine(t *testing.T) {
	saved := os.Args
	defer func() { os.Args = saved }()
	os.Args = []string{"devserver", "-p", "3001", "--check=false", "./app"}
	p := newProject(t, map[string]string{
		"app/flags/route.go": `package route

import (
	"flag"
	"fmt"
	"os"

	"github.com/devserver/devserver/next"
)

var n = flag.Int("n", 3, "a number")

func init() { flag.CommandLine.Parse(os.Args[1:]) }

func exits(args ...string) (p any) {
	defer func() { p = recover() }()
	fs := flag.NewFlagSet("x", flag.ExitOnError)
	fs.SetOutput(new(nowhere))
	fs.Parse(args)
	return nil
}

type nowhere struct{}

func (*nowhere) Write(b []byte) (int, error) { return len(b), nil }

func GET(req *next.Request) *next.Response {
	before := fmt.Sprint(len(os.Args), os.Args[0], flag.Parsed(), *n, flag.NArg())
	flag.CommandLine.SetOutput(new(nowhere))
	err := flag.CommandLine.Parse([]string{"-n", "5", "rest"})
	after := fmt.Sprint(err, flag.Parsed(), *n, flag.Args(), flag.Lookup("n").Value)
	return next.NewResponse(fmt.Sprintf("%s | %s | %v | %v | %v", before, after, exits("-bogus"), exits("-h"), flag.CommandLine.ErrorHandling() == flag.PanicOnError))
}
`,
	})
	l := &Loader{Project: p}
	file := filepath.Join(p.AppDir, "flags", "route.go")
	want := "1devservertrue 3 0 | <nil> true 5 [rest] 5 | flag provided but not defined: -bogus | flag: help requested | true"
	for i := range 2 {
		routes := l.Load(context.Background(), []string{file})
		if got := callGET(t, routes[0]); got != want {
			t.Fatalf("load %d: GET = %q, want %q", i+1, got, want)
		}
		// An edit: the unit is interpreted again, its flags defined again.
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, append(src, "\n// edited\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		l.Changed(p.ModuleDir, []string{file})
	}
}
