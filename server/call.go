// This file is the end of the request path: call runs the handler, respond
// sends what it returned. Route code is interpreted in development and may
// panic, loop or answer nonsense: every such outcome comes back from call
// as an error naming the route file, and respond answers it (see fail).

package server

import (
	"bytes"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"maps"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/internal/panicpos"
	"github.com/devserver/devserver/internal/yaegival"
	"github.com/devserver/devserver/next"
)

// handle runs the handler of x and sends its answer: the last two steps of
// the request path, call and respond.
func (s *Server) handle(x *exchange) {
	res, err := s.call(x)
	s.respond(x, res, err)
}

// call runs the handler and returns the response to send, or the error to
// answer with. A plain http.HandlerFunc writes its own response: then both
// are nil unless it panicked before writing anything.
func (s *Server) call(x *exchange) (*next.Response, error) {
	if x.h.plain != nil {
		return nil, s.callPlain(x)
	}
	res, err := s.invoke(x)
	if err == errAnswered {
		return nil, nil
	}
	if pe, ok := err.(*panicError); ok {
		return nil, s.panicked(x, pe)
	}
	if _, ok := err.(*statusError); ok {
		return nil, err // timed out
	}
	return s.check(x, res, err)
}

// respond sends what call returned: the response, or the error page for
// err. The handler's context ends once the body is sent, not before: a
// stream watches it.
func (s *Server) respond(x *exchange, res *next.Response, err error) {
	defer x.cancel.Cancel()
	switch {
	case err != nil:
		s.fail(x, err)
	case res != nil:
		if _, stream := res.Body.(io.Closer); stream || nextserver.Upgrade(res) != nil {
			x.withContext() // a stream ends with it; a WebSocket gets it
		}
		s.writeResponse(x.w, x.r, x.req, res)
	}
}

// callPlain runs a plain http.HandlerFunc with the guarantees of the next
// shape: a time limit (its MaxDuration for the whole response, else
// HandlerTimeout to begin it), headers checked before they are sent, and a
// panic answered with the error page unless the handler had already begun
// its response.
func (s *Server) callPlain(x *exchange) error {
	x.withContext()
	nextserver.SetPathValues(x.r, x.params)
	addForwarded(x.r)
	joinCookies(x.r)
	r := nextserver.WithParams(x.r, x.params)
	limit, whole := x.e.config.MaxDuration(), true
	if limit <= 0 {
		limit, whole = s.handlerTimeout(), false
	}
	err := s.runPlainWithin(x, r, limit, whole)
	if err == nil {
		return nil
	}
	if pe, ok := err.(*panicError); ok {
		err = s.panicked(x, pe)
	} else {
		err = fmt.Errorf("%s: %s: %w", s.App.rel(x.e.file), x.r.Method, err)
	}
	if rec := findRecorder(x.w); rec != nil && rec.wroteHeader {
		// Too late for an error page, not for the instrumentation.
		s.reportError(x, err)
		return nil
	}
	return err
}

// handlerTimeout is HandlerTimeout with its default applied; negative
// means no limit.
func (s *Server) handlerTimeout() time.Duration {
	if s.HandlerTimeout == 0 {
		return DefaultHandlerTimeout
	}
	return s.HandlerTimeout
}

// invoke runs the handler, and answers for it if it has not returned
// within HandlerTimeout (or its MaxDuration). Interpreted code
// cannot be interrupted: a handler that does not return is left running,
// with its request context cancelled so that code watching it can stop,
// and its late response is discarded; invoke returns errAnswered.
// A panic comes back as a *panicError.
func (s *Server) invoke(x *exchange) (*next.Response, error) {
	timeout := s.handlerTimeout()
	if limit := x.e.config.MaxDuration(); limit > 0 {
		timeout = limit
	}
	if x.req == nil && x.bare {
		x.req = nextserver.NewRequestContext(x.r, x.ctx)
	} else if x.req == nil {
		x.req = nextserver.NewRequest(x.r)
	}
	nextserver.SetParams(x.req, x.params)
	if timeout < 0 {
		return runHandler(x.h, x.req, x.params)
	}
	// The handler runs on this goroutine, not one of its own: a hop to
	// another goroutine and back costs more than the rest of a small
	// request. If it has not returned in time, the watch answers 504 for
	// it (route code in this shape never touches the ResponseWriter),
	// ending the request's context, and the late response is discarded
	// when it comes.
	w := s.watch(x, nil, timeout)
	res, err := runHandler(x.h, x.req, x.params)
	if w.stop() {
		return res, err
	}
	if res != nil {
		closeBody(res)
	}
	return nil, errAnswered
}

// errAnswered is what invoke returns for a handler whose request was
// answered while it ran (with 504, by its timer): nothing is left to send.
var errAnswered = errors.New("answered already")

// answerTimeout answers 504 for a handler that ran out of time, at once
// (the handler may never return) and on a connection then closed, since
// the request's goroutine is still the handler's.
//
// The answer is rendered first and sent with its Content-Length: the
// client must see it end although the request's handler has not.
func (s *Server) answerTimeout(x *exchange, err error) {
	buf := &capture{header: x.w.Header().Clone()}
	bx := *x
	bx.w = buf
	s.fail(&bx, &statusError{status: http.StatusGatewayTimeout, err: err, logged: true})
	x.id = bx.id
	h := x.w.Header()
	clear(h)
	maps.Copy(h, buf.header)
	h.Set("Connection", "close")
	h.Set("Content-Length", strconv.Itoa(buf.body.Len()))
	x.w.WriteHeader(buf.statusCode())
	_, _ = x.w.Write(buf.body.Bytes())
	_ = http.NewResponseController(x.w).Flush()
}

// runHandler calls h; a panic comes back as a *panicError.
func runHandler(h handler, req *next.Request, params next.Params) (res *next.Response, err error) {
	panicpos.Begin() // what an earlier request on this goroutine left is not this one's
	defer recoverPanic(&err)
	return h.fn(req, next.RouteContext{Params: params})
}

// runPlain calls a plain handler; a panic comes back as a *panicError.
func runPlain(h http.HandlerFunc, w http.ResponseWriter, r *http.Request) (err error) {
	panicpos.Begin() // what an earlier request on this goroutine left is not this one's
	defer recoverPanic(&err)
	h(w, r)
	return nil
}

// check turns what a handler returned into the response to send, or the
// error to answer with, naming the route file and the method.
func (s *Server) check(x *exchange, res *next.Response, err error) (*next.Response, error) {
	if rec := findRecorder(x.w); rec != nil {
		if status, berr := rec.body.failure(); status != 0 {
			// The recorder answers it, whatever the handler made of it.
			if res != nil {
				closeBody(res)
			}
			return nil, &statusError{status: status, plain: true, err: berr}
		}
	}
	if res != nil && (err != nil || res.Err() != nil) {
		// Not sent: a streamed body must still be closed, or its writer
		// would wait for a reader for ever.
		closeBody(res)
	}
	// where names the handler in an error: built only for one.
	where := func() string {
		method := x.r.Method
		if _, own := x.e.handlers[http.MethodHead]; method == http.MethodHead && !own {
			method = "GET (for HEAD)"
		}
		return s.App.rel(x.e.file) + ": " + method
	}
	switch {
	case err != nil:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &statusError{status: http.StatusRequestEntityTooLarge, plain: true,
				err: fmt.Errorf("413 request body too large (limit %d bytes)", mbe.Limit)}
		}
		return nil, fmt.Errorf("%s returned an error: %w", where(), err)
	case res == nil:
		return nil, fmt.Errorf("%s returned no response (a nil *next.Response)", where())
	case res.Err() != nil:
		return nil, fmt.Errorf("%s: %w", where(), res.Err())
	}
	if isNext, _, _ := nextserver.Proxy(res); isNext {
		return nil, fmt.Errorf("%s returned next.Next() or next.Rewrite(), which only a proxy (proxy.go) may return", where())
	}
	if err := checkHeaders(x.req, res); err != nil {
		closeBody(res)
		return nil, fmt.Errorf("%s: %w", where(), err)
	}
	if s.LiveReload && strings.HasPrefix(res.Headers.Get("Content-Type"), "text/html") {
		switch b := res.Body.(type) {
		case *bytes.Reader, *strings.Reader:
			doc, _ := io.ReadAll(b)
			res.Body = bytes.NewReader(injectLive(doc))
		}
	}
	return res, nil
}

// statusError is an error answered with a status of its own instead of
// 500; plain ones with a plain-text line instead of the error page.
type statusError struct {
	status int
	plain  bool
	logged bool // already logged, with the details
	load   bool // the route's code failed to load: not a request's error
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

// panicError is a panic of route code, recovered.
type panicError struct {
	value any // as recovered: see unwrapPanic
	stack []byte
	// frames are the functions of the project's code the panic left,
	// innermost first, with the line each was at (see
	// internal/panicpos): empty when the panic came from elsewhere.
	frames []panicpos.Frame
	// pcs are the program counters of the goroutine as it panicked: the
	// frames of compiled route code come from them (see compiledFrames).
	pcs []uintptr
	// text is what the value says of itself (its Error or String
	// method), when interpreted code recorded it (see
	// panicpos.Describe): compiled code cannot call the methods of the
	// interpreter's values.
	text string
}

func (e *panicError) Error() string { return fmt.Sprintf("panicked: %v", e.shown()) }

// reraiseAbort panics http.ErrAbortHandler again when it is the panic's
// value: how a handler asks net/http to abort the response. The
// interpreter hands its panics on wrapped, and net/http aborts only for
// the value itself, as in a build.
func (e *panicError) reraiseAbort() {
	if unwrapPanic(e.value) == http.ErrAbortHandler {
		panic(http.ErrAbortHandler)
	}
}

// shown is the panic's value as the 500 prints it: its own text, as %v
// prints a value with an Error or String method.
func (e *panicError) shown() any {
	if e.text != "" {
		return e.text
	}
	return unwrapPanic(e.value)
}

// recoverPanic, deferred by the functions that run route code (handlers
// and the proxy), turns a panic into a *panicError in *err. It is the one
// place such a panic is recovered: interpreted code must not take the
// server down.
func recoverPanic(err *error) {
	if p := recover(); p != nil {
		pcs := make([]uintptr, 64)
		pcs = pcs[:runtime.Callers(2, pcs)]
		pe := &panicError{value: p, stack: debug.Stack(), frames: panicpos.Take(), pcs: pcs}
		if text, ok := panicpos.Described(fmt.Sprint(unwrapPanic(p))); ok {
			pe.text = text
		}
		*err = pe
	}
}

// panicked logs a handler's panic and returns the error to answer with.
// http.ErrAbortHandler is panicked again (reraiseAbort).
func (s *Server) panicked(x *exchange, pe *panicError) error {
	pe.reraiseAbort()
	msg := fmt.Sprintf("%s handler panicked: %v", x.r.Method, pe.shown())
	compiled := false
	if len(pe.frames) == 0 {
		pe.frames = s.App.compiledFrames(pe.pcs)
		compiled = len(pe.frames) > 0
	} else {
		// The interpreted code recorded its statements' first lines; Go
		// names the failing operation's.
		pe.frames = panicpos.Refine(pe.frames, unwrapPanic(pe.value))
	}
	if len(pe.frames) == 0 {
		err := fmt.Errorf("%s: %s", s.App.rel(x.e.file), msg)
		s.logError(x, err.Error(), "stack", string(pe.stack))
		return &statusError{status: http.StatusInternalServerError, err: err, logged: true}
	}
	// The panic's line in the user's code, its callers' after it; the
	// interpreter's own Go frames say nothing of the user's code and are
	// logged only when asked for.
	for _, f := range pe.frames[1:] {
		msg += fmt.Sprintf("\n\tcalled from %s:%d", s.App.rel(f.File), f.Line)
	}
	at := token.Position{Filename: pe.frames[0].File, Line: pe.frames[0].Line}
	err := &locatedPanic{
		text: fmt.Sprintf("%s:%d: %s handler panicked: %v", s.App.rel(at.Filename), at.Line, x.r.Method, pe.shown()),
		at:   scanner.ErrorList{{Pos: at, Msg: msg}},
	}
	var kv []any
	// The interpreter's Go stack helps only to debug devserver itself; a
	// compiled one is the program's, which a production log keeps.
	if s.PanicStacks || (compiled && s.Production) {
		kv = []any{"stack", string(pe.stack)}
	}
	s.logError(x, s.describe(err), kv...)
	return &statusError{status: http.StatusInternalServerError, err: err, logged: true}
}

// locatedPanic is a panic of route code whose lines in the user's code
// are known (recorded by the interpreted code, or read from the Go stack
// of compiled code, see App.Sources): the error page and the log name
// them, with the code around the first. Its text, the plain-text answer,
// names the first: the line Go's own stack trace names, in dev and in a
// built binary alike (whose answer is generic unless it shows details).
type locatedPanic struct {
	text string
	at   scanner.ErrorList
}

func (e *locatedPanic) Error() string { return e.text }
func (e *locatedPanic) Unwrap() error { return e.at }

// logError logs an error of route code; in production the line carries
// the request ID the client is answered with (see Server.Production).
func (s *Server) logError(x *exchange, msg string, kv ...any) {
	if s.Logger == nil {
		return
	}
	if s.Production {
		kv = append([]any{"request_id", x.requestID(), "method", x.r.Method, "path", x.r.URL.Path}, kv...)
	}
	s.Logger.Error(msg, kv...)
}

// unwrapPanic turns what interpreted route code panics with into what the
// compiled code would have panicked with: the value itself rather than
// yaegi's reflect.Value around it, Go's runtime errors rather than
// reflect's (see yaegival.Panic).
func unwrapPanic(p any) any { return yaegival.Panic(p) }

// closeBody closes res's body when it has a Close: a stream's writer waits
// for a reader until then.
func closeBody(res *next.Response) {
	if c, ok := res.Body.(io.Closer); ok {
		c.Close()
	}
}
