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
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/interp"
	"github.com/devserver/devserver/serve"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		var exit *serve.ExitError
		if errors.As(err, &exit) { // the supervised server has said why
			os.Exit(exit.Code)
		}
		os.Exit(serve.Report(os.Stderr, "devserver", err))
	}
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
	d, err := dev.Start(ctx, dev.Options{Dir: dir, Poll: poll, MaxBody: c.MaxBody, HandlerTimeout: timeout, Guard: c.Guard(), Logger: logger, TypeCheck: check, LiveReload: true})
	if err != nil {
		ln.Close()
		return err
	}
	defer d.Close()
	d.ReportGoroutinePanics(logger)
	c.Apply(d.Server)
	closeCache, err := c.OpenCache(d.Server, "", logger)
	if err != nil {
		return err
	}
	defer closeCache()
	closeTracing, err := serve.OpenTracing(d.Server, "devserver", logger)
	if err != nil {
		return err
	}
	defer closeTracing()

	logger.Info("▲ devserver", "app", d.Project.Rel(d.Project.AppDir), "watch", d.WatchMode())
	ready := "✓ ready on " + serve.URL(c, ln) + " in " + time.Since(start).Round(time.Millisecond).String()
	var h http.Handler = d.Server
	if child != nil {
		h = child.Handler(d.Server)
		if child.Crash != nil {
			// The route serving the request, when the crash names no
			// file, or only the go statement that started the goroutine.
			if (child.Crash.File == "" || child.Crash.GoStatement) && child.Crash.Request != "" {
				if child.Crash.Route = d.RouteOf(child.Crash.Request); child.Crash.Route != "" {
					logger.Warn("the crash came from route "+child.Crash.Route, "request", child.Crash.Request)
				}
			}
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
	// This process runs nothing but the supervisor: it may reap whatever
	// ends (in a container it is PID 1, and the child's go commands end
	// up its children when the child crashes).
	s := &serve.Supervisor{Listener: ln.(*net.TCPListener), Args: args, Logger: serve.NewLogger(), Reap: true, PanicStacks: os.Getenv("DEVSERVER_PANIC_STACKS") == "1"}
	if p, err := interp.FindProject(dir); err == nil {
		s.Dir = p.Dir // else the child says what is wrong
	}
	return s.Run(context.Background())
}
