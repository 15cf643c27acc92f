// Package serve runs an app's http.Handler the way devserver does: the
// flags, the listener, the log lines and the graceful shutdown. The dev
// server (main.go) and every binary made by `devserver build` go through it,
// so both answer to the same flags and log the same way.
package serve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/internal/keep"
	"github.com/devserver/devserver/server"
)

// ShutdownTimeout bounds how long a shutdown waits for requests in flight.
const ShutdownTimeout = 5 * time.Second

// ReadHeaderTimeout bounds how long a client may take to send a request's
// headers: a slow or stalled client is disconnected instead of holding a
// connection for ever. A variable so that tests can shorten it.
var ReadHeaderTimeout = 10 * time.Second

// Config says where to listen and how much to accept.
type Config struct {
	// Host is the interface to bind; "" means localhost, so nothing is
	// exposed to the network unless asked.
	Host string
	// Port is the TCP port; 0 picks a free one.
	Port int
	// MaxBody limits request bodies; see server.Server.MaxBody.
	MaxBody int64
	// HandlerTimeout bounds a handler's time to respond; see
	// server.Server.HandlerTimeout.
	HandlerTimeout time.Duration

	// The rest is set by the flags of options.go, which says what each does.
	AllowedHosts, AllowedOrigins []string
	ReadHeaderTimeout            time.Duration
	IdleTimeout                  time.Duration
	BodyTimeout                  time.Duration
	LogRequests                  bool
	LogFormat                    string
	TrustProxy                   bool
	CacheURL                     string
}

// Loopback reports whether c binds to this machine only.
func (c Config) Loopback() bool {
	switch c.Host {
	case "", "localhost":
		return true
	}
	ip := net.ParseIP(strings.Trim(c.Host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// DefaultConfig is the configuration before flags: localhost, port 3000 or
// $PORT, and the default body limit.
func DefaultConfig() Config {
	c := Config{Host: "localhost", Port: 3000, MaxBody: server.DefaultMaxBody, HandlerTimeout: server.DefaultHandlerTimeout}
	if v, err := strconv.Atoi(os.Getenv("PORT")); err == nil {
		c.Port = v
	}
	c.setDefaults()
	return c
}

// Register adds -p/--port, -H/--hostname and --max-body to fs, with c's
// values as defaults.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.IntVar(&c.Port, "port", c.Port, "the `port` to listen on (env PORT)")
	fs.IntVar(&c.Port, "p", c.Port, "shorthand for --port")
	fs.StringVar(&c.Host, "hostname", c.Host, "the `host` (interface) to bind; 0.0.0.0 exposes the server to the network")
	fs.StringVar(&c.Host, "H", c.Host, "shorthand for --hostname")
	fs.Int64Var(&c.MaxBody, "max-body", c.MaxBody, "request body limit in `bytes`; larger bodies get 413")
	fs.DurationVar(&c.HandlerTimeout, "handler-timeout", c.HandlerTimeout, "how long a route handler may take to return its response before the client gets 504 (a streamed body may take longer); 0 means no limit")
	c.register(fs)
}

// Listen opens the listener c describes. A port already in use is an error
// that says so and what to do.
func Listen(c Config) (net.Listener, error) {
	host := c.Host
	if host == "" {
		host = "localhost"
	}
	addr := net.JoinHostPort(host, strconv.Itoa(c.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("port %d is already in use on %s: stop the other server or pick another port with -p", c.Port, host)
		}
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// isLoopbackBind reports whether the bind address host ("" is
// localhost) is reachable from this machine only.
func isLoopbackBind(host string) bool {
	if host == "" || strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// URL is the address to print for ln: a wildcard bind is shown as
// localhost, which a browser on the same machine can open.
func URL(c Config, ln net.Listener) string {
	host := c.Host
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
}

// Run serves h on ln until ctx is done, then shuts down gracefully: requests
// in flight get up to ShutdownTimeout to finish. Callers wanting a second
// Ctrl-C to quit at once stop their signal.NotifyContext when ctx is done.
func Run(ctx context.Context, ln net.Listener, h http.Handler, logger *log.Logger) error {
	return Config{ReadHeaderTimeout: ReadHeaderTimeout, IdleTimeout: DefaultIdleTimeout}.Run(ctx, ln, h, logger)
}

// HTTPServer is the http.Server that serves h with c's connection
// timeouts, logging its errors to logger (if not nil).
func (c Config) HTTPServer(h http.Handler, logger *log.Logger) *http.Server {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: c.ReadHeaderTimeout,
		IdleTimeout:       c.IdleTimeout,
		MaxHeaderBytes:    1 << 20,
	}
	if logger != nil {
		hs.ErrorLog = logger.StandardLog(log.StandardLogOptions{ForceLevel: log.WarnLevel})
	}
	return hs
}

// Run is the function Run with c's connection timeouts.
func (c Config) Run(ctx context.Context, ln net.Listener, h http.Handler, logger *log.Logger) error {
	hs := c.HTTPServer(h, logger)
	// Streams that never end by themselves (the dev server's live-reload
	// events) are closed when the shutdown begins.
	if sd, ok := h.(interface{ Shutdown() }); ok {
		hs.RegisterOnShutdown(sd.Shutdown)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if logger != nil {
		logger.Info("shutting down: finishing requests in flight (Ctrl-C again to quit now)")
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && logger != nil {
		logger.Warn("shutdown: requests still running were cut off", "err", err)
	}
	// Work of next.After registered by those requests gets its own
	// ShutdownTimeout: much of it starts as they finish.
	actx, acancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer acancel()
	if err := server.WaitAfter(actx); err != nil && logger != nil {
		logger.Warn("shutdown: " + err.Error())
	}
	// What route code kept for the life of the process (next.Keep) is
	// closed once no request uses it any more.
	if err := keep.CloseAll(); err != nil && logger != nil {
		logger.Warn("shutdown: " + err.Error())
	}
	return nil
}
