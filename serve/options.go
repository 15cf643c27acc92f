package serve

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/server"
)

// Environment variables that add allowed hosts and origins (comma
// separated), for a container whose command line is fixed: Docker's -e.
const (
	AllowedHostsEnv   = "DEVSERVER_ALLOWED_HOSTS"
	AllowedOriginsEnv = "DEVSERVER_ALLOWED_ORIGINS"
)

// setDefaults fills the options of this file before flags: the allowed
// hosts and origins of the environment, the timeouts, text request logs.
func (c *Config) setDefaults() {
	c.AllowedHosts = splitList(os.Getenv(AllowedHostsEnv))
	c.AllowedOrigins = splitList(os.Getenv(AllowedOriginsEnv))
	c.ReadHeaderTimeout = ReadHeaderTimeout
	c.IdleTimeout = DefaultIdleTimeout
	c.BodyTimeout = server.DefaultBodyTimeout
	c.LogRequests = true
	c.LogFormat = "text"
	c.CacheURL = os.Getenv(CacheURLEnv)
}

// register adds the flags of this file to fs.
func (c *Config) register(fs *flag.FlagSet) {
	fs.Var((*listFlag)(&c.AllowedHosts), "allowed-host", "a `host` name the server answers in the Host header besides this machine's names and addresses: name (any port), name:port, .domain or *.domain (its subdomains too), or * (any); repeatable, comma-separated lists too (env "+AllowedHostsEnv+")")
	fs.DurationVar(&c.ReadHeaderTimeout, "read-header-timeout", c.ReadHeaderTimeout, "how long a client may take to send a request's headers before it is disconnected (slow clients, slowloris); 0 means no limit")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", c.IdleTimeout, "how long a keep-alive connection may stay idle before it is closed; 0 means no limit")
	fs.DurationVar(&c.BodyTimeout, "body-timeout", c.BodyTimeout, "how long a client may take, from the start of a request, to send its body; a slower body answers 408; 0 means no limit")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", c.TrustProxy, "take the client's scheme, host and address from X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-For (behind a TLS-terminating proxy or load balancer; never when clients reach the server directly)")
	fs.BoolVar(&c.LogRequests, "log-requests", c.LogRequests, "log a line per request (method, path, status, duration); on in dev, off in a built binary")
	fs.Func("log-format", "the `format` of log lines: text (default), or json, one JSON object per line for log collectors", func(v string) error {
		if v != "text" && v != "json" {
			return fmt.Errorf("log format %q: want text or json", v)
		}
		c.LogFormat = v
		return nil
	})
	fs.StringVar(&c.CacheURL, "cache-url", c.CacheURL, "keep cached GET responses and revalidations in the Redis or Valkey server at `url` (redis://[user:password@]host:port/db), shared by every replica given the same one; default: in memory (env "+CacheURLEnv+")")
	fs.Var((*listFlag)(&c.AllowedOrigins), "allowed-origin", "a `host` whose pages may send POST, PUT, PATCH and DELETE requests (also accepted as Host); same forms as --allowed-host; repeatable (env "+AllowedOriginsEnv+")")
}

// Guard returns the Host and Origin checks c asks for (see server.Guard),
// the same for the dev server and a production build: a built binary on a
// developer's machine or an internal network is as reachable through DNS
// rebinding as the dev server, and behaving alike in dev and build is the
// point of a build. Behind a proxy that sends the public name as Host, the
// name is allowed with --allowed-host (or "*", which turns the check off).
func (c Config) Guard() *server.Guard {
	return &server.Guard{Hosts: c.AllowedHosts, Origins: c.AllowedOrigins}
}

// Apply gives s the per-request settings of c that its constructor (the
// dev server's, Compiled) does not take.
func (c Config) Apply(s *server.Server) {
	s.BodyTimeout = noLimit(c.BodyTimeout)
	s.QuietRequests = !c.LogRequests
	s.StructuredLog = c.LogFormat == "json"
	s.TrustProxy = c.TrustProxy
}

// ServerLogger is NewServerLogger in c's log format.
func (c Config) ServerLogger() (logger *log.Logger, flush func()) {
	logger, flush = NewServerLogger()
	if c.LogFormat == "json" {
		logger.SetFormatter(log.JSONFormatter)
		logger.SetTimeFormat(time.RFC3339Nano)
	}
	return logger, flush
}

// noLimit turns a flag's duration (0: no limit) into server.Server's
// (0: the default, negative: no limit).
func noLimit(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// listFlag is a repeatable flag; each value may hold a comma-separated
// list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, splitList(v)...)
	return nil
}

// Timeouts of the HTTP server when no flag sets them.
const (
	// DefaultIdleTimeout closes a keep-alive connection idle this long. It
	// is longer than the 60 s idle timeout of common load balancers, which
	// must close first, or a request may race the server's close.
	DefaultIdleTimeout = 65 * time.Second
)
