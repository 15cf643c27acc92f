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
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/server"
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

	d, err := dev.Start(ctx, dev.Options{Dir: dir, Poll: poll, MaxBody: maxBody, Logger: logger})
	if err != nil {
		ln.Close()
		return err
	}
	defer d.Close()

	hs := &http.Server{
		Handler:           d.Server,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          logger.StandardLog(log.StandardLogOptions{ForceLevel: log.WarnLevel}),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()

	url := "http://" + net.JoinHostPort(displayHost(host), strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	logger.Info("▲ devserver", "app", d.Project.Rel(d.Project.AppDir), "watch", d.WatchMode())
	logger.Info("✓ ready on " + url + " in " + time.Since(start).Round(time.Millisecond).String())

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
