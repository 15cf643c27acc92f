package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/log"
	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/server"
)

// Compiled returns the server for an app compiled into this binary: the
// same server.Server the dev server uses, fed the compiled handlers instead
// of interpreted ones. app lists the route files (app.Routes) and holds the
// embedded files; each of compiled is a route package or the proxy, named
// by its path relative to app.Dir as the server asks for it.
func Compiled(app server.App, compiled []approuter.Loaded) *server.Server {
	byFile := make(map[string]approuter.Loaded, len(compiled))
	for _, l := range compiled {
		byFile[l.File] = l
	}
	return &server.Server{
		App: app,
		Loader: approuter.LoaderFunc(func(_ context.Context, files []string) []approuter.Loaded {
			out := make([]approuter.Loaded, len(files))
			for i, f := range files {
				out[i] = byFile[filepath.ToSlash(f)]
			}
			return out
		}),
	}
}

// Main is the whole main function of a binary made by `devserver build`: it
// parses the same flags as the dev server (except those about watching),
// loads the compiled routes (see Compiled) and serves them until SIGINT or
// SIGTERM.
func Main(app server.App, compiled []approuter.Loaded) {
	if err := runCompiled(os.Args[1:], app, compiled); err != nil {
		os.Exit(Report(os.Stderr, filepath.Base(os.Args[0]), err))
	}
}

func runCompiled(args []string, app server.App, compiled []approuter.Loaded) error {
	start := time.Now()
	tuneGC(os.Getenv)
	c := DefaultConfig()
	c.LogRequests = false // next start logs no request lines; --log-requests does
	prog := filepath.Base(os.Args[0])
	flags, details, version := builtFlags(prog, &c)
	if err := ParseFlags(flags, prog+" -h", args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Printf("usage: %s [flags]\n\nServes the app devserver build compiled into it (%d routes).\n\nflags:\n", prog, len(app.Routes))
			PrintFlags(os.Stdout, flags)
			return nil
		}
		return err
	}
	if *version {
		fmt.Println(prog, Version())
		return nil
	}
	if flags.NArg() > 0 {
		return &UsageError{Command: prog, Help: prog + " -h", Err: fmt.Errorf("unexpected arguments: %s (a built app serves what was compiled into it)", strings.Join(flags.Args(), " "))}
	}
	logger, flush := c.ServerLogger()
	defer flush()
	if err := loadEnv(logger); err != nil {
		return err
	}
	srv := Built(c, app, compiled, logger, *details)
	if c.CacheURL != "" {
		build, err := executableID()
		if err != nil {
			return err
		}
		closeCache, err := c.OpenCache(srv, build, logger)
		if err != nil {
			return err
		}
		defer closeCache()
	}
	closeTracing, err := OpenTracing(srv, prog, logger)
	if err != nil {
		return err
	}
	defer closeTracing()

	ln, err := Listen(c)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	g := srv.Reload(ctx, nil)
	if n := len(g.Problems()); n > 0 && g.Problems()[0].Err != nil {
		logger.Warn("some routes cannot serve; their URLs answer 500", "problems", n)
	}
	logger.Info("▲ devserver (production build)", "routes", len(app.Routes))
	logger.Info("✓ ready on " + URL(c, ln) + " in " + time.Since(start).Round(time.Millisecond).String())
	if !isLoopbackBind(c.Host) && len(c.AllowedHosts) == 0 {
		logger.Info("answering requests whose Host is localhost or one of this machine's addresses; " +
			"to be reached by a name (behind a proxy, the public one), pass --allowed-host NAME or set " + AllowedHostsEnv)
	}
	go func() {
		<-ctx.Done()
		stop() // a second signal now ends the process at once
	}()
	return c.Run(ctx, ln, srv, logger)
}

// BuiltGCPercent is the GOGC a built binary runs with when the environment
// sets none. A server's heap is small and each request allocates some, so
// at Go's default of 100 it collects often (about every 4 MB allocated,
// with fixed costs each time): 200 halves that, for up to three times the
// live heap instead of two (docs/benchmarks.md measures what it saves).
const BuiltGCPercent = 200

// tuneGC sets BuiltGCPercent unless GOGC is set (GOGC=100 keeps Go's
// default), and reports whether it did. GOMEMLIMIT, if set, still bounds
// the heap: Go collects more often near the limit whatever GOGC is.
func tuneGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" {
		return false
	}
	debug.SetGCPercent(BuiltGCPercent)
	return true
}

// builtFlags is the flag set of a built binary called prog: the dev
// server's serving flags, into c, and its own.
func builtFlags(prog string, c *Config) (flags *flag.FlagSet, details, version *bool) {
	flags = flag.NewFlagSet(prog, flag.ContinueOnError)
	c.Register(flags)
	details = flags.Bool("error-details", false, "answer errors with the dev server's error page (message, file, code) instead of a generic body and a request ID; for debugging a build on your machine, never for a server others reach")
	version = flags.Bool("version", false, "print the versions of this app and of devserver, and exit")
	return flags, details, version
}

// Built is the server a binary made by devserver build runs: the compiled
// routes (see Compiled) with c's settings, answering errors generically
// unless details.
func Built(c Config, app server.App, compiled []approuter.Loaded, logger *log.Logger, details bool) *server.Server {
	srv := Compiled(app, compiled)
	srv.Logger, srv.MaxBody, srv.HandlerTimeout = logger, c.MaxBody, handlerTimeout(c.HandlerTimeout)
	srv.Guard = c.Guard()
	srv.Production = !details
	c.Apply(srv)
	return srv
}

// handlerTimeout turns the flag's value (0: no limit) into
// server.Server.HandlerTimeout's (negative: no limit).
func handlerTimeout(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}
