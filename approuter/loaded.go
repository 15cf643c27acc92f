package approuter

import (
	"context"
	"errors"
	"net/http"
)

// Loaded is one route file's code, loaded: interpreted in development,
// compiled into the binary by a production build. Its handlers are the
// package's exported functions as the loader found them; the server checks
// their shape.
type Loaded struct {
	// File is the route file as the loader was asked for it: absolute in
	// development, relative to the project directory in a production
	// build (for example "app/users/[id]/route.go" or "proxy.go").
	File string
	// Handlers maps an HTTP method (or Proxy, Middleware) to the exported
	// function of that name.
	Handlers map[string]any
	// Warnings are problems that do not stop the route from serving, such as
	// a lowercase "get" that will never be called; they are logged.
	Warnings []string
	// Err is why the route cannot serve; its URLs answer 500 with it. When
	// it has a source position it is a go/scanner.ErrorList with real file
	// paths.
	Err error
	// Config holds the values of the segment config identifiers
	// (ConfigNames, and Matcher for a proxy) that the package declares.
	Config map[string]any
	// Remote, when set, serves the route instead of Handlers: its code runs
	// in another process (the dev server's compiled tier), which answers
	// every request the route matches once the server has guarded it, run
	// the proxy and matched it. For the proxy file, the other process runs
	// the proxy for the server (see server.Server.WorkerProxy). Handlers
	// and Config are then empty.
	Remote Remote
	// Pending, when set, is a route whose code the loader has not loaded
	// yet (the dev server defers the many units an edit of a shared
	// package changes): the server loads it when it is first requested,
	// and in the background meanwhile. Handlers, Config and Err are then
	// empty.
	Pending Pending
}

// A Pending route file is loaded when the server asks for it.
type Pending interface {
	// Load loads the route file, or joins the load of it already under
	// way, and returns what it loaded. A load that runs for long (an init
	// that blocks) is left to go on in the background: Load then returns
	// what to serve meanwhile, ErrLoading or the route's earlier code, and
	// the loader makes a later generation have the rest.
	Load() Loaded
}

// A Remote serves the routes whose code runs in another process.
type Remote interface {
	// Serve answers r through the other process, or returns the error to
	// answer with, having written nothing: ErrLoading while that process
	// is not ready, or why the route cannot serve.
	Serve(w http.ResponseWriter, r *http.Request) error
}

// A Loader turns route files into handlers: the interpreter in development,
// compiled code in a production build.
type Loader interface {
	// Load returns one Loaded per file (route files and the proxy file), in
	// order.
	Load(ctx context.Context, files []string) []Loaded
}

// LoaderFunc adapts a function to the Loader interface.
type LoaderFunc func(ctx context.Context, files []string) []Loaded

// Load calls f.
func (f LoaderFunc) Load(ctx context.Context, files []string) []Loaded { return f(ctx, files) }

// ErrLoading is the error of a route whose code is still being loaded in the
// background (a slow or blocking package init) and that has no earlier
// code to serve meanwhile: its URLs answer 503, to be retried, until a
// later generation has it.
var ErrLoading = errors.New("still loading (a package init is still running); retry shortly")

// A LoadError is a Remote's error saying that the route's code failed to
// load in the other process (it does not build), not that the request
// failed: the server answers it as it answers a route that failed to
// load here, and does not tell the instrumentation of it.
type LoadError struct{ Err error }

func (e *LoadError) Error() string { return e.Err.Error() }
func (e *LoadError) Unwrap() error { return e.Err }

// ErrHandedOver is the error of a route loaded on demand that its loader
// hands to another tier at its next load (the dev server's compiled tier
// takes the routes its interpreter refuses); it is an ErrLoading too: its
// URLs answer 503, to be retried, meanwhile. The loader says which routes
// it hands over, in one line for all of them, so the server logs each
// route's error at debug level only.
var ErrHandedOver error = handedOver{}

type handedOver struct{}

func (handedOver) Error() string { return "handed over to another tier; retry shortly" }

func (handedOver) Is(target error) bool { return target == ErrLoading }
