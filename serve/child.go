package serve

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

// Handler labels the goroutine serving each request, and so every
// goroutine its handler starts, with the request ("GET /users/1"): a
// crash's goroutine dump then names the request it came from, where the
// frames of interpreted code name no file of the project.
func (c *Child) Handler(h http.Handler) http.Handler { return labelled{h} }

// labelled is Child.Handler's handler. It keeps h's Shutdown, which Run
// calls when the shutdown begins.
type labelled struct{ h http.Handler }

func (l labelled) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The escaped path: the label is printed between quotes, unescaped.
	labels := pprof.Labels(requestLabel, r.Method+" "+r.URL.EscapedPath())
	pprof.Do(r.Context(), labels, func(context.Context) { l.h.ServeHTTP(w, r) })
}

// Shutdown calls h's Shutdown, if it has one.
func (l labelled) Shutdown() {
	if sd, ok := l.h.(interface{ Shutdown() }); ok {
		sd.Shutdown()
	}
}

// SignalContext returns a context done at the first SIGINT or SIGTERM, as
// signal.NotifyContext does; stop it then, and a second signal ends the
// process at once. A supervised child (c not nil) listens to SIGTERM only:
// its supervisor passes every signal it gets on as SIGTERM, and the
// terminal's Ctrl-C, sent to both, must count once.
func (c *Child) SignalContext() (ctx context.Context, stop context.CancelFunc) {
	if c == nil {
		return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	}
	// Caught (into a channel nobody reads) rather than ignored: commands
	// the server runs would inherit an ignored SIGINT.
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	return signal.NotifyContext(context.Background(), syscall.SIGTERM)
}
