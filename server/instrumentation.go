package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"strconv"
	"time"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/panicpos"
	"github.com/devserver/devserver/next"
)

// instrumentation is what the app's instrumentation.go declares: Register,
// run once for each instance of its package (at the start of a built
// server, or of a compiled worker of the dev server, which is a process of
// its own; in dev, again when the file or what it imports reloads, not
// when a route does), and OnRequestError, told of each request that ends
// in a server error.
type instrumentation struct {
	file     string
	register func() error
	onError  func(err error, req *http.Request, ctx next.ErrorContext)
	// remote, when the instrumentation runs in the dev server's compiled
	// worker (its package is the proxy's, which runs there): the worker
	// runs Register as it starts and tells OnRequestError of its own
	// requests' errors; the dev server sends it those of the others.
	remote *remoteProxy
	// loaded identifies the load that made these functions: the loader
	// hands back the same Loaded for a file whose code did not change.
	loaded uintptr
	err    error
}

// buildInstrumentation makes the instrumentation of file from l, what the
// loader made of it.
func buildInstrumentation(app App, file string, l approuter.Loaded) *instrumentation {
	in := &instrumentation{file: file, err: l.Err}
	if l.Err != nil {
		return in
	}
	if l.Remote != nil {
		in.remote = &remoteProxy{Remote: l.Remote}
		return in
	}
	in.loaded = reflect.ValueOf(l.Handlers).Pointer()
	rel := app.rel(file)
	switch f := l.Handlers["Register"].(type) {
	case nil:
	case func():
		in.register = func() error { f(); return nil }
	case func() error:
		in.register = f
	default:
		in.err = fmt.Errorf("%s: Register has type %T; it must be func() or func() error", rel, f)
		return in
	}
	switch f := l.Handlers["OnRequestError"].(type) {
	case nil:
	case func(error, *http.Request, next.ErrorContext):
		in.onError = f
	default:
		in.err = fmt.Errorf("%s: OnRequestError has type %T; it must be func(err error, req *http.Request, ctx next.ErrorContext)", rel, f)
	}
	return in
}

// instrumentationFile returns the instrumentation file of the app, or "".
func (a App) instrumentationFile() string {
	if a.InstrumentationFile != "" {
		if filepath.IsAbs(a.InstrumentationFile) || a.Dir == "" {
			return a.InstrumentationFile
		}
		return filepath.Join(a.Dir, a.InstrumentationFile)
	}
	if a.Dir == "" || a.Routes != nil {
		return ""
	}
	return approuter.FindInstrumentation(a.proxyDir())
}

// register runs the Register of g's instrumentation unless it ran for the
// same code already: once at the start, again after its file reloads.
func (s *Server) register(g *Generation) {
	in := g.instrumentation
	if in == nil || in.register == nil || in.loaded == s.registered {
		return
	}
	s.registered = in.loaded
	var err error
	func() {
		panicpos.Begin() // what an earlier request on this goroutine left is not this one's
		defer recoverPanic(&err)
		err = in.register()
	}()
	if err != nil && s.Logger != nil {
		s.Logger.Error(s.App.rel(in.file)+": Register failed", "err", err)
	}
}

// WorkerErrorHeader carries, on a compiled worker's answer, each error
// its request ended in (see Server.ForwardErrors), quoted (strconv.Quote);
// as a trailer (http.TrailerPrefix) once the answer has begun.
const WorkerErrorHeader = "X-Devserver-Worker-Error"

// forwardError adds err, which x ends in, to x's answer for the dev
// server (WorkerErrorHeader).
func forwardError(x *exchange, err error) {
	key := WorkerErrorHeader
	if rec := findRecorder(x.w); rec != nil && rec.wroteHeader {
		key = http.TrailerPrefix + key
	}
	h := x.w.Header()
	h[key] = append(h[key], strconv.Quote(err.Error()))
}

// ReportWorkerError tells the instrumentation (OnRequestError) of the
// server serving r, a request it hands to a compiled worker
// (approuter.Remote), of an error the worker's request ended in (see
// Server.ForwardErrors): as soon as the worker's answer says so, as a
// built server tells it before it answers.
func ReportWorkerError(r *http.Request, msg string) {
	if report, ok := r.Context().Value(workerErrorsKey{}).(func(string)); ok {
		report(msg)
	}
}

type workerErrorsKey struct{}

// errorReportWait bounds how long an answer waits for OnRequestError:
// Next.js awaits onRequestError before it answers, so that the client's
// next request finds the error told; an instrumentation that hangs must
// not hold the answer longer than this.
const errorReportWait = 2 * time.Second

// reportError tells the instrumentation's OnRequestError of err, the
// server error x ends in, in a goroutine counted for WaitAfter, and waits
// for it up to errorReportWait before x is answered (or, once the answer
// began, ended).
func (s *Server) reportError(x *exchange, err error) {
	if s.ForwardErrors {
		forwardError(x, err)
	}
	in := x.g.instrumentation
	if in == nil || in.onError == nil && in.remote == nil {
		return
	}
	ctx := next.ErrorContext{RouterKind: "App Router", RouteType: "proxy", RoutePath: x.client.URL.Path}
	if x.route != nil {
		ctx.RouteType, ctx.RoutePath = "route", x.route.Pattern
	}
	req := x.client
	if in.remote != nil {
		// Before the answer, not in a goroutine: the client's next
		// request must find the worker told, as in a build, where
		// OnRequestError starts before the answer is written and takes
		// no round trip.
		s.sendError(in, err, req, ctx)
		return
	}
	told := make(chan struct{})
	s.runAfter([]func(){func() {
		defer close(told)
		in.onError(err, req, ctx)
	}})
	timer := time.NewTimer(errorReportWait)
	defer timer.Stop()
	select {
	case <-told:
	case <-timer.C:
		if s.Logger != nil {
			s.Logger.Warn(s.App.rel(in.file)+": OnRequestError still running; answering without waiting for it", "after", errorReportWait)
		}
	}
}

// toldByWorker reports whether the instrumentation of x's generation runs
// in the compiled worker, which told it already of the errors of the
// requests it served.
func toldByWorker(x *exchange) bool {
	in := x.g.instrumentation
	return in != nil && in.remote != nil
}

// WorkerInstrumentationPath is where a compiled worker running the
// instrumentation (see buildInstrumentation) hears of an error of a
// request the dev server served (remoteError), for its OnRequestError
// (see WorkerInstrumentation).
const WorkerInstrumentationPath = "/_devserver/instrumentation/error"

// WorkerInstrumentation returns the handler of WorkerInstrumentationPath
// in a compiled worker: the instrumentation it runs, if any, is told of
// the error of a request the dev server served.
func (s *Server) WorkerInstrumentation() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e remoteError
		if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
			http.Error(w, "an error for OnRequestError: "+err.Error(), http.StatusBadRequest)
			return
		}
		s.workerOnError(&e)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}\n"))
	})
}

// remoteError is an error a request ended in, with the request and its
// context as OnRequestError receives them.
type remoteError struct {
	Err        string            `json:"err"`
	Method     string            `json:"method"`
	RequestURI string            `json:"requestURI"`
	Proto      string            `json:"proto"`
	Host       string            `json:"host"`
	RemoteAddr string            `json:"remoteAddr"`
	Header     http.Header       `json:"header"`
	Ctx        next.ErrorContext `json:"ctx"`
}

// sendError tells the OnRequestError of in, running in the compiled
// worker, of err, the error req ended in.
func (s *Server) sendError(in *instrumentation, err error, req *http.Request, ctx next.ErrorContext) {
	data, jerr := json.Marshal(&remoteError{Err: err.Error(), Method: req.Method, RequestURI: req.RequestURI, Proto: req.Proto, Host: req.Host, RemoteAddr: req.RemoteAddr, Header: req.Header, Ctx: ctx})
	if jerr == nil {
		var call *http.Request
		call, jerr = http.NewRequestWithContext(context.Background(), http.MethodPost, WorkerInstrumentationPath, bytes.NewReader(data))
		if jerr == nil {
			call.Header.Set("Content-Type", "application/json")
			jerr = in.remote.call(call, &struct{}{})
		}
	}
	if jerr != nil && s.Logger != nil {
		s.Logger.Error(s.App.rel(in.file)+": OnRequestError, in the compiled worker, was not told of an error", "err", err, "why", jerr)
	}
}

// workerOnError runs, in a compiled worker, the OnRequestError of the
// current generation for e, an error of a request the dev server served.
func (s *Server) workerOnError(e *remoteError) {
	g := s.current.Load()
	if g == nil || g.instrumentation == nil || g.instrumentation.onError == nil {
		return
	}
	uri := e.RequestURI
	if uri == "" {
		uri = "/"
	}
	u, err := url.ParseRequestURI(uri)
	if err != nil {
		u = &url.URL{Path: uri}
	}
	req := &http.Request{Method: e.Method, URL: u, RequestURI: e.RequestURI, Proto: e.Proto, Host: e.Host, RemoteAddr: e.RemoteAddr, Header: e.Header, Body: http.NoBody}
	req.ProtoMajor, req.ProtoMinor, _ = http.ParseHTTPVersion(e.Proto)
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	var perr error
	func() {
		panicpos.Begin() // what an earlier request on this goroutine left is not this one's
		defer recoverPanic(&perr)
		g.instrumentation.onError(errors.New(e.Err), req, e.Ctx)
	}()
	if perr != nil && s.Logger != nil {
		s.Logger.Error(s.App.rel(g.instrumentation.file)+": OnRequestError failed", "err", perr)
	}
}
