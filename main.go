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
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/interp"
	"github.com/devserver/devserver/server"
	"github.com/devserver/devserver/watch"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		log.Error(err.Error())
		os.Exit(1)
	}
}

const usage = `usage: devserver [flags] [dir]

Serves the route handlers in dir/app (or dir, when it is the app directory),
reloading them as files change.

flags:
`

func run(args []string) error {
	fs := flag.NewFlagSet("devserver", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	port := envInt("PORT", 3000)
	host := "localhost"
	poll := os.Getenv("DEVSERVER_POLL") == "1" || os.Getenv("DEVSERVER_POLL") == "true"
	var maxBody int64 = server.DefaultMaxBody
	fs.IntVar(&port, "port", port, "port to listen on (env PORT)")
	fs.IntVar(&port, "p", port, "shorthand for --port")
	fs.StringVar(&host, "hostname", host, "host to bind; 0.0.0.0 exposes the server to the network")
	fs.StringVar(&host, "H", host, "shorthand for --hostname")
	fs.BoolVar(&poll, "poll", poll, "poll the file system instead of using fsnotify (env DEVSERVER_POLL=1); for Docker bind mounts on macOS/Windows and network shares")
	fs.Int64Var(&maxBody, "max-body", maxBody, "request body limit in bytes; larger bodies get 413")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	dir := "."
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("too many arguments: %s", strings.Join(fs.Args(), " "))
	}
	return serve(dir, host, port, poll, maxBody)
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func serve(dir, host string, port int, poll bool, maxBody int64) error {
	start := time.Now()
	logger := log.NewWithOptions(os.Stderr, log.Options{ReportTimestamp: true, TimeFormat: "15:04:05.000"})

	proj, err := interp.FindProject(dir)
	if err != nil {
		return err
	}
	loader := &interp.Loader{Project: proj, Stdout: os.Stdout, Stderr: os.Stderr}
	srv := &server.Server{
		App: server.App{
			Dir:       proj.Dir,
			AppDir:    proj.AppDir,
			PublicDir: filepath.Join(proj.Dir, "public"),
		},
		Loader:  server.LoaderFunc(func(ctx context.Context, files []string) []server.Loaded { return convert(loader.Load(ctx, files)) }),
		Logger:  logger,
		MaxBody: maxBody,
	}

	addr := net.JoinHostPort(host, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port %d is already in use on %s: stop the other server or pick another port with -p", port, host)
		}
		return fmt.Errorf("listen on %s: %w", addr, err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	w, err := watch.New(proj.ModuleDir, watch.Options{Poll: poll})
	if err != nil {
		ln.Close()
		return err
	}
	defer w.Close()

	srv.Reload(ctx, nil)

	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          logger.StandardLog(log.StandardLogOptions{ForceLevel: log.WarnLevel}),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()

	url := "http://" + net.JoinHostPort(displayHost(host), strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	logger.Info("▲ devserver", "app", proj.Rel(proj.AppDir), "watch", w.Mode())
	logger.Info("✓ ready on " + url + " in " + time.Since(start).Round(time.Millisecond).String())

	go func() {
		for {
			select {
			case cs, ok := <-w.Changes():
				if !ok {
					return
				}
				srv.Reload(ctx, cs.Paths)
			case err, ok := <-w.Errors():
				if !ok {
					return
				}
				logger.Warn("watcher", "err", err)
			}
		}
	}()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stop() // a second signal now ends the process at once
	logger.Info("shutting down: finishing requests in flight (Ctrl-C again to quit now)")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		logger.Warn("shutdown: requests still running were cut off", "err", err)
	}
	return nil
}

func displayHost(host string) string {
	if host == "" || host == "0.0.0.0" || host == "::" {
		return "localhost"
	}
	return host
}

func convert(rs []interp.Route) []server.Loaded {
	out := make([]server.Loaded, len(rs))
	for i, r := range rs {
		out[i] = server.Loaded{Handlers: r.Handlers, Warnings: r.Warnings, Err: r.Err}
	}
	return out
}
