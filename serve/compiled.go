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
	// (server.ConfigNames) that it declares.
	Config map[string]any
}

// Compiled returns the server for an app compiled into this binary: the
// same server.Server the dev server uses, fed compiled handlers instead of
// interpreted ones, public/ from public (nil for none) and the proxy (nil
// for none; its Handlers hold Proxy or Middleware, its Config Matcher).
func Compiled(routes []Route, public fs.FS, proxy *Route) *server.Server {
	byFile := make(map[string]Route, len(routes))
	files := make([]string, 0, len(routes))
	for _, r := range routes {
		byFile["app/"+r.File] = r
		files = append(files, r.File)
	}
	app := server.App{Dir: ".", AppDir: "app", Routes: files, Public: public}
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
func Main(routes []Route, public fs.FS, proxy *Route) {
	if err := runCompiled(os.Args[1:], routes, public, proxy); err != nil {
		NewLogger().Error(err.Error())
		os.Exit(1)
	}
}

func runCompiled(args []string, routes []Route, public fs.FS, proxy *Route) error {
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
	logger := NewLogger()
	srv := Compiled(routes, public, proxy)
	srv.Logger, srv.MaxBody = logger, c.MaxBody

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
	logger.Info("▲ devserver (production build)", "routes", len(routes))
	logger.Info("✓ ready on " + URL(c, ln) + " in " + time.Since(start).Round(time.Millisecond).String())
	go func() {
		<-ctx.Done()
		stop() // a second signal now ends the process at once
	}()
	return Run(ctx, ln, srv, logger)
}
