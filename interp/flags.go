package interp

import (
	"encoding"
	"flag"
	"fmt"
	"io"
	"reflect"
	"time"

	"github.com/traefik/yaegi/interp"
)

// ProgramName is os.Args[0] for route code in the dev server, in both
// tiers: the interpreter's (routeFlags) and the compiled worker's, which
// the dev server starts under that name, so that a route answers alike in
// either (a built binary's is its own name).
const ProgramName = "devserver"

// routeFlags is the command line as one interpreter's code sees it: os.Args,
// flag.CommandLine and flag.Usage, and the flag package's functions, which
// act on that CommandLine.
//
// The process's are the dev server's: os.Args holds its flags (devserver
// -p 3001 ./app), which flag.CommandLine.Parse(os.Args[1:]) in route code
// took for the route's and, at the first one, exited the whole server
// ("flag provided but not defined", exit status 2); and the process's
// flag.CommandLine outlives a reload, so a route defining a flag at package
// level (var n = flag.Int("n", 3, "")) panicked "flag redefined" when its
// edit was interpreted again, and went to the compiled tier. Here os.Args
// is the program name alone, as route code sees it in a built binary and
// in the compiled tier (devserver build rewrites os.Args, build/exit.go),
// and each interpreter, made anew for each load of a unit, has a
// CommandLine of its own.
//
// Its CommandLine panics on a parse error, where Go's exits, and so does a
// FlagSet flag.NewFlagSet makes with flag.ExitOnError (it is made with
// flag.PanicOnError): route code must not end the server (a build does
// both alike, build/exit.go). The panic fails the request, or the load at
// init, with the flag package's error. (The constant stays as it is: a
// switch may list it beside flag.PanicOnError.)
type routeFlags struct {
	args  []string      // os.Args
	set   *flag.FlagSet // flag.CommandLine, which route code may replace
	usage func()        // flag.Usage, which route code may replace
}

// newRouteFlags returns the command line of a fresh interpreter, whose
// flag package writes to stderr.
func newRouteFlags(stderr io.Writer) *routeFlags {
	f := &routeFlags{args: []string{ProgramName}}
	f.set = flag.NewFlagSet(ProgramName, flag.PanicOnError)
	f.set.SetOutput(stderr)
	// As the flag package's: CommandLine's Usage calls the variable
	// Usage, whose default prints the defaults of CommandLine.
	f.set.Usage = func() { f.usage() }
	f.usage = func() {
		fmt.Fprintf(f.set.Output(), "Usage of %s:\n", f.args[0])
		f.set.PrintDefaults()
	}
	return f
}

// symbols returns the symbols overriding std's (the interpreter's standard
// library) for packages os and flag, those of them std holds.
func (f *routeFlags) symbols(std interp.Exports) interp.Exports {
	out := interp.Exports{}
	if std["os/os"] != nil {
		out["os/os"] = map[string]reflect.Value{"Args": reflect.ValueOf(&f.args).Elem()}
	}
	if std["flag/flag"] == nil {
		return out
	}
	out["flag/flag"] = map[string]reflect.Value{
		"CommandLine": reflect.ValueOf(&f.set).Elem(),
		"Usage":       reflect.ValueOf(&f.usage).Elem(),
		"NewFlagSet":  reflect.ValueOf(newFlagSet),
		// flag.Parse parses os.Args[1:], route code's.
		"Parse": reflect.ValueOf(func() { _ = f.set.Parse(f.args[1:]) }),

		"Arg":           reflect.ValueOf(func(i int) string { return f.set.Arg(i) }),
		"Args":          reflect.ValueOf(func() []string { return f.set.Args() }),
		"Lookup":        reflect.ValueOf(func(name string) *flag.Flag { return f.set.Lookup(name) }),
		"NArg":          reflect.ValueOf(func() int { return f.set.NArg() }),
		"NFlag":         reflect.ValueOf(func() int { return f.set.NFlag() }),
		"Parsed":        reflect.ValueOf(func() bool { return f.set.Parsed() }),
		"PrintDefaults": reflect.ValueOf(func() { f.set.PrintDefaults() }),
		"Set":           reflect.ValueOf(func(name, value string) error { return f.set.Set(name, value) }),
		"Visit":         reflect.ValueOf(func(fn func(*flag.Flag)) { f.set.Visit(fn) }),
		"VisitAll":      reflect.ValueOf(func(fn func(*flag.Flag)) { f.set.VisitAll(fn) }),

		"Bool":     reflect.ValueOf(func(name string, value bool, usage string) *bool { return f.set.Bool(name, value, usage) }),
		"BoolFunc": reflect.ValueOf(func(name, usage string, fn func(string) error) { f.set.BoolFunc(name, usage, fn) }),
		"BoolVar":  reflect.ValueOf(func(p *bool, name string, value bool, usage string) { f.set.BoolVar(p, name, value, usage) }),
		"Duration": reflect.ValueOf(func(name string, value time.Duration, usage string) *time.Duration {
			return f.set.Duration(name, value, usage)
		}),
		"DurationVar": reflect.ValueOf(func(p *time.Duration, name string, value time.Duration, usage string) {
			f.set.DurationVar(p, name, value, usage)
		}),
		"Float64":    reflect.ValueOf(func(name string, value float64, usage string) *float64 { return f.set.Float64(name, value, usage) }),
		"Float64Var": reflect.ValueOf(func(p *float64, name string, value float64, usage string) { f.set.Float64Var(p, name, value, usage) }),
		"Func":       reflect.ValueOf(func(name, usage string, fn func(string) error) { f.set.Func(name, usage, fn) }),
		"Int":        reflect.ValueOf(func(name string, value int, usage string) *int { return f.set.Int(name, value, usage) }),
		"Int64":      reflect.ValueOf(func(name string, value int64, usage string) *int64 { return f.set.Int64(name, value, usage) }),
		"Int64Var":   reflect.ValueOf(func(p *int64, name string, value int64, usage string) { f.set.Int64Var(p, name, value, usage) }),
		"IntVar":     reflect.ValueOf(func(p *int, name string, value int, usage string) { f.set.IntVar(p, name, value, usage) }),
		"String":     reflect.ValueOf(func(name string, value string, usage string) *string { return f.set.String(name, value, usage) }),
		"StringVar":  reflect.ValueOf(func(p *string, name string, value string, usage string) { f.set.StringVar(p, name, value, usage) }),
		"TextVar": reflect.ValueOf(func(p encoding.TextUnmarshaler, name string, value encoding.TextMarshaler, usage string) {
			f.set.TextVar(p, name, value, usage)
		}),
		"Uint":      reflect.ValueOf(func(name string, value uint, usage string) *uint { return f.set.Uint(name, value, usage) }),
		"Uint64":    reflect.ValueOf(func(name string, value uint64, usage string) *uint64 { return f.set.Uint64(name, value, usage) }),
		"Uint64Var": reflect.ValueOf(func(p *uint64, name string, value uint64, usage string) { f.set.Uint64Var(p, name, value, usage) }),
		"UintVar":   reflect.ValueOf(func(p *uint, name string, value uint, usage string) { f.set.UintVar(p, name, value, usage) }),
		"Var":       reflect.ValueOf(func(value flag.Value, name string, usage string) { f.set.Var(value, name, usage) }),
	}
	return out
}

// newFlagSet is flag.NewFlagSet for route code: a set made to exit on a
// parse error panics instead (see routeFlags).
func newFlagSet(name string, errorHandling flag.ErrorHandling) *flag.FlagSet {
	if errorHandling == flag.ExitOnError {
		errorHandling = flag.PanicOnError
	}
	return flag.NewFlagSet(name, errorHandling)
}
