package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/devserver/devserver/server"
)

// Route is one route file of a built app and its compiled handlers.
type Route struct {
	// File is the route file, slash-separated and relative to app/, as the
	// dev server names it.
	File string
	// Handlers maps an HTTP method to the exported function of that name.
	Handlers map[string]any
	// Config holds the route package's segment config identifiers
	// (approuter.ConfigNames) that it declares.
	Config map[string]any
}

// App is an app compiled into a binary by devserver build.
type App struct {
	// Routes are the route files with their compiled handlers, and the
	// pages (page.html, no handlers).
	Routes []Route
	// Public holds public/; nil for none.
	Public fs.FS
	// Pages holds the page.html and layout.html files of app/; nil for none.
	Pages fs.FS
	// Proxy is the proxy, nil for none: its Handlers hold Proxy or
	// Middleware, its Config Matcher.
	Proxy *Route
}

// Compiled returns the server for an app compiled into this binary: the
// same server.Server the dev server uses, fed compiled handlers instead of
// interpreted ones.
func Compiled(a App) *server.Server {
	routes, public, proxy := a.Routes, a.Public, a.Proxy
	byFile := make(map[string]Route, len(routes))
	files := make([]string, 0, len(routes))
	for _, r := range routes {
		byFile["app/"+r.File] = r
		files = append(files, r.File)
	}
	app := server.App{Dir: ".", AppDir: "app", Routes: files, Public: public, AppFS: a.Pages}
	if proxy != nil {
		app.ProxyFile = proxy.File
		byFile[proxy.File] = *proxy
	}
	return &server.Server{
		App: app,
		Loader: server.LoaderFunc(func(_ context.Context, abs []string) []server.Loaded {
			out := make([]server.Loaded, len(abs))
			for i, f := range abs {
				r := byFile[strings.ReplaceAll(f, `\`, "/")]
				out[i].Handlers, out[i].Config = r.Handlers, r.Config
			}
			return out
		}),
	}
}

// Main is the whole main function of a binary made by `devserver build`: it
// parses the same flags as the dev server (except those about watching),
// loads the compiled routes and serves them until SIGINT or SIGTERM.
func Main(a App) {
	if err := runCompiled(os.Args[1:], a); err != nil {
		NewLogger().Error(err.Error())
		os.Exit(1)
	}
}

func runCompiled(args []string, a App) error {
	start := time.Now()
	c := DefaultConfig()
	flags := flag.NewFlagSet(os.Args[0], flag.ContinueOnError)
	c.Register(flags)
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s (a built app serves what was compiled into it)", strings.Join(flags.Args(), " "))
	}
	logger, flush := NewServerLogger()
	defer flush()
	srv := Compiled(a)
	srv.Logger, srv.MaxBody, srv.HandlerTimeout = logger, c.MaxBody, handlerTimeout(c.HandlerTimeout)

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
	logger.Info("▲ devserver (production build)", "routes", len(a.Routes))
	logger.Info("✓ ready on " + URL(c, ln) + " in " + time.Since(start).Round(time.Millisecond).String())
	go func() {
		<-ctx.Done()
		stop() // a second signal now ends the process at once
	}()
	return Run(ctx, ln, srv, logger)
}

// handlerTimeout turns the flag's value (0: no limit) into
// server.Server.HandlerTimeout's (negative: no limit).
func handlerTimeout(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}
