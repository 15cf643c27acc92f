// Command devserver serves Next.js-style route handlers written in Go,
// re-interpreting each route.go with yaegi as it is saved.
//
//	devserver [flags] [dir]
//
// dir is a project directory holding app/ (and optionally public/ and
// go.mod), or the app directory itself; it defaults to ".".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/interp"
	"github.com/devserver/devserver/serve"
	"github.com/devserver/devserver/typegen"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		var exit *serve.ExitError
		if errors.As(err, &exit) { // the supervised server has said why
			os.Exit(exit.Code)
		}
		log.Error(err.Error())
		os.Exit(1)
	}
}

const usage = `usage: devserver [flags] [dir]
       devserver build [-o file] [dir]
       devserver check [dir]
       devserver tidy [dir]
       devserver typegen [dir]

Serves the route handlers in dir/app (or dir, when it is the app directory),
reloading them as files change. "devserver build" compiles the same app into
one binary that serves it without the interpreter; "devserver check" reports
what the Go compiler and go vet would say about it, route folders included;
"devserver tidy" is go mod tidy for a module the Go tool cannot tidy itself.

flags:
`

func run(args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "build":
			return runBuild(args[1:])
		case "check":
			return runCheck(args[1:])
		case "tidy":
			return runTidy(args[1:])
		case "typegen":
			return runTypegen(args[1:])
		}
	}
	fs := flag.NewFlagSet("devserver", flag.ContinueOnError)
	c := serve.DefaultConfig()
	c.Register(fs)
	poll := os.Getenv("DEVSERVER_POLL") == "1" || os.Getenv("DEVSERVER_POLL") == "true"
	check := true
	fs.BoolVar(&check, "check", check, "type-check the module with the Go compiler and go vet in the background after each reload (needs the go command); --check=false turns it off")
	fs.BoolVar(&poll, "poll", poll, "poll the file system instead of using fsnotify (env DEVSERVER_POLL=1); for Docker bind mounts on macOS/Windows and network shares")
	dir, help, err := parseDir(fs, usage, args)
	if help {
		return nil
	}
	if err != nil {
		return err
	}
	return runDev(dir, c, poll, check, args)
}

// parseDir parses args with fs, whose usage text is usage followed by its
// flags, and returns the one optional [dir] argument ("." when absent).
// help is true when -h was asked for (the usage has been printed).
func parseDir(fs *flag.FlagSet, usage string, args []string) (dir string, help bool, err error) {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return "", errors.Is(err, flag.ErrHelp), err
	}
	if fs.NArg() > 1 {
		return "", false, fmt.Errorf("too many arguments: %s", strings.Join(fs.Args(), " "))
	}
	if fs.NArg() == 1 {
		return fs.Arg(0), false, nil
	}
	return ".", false, nil
}

// parseProject parses the arguments of a subcommand taking only [dir] and
// finds the project there. A nil project with a nil error means -h was
// asked for and answered.
func parseProject(name, usage string, args []string) (*interp.Project, error) {
	dir, help, err := parseDir(flag.NewFlagSet(name, flag.ContinueOnError), usage, args)
	if help {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return interp.FindProject(dir)
}

// runDev runs the dev server: in a supervised child process (see
// serve.Supervisor) that route code cannot take down with it, or, in that
// child, the server itself.
func runDev(dir string, c serve.Config, poll, check bool, args []string) error {
	child, err := serve.ChildOf()
	if err != nil {
		return err
	}
	if child == nil && serve.CanSupervise {
		return superviseDev(dir, c, args)
	}
	start := time.Now()
	if os.Getenv("GOGC") == "" {
		// Interpreted handlers allocate several times what compiled ones do,
		// so collections are frequent; a dev server trades some memory for
		// speed (about 15% more requests per second; idle RSS +6 MB at 200
		// routes). GOGC in the environment wins.
		debug.SetGCPercent(400)
	}
	logger, flush := c.ServerLogger()
	defer flush()
	var ln net.Listener
	if child != nil {
		ln = child.Listener
	} else if ln, err = serve.Listen(c); err != nil {
		return err
	}
	ctx, stop := child.SignalContext()
	defer stop()

	timeout := c.HandlerTimeout
	if timeout <= 0 {
		timeout = -1 // the flag's 0 means no limit
	}
	d, err := dev.Start(ctx, dev.Options{Dir: dir, Poll: poll, MaxBody: c.MaxBody, HandlerTimeout: timeout, Guard: c.Guard(true), Logger: logger, TypeCheck: check, LiveReload: true})
	if err != nil {
		ln.Close()
		return err
	}
	defer d.Close()
	d.ReportGoroutinePanics(logger)
	c.Apply(d.Server)

	logger.Info("▲ devserver", "app", d.Project.Rel(d.Project.AppDir), "watch", d.WatchMode())
	ready := "✓ ready on " + serve.URL(c, ln) + " in " + time.Since(start).Round(time.Millisecond).String()
	var h http.Handler = d.Server
	if child != nil {
		h = child.Handler(d.Server)
		if child.Crash != nil {
			ready = "✓ restarted after a crash, ready on " + serve.URL(c, ln) + " in " + time.Since(start).Round(time.Millisecond).String()
			d.Server.Notice("devserver restarted after a crash", child.Crash.Err())
		}
		if err := child.Ready(); err != nil {
			return err
		}
	}
	logger.Info(ready)
	go func() {
		<-ctx.Done()
		stop() // a second signal now ends the process at once
	}()
	return c.Run(ctx, ln, h, logger)
}

// superviseDev listens as c says and runs the dev server with args in a
// child process on that socket, restarting it when it crashes.
func superviseDev(dir string, c serve.Config, args []string) error {
	ln, err := serve.Listen(c)
	if err != nil {
		return err
	}
	defer ln.Close()
	s := &serve.Supervisor{Listener: ln.(*net.TCPListener), Args: args, Logger: serve.NewLogger()}
	if p, err := interp.FindProject(dir); err == nil {
		s.Dir = p.Dir // else the child says what is wrong
	}
	return s.Run(context.Background())
}

const buildUsage = `usage: devserver build [-o file] [dir]

Compiles the app in dir (default ".") into one binary that serves the same
routes and public/ files through the same server, without the interpreter.
The binary takes -p/--port, -H/--hostname and --max-body.

flags:
`

func runBuild(args []string) error {
	fs := flag.NewFlagSet("devserver build", flag.ContinueOnError)
	out := fs.String("o", "server", "the binary to write")
	dir, help, err := parseDir(fs, buildUsage, args)
	if help {
		return nil
	}
	if err != nil {
		return err
	}
	logger := serve.NewLogger()
	start := time.Now()
	if err := build.Build(context.Background(), build.Options{Dir: dir, Output: *out}); err != nil {
		return err
	}
	logger.Info("✓ built "+*out, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// runCheck prints what the Go compiler and go vet find in the app's module,
// and fails when the compiler finds errors.
func runCheck(args []string) error {
	proj, err := parseProject("devserver check", "usage: devserver check [dir]\n\nType-checks every package of the app's module, route folders included, as\n`go build` would, then runs go vet; prints file:line:col: message for each finding.\n", args)
	if proj == nil {
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

// runTidy runs go mod tidy for the app's module through the sanitised view.
func runTidy(args []string) error {
	proj, err := parseProject("devserver tidy", "usage: devserver tidy [dir]\n\nDoes what go mod tidy does for the app's module, which the Go tool refuses\nonce route folders such as [id] exist; keeps what devserver build needs.\n", args)
	if proj == nil {
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

// runTypegen writes the typed params file of every route folder with params.
func runTypegen(args []string) error {
	proj, err := parseProject("devserver typegen", "usage: devserver typegen [dir]\n\nWrites params_gen.go (type Params, func ParamsOf) in every route folder with\nparams; the dev server keeps them fresh once they exist.\n", args)
	if proj == nil {
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
