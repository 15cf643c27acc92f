package main

// The command line, in the manner of the go command: subcommands, "help"
// and "help <command>", --version, and one-line errors, with exit status 2
// for a command line that cannot be understood.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/interp"
	"github.com/devserver/devserver/serve"
	"github.com/devserver/devserver/typegen"
)

// A command is one subcommand of devserver, or (named "") the dev server.
type command struct {
	name     string
	synopsis string // the arguments after "devserver name"
	short    string // one line for the list of commands
	long     string // what "devserver help name" says before the flags
	// rawArgs hands every argument to the command unparsed (for flags it
	// passes on to another command), except a first -h or --help.
	rawArgs bool
	// setup registers the command's flags on fs and returns what runs it
	// with the arguments left after the flags (and all of them, as given).
	setup func(c *command, fs *flag.FlagSet) func(args, all []string) error
}

// commands lists every subcommand, in the order help lists them; the dev
// server is devServer.
var commands []*command

func init() {
	commands = []*command{initCommand, buildCommand, testCommand, checkCommand, tidyCommand, typegenCommand, versionCommand, helpCommand}
}

// lookup returns the command called name, or nil.
func lookup(name string) *command {
	if name == "" {
		return devServer
	}
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// run runs the command line args (without the program name).
func run(args []string) error {
	cmd := devServer
	if len(args) > 0 {
		if c := lookup(args[0]); c != nil && c != devServer {
			cmd, args = c, args[1:]
		}
	}
	return cmd.run(args)
}

// title is "devserver" or "devserver name".
func (c *command) title() string {
	return strings.TrimSpace("devserver " + c.name)
}

// helpCommandLine is what to run for c's help.
func (c *command) helpCommandLine() string {
	return strings.TrimSpace("devserver help " + c.name)
}

// flags returns c's flag set and the function that runs c.
func (c *command) flags() (*flag.FlagSet, func(args, all []string) error) {
	fs := flag.NewFlagSet(c.title(), flag.ContinueOnError)
	return fs, c.setup(c, fs)
}

// run parses args and runs c; -h or --help prints its help instead.
func (c *command) run(args []string) error {
	fs, runner := c.flags()
	if c.rawArgs {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			c.printHelp(os.Stdout)
			return nil
		}
		return runner(args, args)
	}
	if err := serve.ParseFlags(fs, c.helpCommandLine(), args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.printHelp(os.Stdout)
			return nil
		}
		return err
	}
	return runner(fs.Args(), args)
}

// usageErrorf is a *serve.UsageError of c.
func (c *command) usageErrorf(format string, args ...any) error {
	return &serve.UsageError{Command: c.title(), Help: c.helpCommandLine(), Err: fmt.Errorf(format, args...)}
}

// printHelp writes c's usage, description and flags to w.
func (c *command) printHelp(w io.Writer) {
	fmt.Fprintf(w, "usage: %s %s\n\n%s\n", c.title(), c.synopsis, strings.TrimSpace(c.long))
	fs, _ := c.flags()
	if c == devServer {
		fmt.Fprintln(w, "\ncommands:")
		printCommands(w)
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nflags:")
		serve.PrintFlags(w, fs)
	}
	if c == devServer {
		fmt.Fprintln(w, "\nRun 'devserver help <command>' for more about a command.")
	}
}

// printCommands lists the subcommands with their one-line descriptions.
func printCommands(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 8, 3, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.short)
	}
	tw.Flush()
}

// dirArg returns the one optional [dir] argument of c ("." when absent).
func (c *command) dirArg(args []string) (string, error) {
	switch len(args) {
	case 0:
		return ".", nil
	case 1:
		return args[0], nil
	}
	return "", c.usageErrorf("too many arguments: %s (%s takes one folder)", strings.Join(args, " "), c.title())
}

// project finds the project in the one optional [dir] argument of c.
func (c *command) project(args []string) (*interp.Project, error) {
	dir, err := c.dirArg(args)
	if err != nil {
		return nil, err
	}
	p, err := findProject(dir)
	if err == nil {
		seedDevserver(p)
	}
	return p, err
}

// findProject is interp.FindProject with a clearer error for a folder that
// does not exist, when its name is more likely a mistyped command.
func findProject(dir string) (*interp.Project, error) {
	p, err := interp.FindProject(dir)
	if err != nil && errors.Is(err, os.ErrNotExist) && !strings.ContainsAny(dir, `/\.`) {
		return nil, &serve.UsageError{Command: "devserver", Help: "devserver help",
			Err: fmt.Errorf("%s: no such folder, nor a command of that name", dir)}
	}
	return p, err
}

// findApp finds the project in dir and refuses one without routes: a
// folder with no app/ would otherwise be served as an empty app, 404 for
// every URL, without a word about why.
func findApp(dir string) (*interp.Project, error) {
	p, err := findProject(dir)
	if err != nil {
		return nil, err
	}
	routes, err := approuter.ScanApp(p.AppDir)
	if err != nil {
		return nil, err
	}
	if len(routes) > 0 || approuter.FindProxy(filepath.Dir(p.AppDir)) != "" {
		seedDevserver(p)
		return p, nil
	}
	if p.AppDir == filepath.Join(p.Dir, "app") || p.AppDir == filepath.Join(p.Dir, "src", "app") {
		return nil, fmt.Errorf("%s: no routes: add a route.go (or page.go, page.html) under it; 'devserver init' makes a project with one", p.Rel(p.AppDir))
	}
	return nil, fmt.Errorf("%s: no app folder and no routes: a project holds app/ (or src/app/) with a route.go in each folder that answers a URL; 'devserver init %s' makes one", dir, dir)
}

var devServer = &command{
	synopsis: "[flags] [dir]",
	long: `Serves the route handlers in dir/app (or dir/src/app, or dir when it is the
app folder itself; dir defaults to "."), interpreting them and reloading each
one as it is saved. A route handler is a file route.go in a folder of app/
whose path is the URL: app/api/users/[id]/route.go answers /api/users/42.`,
	setup: func(cmd *command, fs *flag.FlagSet) func(args, all []string) error {
		c := serve.DefaultConfig()
		c.Register(fs)
		poll := os.Getenv("DEVSERVER_POLL") == "1" || os.Getenv("DEVSERVER_POLL") == "true"
		check := true
		fs.BoolVar(&check, "check", check, "type-check the module with the Go compiler and go vet in the background after each reload (needs the go command); --check=false turns it off")
		fs.BoolVar(&poll, "poll", poll, "poll the file system instead of using fsnotify (env DEVSERVER_POLL=1); for Docker bind mounts on macOS/Windows and network shares")
		version := fs.Bool("version", false, "print the version of devserver and exit")
		return func(args, all []string) error {
			if *version {
				fmt.Println("devserver", serve.Version())
				return nil
			}
			dir, err := cmd.dirArg(args)
			if err != nil {
				return err
			}
			if _, err := findApp(dir); err != nil {
				return err
			}
			return runDev(dir, c, poll, check, all)
		}
	},
}

var buildCommand = &command{
	name:     "build",
	synopsis: "[-o file] [-ldflags flags] [dir]",
	short:    "compile the app into one binary that serves it without the interpreter",
	long: `Compiles the app in dir (default ".") with the Go compiler into one binary
that serves the same routes and public/ files through the same server, without
the interpreter. The binary takes the dev server's flags except --poll and
--check (see 'devserver help'), plus --error-details and --version; run it
with -h for the list. Without -o the binary is written to the current folder,
named as go build names one: after the module path (example.com/shop/v2:
shop), or the project folder without a go.mod. -ldflags passes flags to the
Go linker as go build does: -ldflags "-s -w" leaves out the symbol table and
debug information (a smaller binary, linked faster; panics still name their
lines).`,
	setup: func(cmd *command, fs *flag.FlagSet) func(args, all []string) error {
		out := fs.String("o", "", "the `file` to write the binary to (default: the last element of the module path, as go build names a binary, in the current folder)")
		ldflags := fs.String("ldflags", "", "`flags` for the Go linker, as go build -ldflags takes them (\"-s -w\": no symbol table or debug information)")
		return func(args, _ []string) error {
			dir, err := cmd.dirArg(args)
			if err != nil {
				return err
			}
			proj, err := findApp(dir)
			if err != nil {
				return err
			}
			if *out == "" {
				*out = proj.BinaryName()
			}
			start := time.Now()
			if err := build.Build(context.Background(), build.Options{Dir: dir, Output: *out, LDFlags: *ldflags}); err != nil {
				return err
			}
			serve.NewLogger().Info("✓ built "+*out, "took", time.Since(start).Round(time.Millisecond))
			return nil
		}
	},
}

var testCommand = &command{
	name:     "test",
	synopsis: "[dir] [go test flags]",
	short:    "go test every package of the app, route folders such as [id] included",
	rawArgs:  true,
	long: `Runs go test, with the flags given (-run, -v, -count, -race...), on every
package of the app's module, route folders included: the go command rejects
folders such as [id] as import paths, so the tests run in devserver's mirror
of the module, where they have paths it accepts, and what go test prints names
the real folders and files. dir defaults to "."; it comes before the flags.

Tests live beside route.go, in the route's package; the package
github.com/devserver/devserver/nexttest calls the route's handlers as the
server does:

	route := nexttest.New(t, "/api/users/[id]", map[string]any{"GET": GET})
	res := route.Get("/api/users/42")`,
	setup: func(cmd *command, _ *flag.FlagSet) func(args, all []string) error {
		return func(args, _ []string) error {
			dir := "."
			if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
				dir, args = args[0], args[1:]
			}
			proj, err := findProject(dir)
			if err != nil {
				return err
			}
			seedDevserver(proj)
			err = build.Test(context.Background(), proj, "", args, os.Stdout, os.Stderr)
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				return &serve.ExitError{Code: exit.ExitCode()} // go test has said why
			}
			return err
		}
	},
}

var checkCommand = &command{
	name:     "check",
	synopsis: "[dir]",
	short:    "report what the Go compiler and go vet say, route folders included",
	long: `Type-checks every package of the app's module, route folders included, as
go build would, then runs go vet; prints file:line:col: message for each
finding and fails when the compiler finds errors.`,
	setup: func(cmd *command, _ *flag.FlagSet) func(args, all []string) error {
		return func(args, _ []string) error {
			proj, err := cmd.project(args)
			if err != nil {
				return err
			}
			start := time.Now()
			rep, err := build.Check(context.Background(), proj, "")
			if err != nil {
				return err
			}
			for _, d := range rep.Diagnostics {
				fmt.Println(d.String(proj))
			}
			if n := len(rep.Errors()); n > 0 {
				return fmt.Errorf("check: %d compile error(s); devserver build would fail", n)
			}
			serve.NewLogger().Info("✓ checked", "findings", len(rep.Diagnostics), "took", time.Since(start).Round(time.Millisecond))
			return nil
		}
	},
}

var tidyCommand = &command{
	name:     "tidy",
	synopsis: "[dir]",
	short:    "go mod tidy for a module whose route folders the go command rejects",
	long: `Does what go mod tidy does for the app's module, which the go command refuses
once route folders such as [id] exist; keeps what devserver build needs.`,
	setup: func(cmd *command, _ *flag.FlagSet) func(args, all []string) error {
		return func(args, _ []string) error {
			proj, err := cmd.project(args)
			if err != nil {
				return err
			}
			changed, err := build.Tidy(context.Background(), proj, "")
			if err != nil {
				return err
			}
			if changed {
				serve.NewLogger().Info("✓ tidied go.mod and go.sum", "module", proj.Module)
			} else {
				serve.NewLogger().Info("✓ already tidy", "module", proj.Module)
			}
			return nil
		}
	},
}

var typegenCommand = &command{
	name:     "typegen",
	synopsis: "[dir]",
	short:    "write typed params (params_gen.go) for every route folder with params",
	long: `Writes params_gen.go (type Params, func ParamsOf) in every route folder with
params; the dev server keeps them fresh once they exist.`,
	setup: func(cmd *command, _ *flag.FlagSet) func(args, all []string) error {
		return func(args, _ []string) error {
			proj, err := cmd.project(args)
			if err != nil {
				return err
			}
			changed, err := typegen.Generate(proj.AppDir)
			for _, c := range changed {
				fmt.Println(proj.Rel(c))
			}
			if err != nil {
				return err
			}
			serve.NewLogger().Info("✓ typed params", "written", len(changed))
			return nil
		}
	},
}

var versionCommand = &command{
	name:     "version",
	synopsis: "",
	short:    "print the version of devserver (as --version does)",
	long: `Prints the module version of devserver and the commit it was built from
(with +dirty when the checkout had uncommitted changes), then the Go release
and platform.`,
	setup: func(cmd *command, _ *flag.FlagSet) func(args, all []string) error {
		return func(args, _ []string) error {
			if len(args) > 0 {
				return cmd.usageErrorf("unexpected arguments: %s", strings.Join(args, " "))
			}
			fmt.Println("devserver", serve.Version())
			return nil
		}
	},
}

var helpCommand = &command{
	name:     "help",
	synopsis: "[command]",
	short:    "show help for devserver or for one command",
	long:     `Prints the usage, description and flags of devserver, or of one command.`,
	setup: func(cmd *command, _ *flag.FlagSet) func(args, all []string) error {
		return func(args, _ []string) error {
			switch len(args) {
			case 0:
				devServer.printHelp(os.Stdout)
				return nil
			case 1:
				c := lookup(args[0])
				if c == nil || args[0] == "" {
					return cmd.usageErrorf("unknown command %q", args[0])
				}
				c.printHelp(os.Stdout)
				return nil
			}
			return cmd.usageErrorf("too many arguments: help takes one command")
		}
	},
}
