// This file runs the app's proxy in another process: the dev server's
// compiled tier, when the interpreter cannot run the proxy as the compiler
// does (approuter.Loaded.Remote). The worker runs the proxy with the same
// code as a built binary (runProxy, runGoProxy) on a copy of the request,
// and tells the dev server what came of it: an answer, passed on as it
// is, or the request going on to the route (its URL and headers, and the
// headers the proxy adds to the route's response), which the dev server
// then serves as if the proxy had run in it.

package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/next"
)

// WorkerProxyPath starts the paths at which a compiled worker serves the
// app's proxy to the dev server (see WorkerProxy): config, the proxy's
// shape and matcher, and run, one run of it.
const WorkerProxyPath = "/_devserver/proxy/"

// remoteConfig is what the dev server needs to know of a proxy running in
// a worker before a request: whether it selects the request.
type remoteConfig struct {
	Matches []next.Match `json:"matches"`
	// Err is why the proxy cannot run (see proxy.err): every request
	// answers 500 with it.
	Err string `json:"err,omitempty"`
}

// proxyRequest is the request as the proxy receives it.
type proxyRequest struct {
	Method           string      `json:"method"`
	Proto            string      `json:"proto"`
	ProtoMajor       int         `json:"protoMajor"`
	ProtoMinor       int         `json:"protoMinor"`
	Path             string      `json:"path"`
	RawPath          string      `json:"rawPath,omitempty"`
	RawQuery         string      `json:"rawQuery,omitempty"`
	RequestURI       string      `json:"requestURI"`
	Host             string      `json:"host"`
	RemoteAddr       string      `json:"remoteAddr"`
	TLS              bool        `json:"tls,omitempty"`
	Close            bool        `json:"close,omitempty"`
	Header           http.Header `json:"header"`
	ContentLength    int64       `json:"contentLength"`
	TransferEncoding []string    `json:"transferEncoding,omitempty"`
	// HasBody: the request has a body, not http.NoBody. It is not sent
	// along: the proxy's first read of it asks the dev server for it
	// (askBodyLine), under BodyID.
	HasBody bool   `json:"hasBody,omitempty"`
	BodyID  string `json:"bodyID,omitempty"`
}

// proxyBody is the body of a request whose proxy runs in a worker, sent
// to it once the proxy reads the body (WorkerProxyPath+"body").
type proxyBody struct {
	ID   string `json:"id"`
	Body []byte `json:"body,omitempty"`
	// Err is how reading the body failed after Body, if it did: what
	// the proxy's reads meet past Body.
	Err *bodyFailure `json:"err,omitempty"`
}

// askBodyLine is what a worker writes, flushed, at the start of its
// answer to a run of the proxy when the proxy first reads the request's
// body: the dev server then reads the body from its client, and sends it.
// As built, a body the proxy does not read is not read for it: net/http
// asks a client waiting with Expect: 100-continue for the body at its
// first read, and a route after the proxy reads it from the client.
const askBodyLine = "body?\n"

// bodyFailure is a failed read of a request body, sent to the worker as
// an error its server answers as this one does (see bodyReader.ended):
// too large (Limit, 413), too slow (Timeout, 408) or malformed (400).
type bodyFailure struct {
	Limit   int64  `json:"limit,omitempty"`
	Timeout bool   `json:"timeout,omitempty"`
	Msg     string `json:"msg"`
}

// newBodyFailure describes err, the error that ended a body read ahead,
// or returns nil for none.
func newBodyFailure(err error) *bodyFailure {
	if err == nil {
		return nil
	}
	f := &bodyFailure{Msg: err.Error()}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		f.Limit = tooLarge.Limit
	case errors.Is(err, os.ErrDeadlineExceeded):
		f.Timeout = true
	}
	return f
}

// err is the error f describes, nil for none.
func (f *bodyFailure) err() error {
	switch {
	case f == nil:
		return nil
	case f.Limit > 0:
		return &http.MaxBytesError{Limit: f.Limit}
	case f.Timeout:
		return timeoutError(f.Msg)
	}
	return errors.New(f.Msg)
}

// timeoutError is a body read that ran out of time, as the worker reads it.
type timeoutError string

func (e timeoutError) Error() string        { return string(e) }
func (e timeoutError) Is(target error) bool { return target == os.ErrDeadlineExceeded }

// proxyOutcome is what came of one run of the proxy: one of its fields is
// set.
type proxyOutcome struct {
	// Abort: the proxy panicked with http.ErrAbortHandler.
	Abort  bool         `json:"abort,omitempty"`
	Answer *proxyAnswer `json:"answer,omitempty"`
	Next   *proxyNext   `json:"next,omitempty"`
}

// proxyAnswer is the response the proxy answered with, as written.
type proxyAnswer struct {
	Status int         `json:"status"`
	Header http.Header `json:"header"`
	Body   []byte      `json:"body,omitempty"`
	// Flushed: the answer was flushed as it was written (a streamed
	// body), so it goes without a Content-Length.
	Flushed bool `json:"flushed,omitempty"`
}

// proxyNext is the request going on to the route after the proxy.
type proxyNext struct {
	// Same: the request was changed in place, not replaced by a copy.
	Same       bool        `json:"same,omitempty"`
	Path       string      `json:"path"`
	RawPath    string      `json:"rawPath,omitempty"`
	RawQuery   string      `json:"rawQuery,omitempty"`
	RequestURI string      `json:"requestURI"`
	Host       string      `json:"host"`
	Header     http.Header `json:"header"`
	// Skip is how many bytes of the body the proxy read that the route
	// does not read again.
	Skip int64 `json:"skip,omitempty"`
	// BodyFailed: the proxy read the body up to its failure (see
	// proxyRequest.BodyErr), which is then the request's, whatever
	// answers it.
	BodyFailed bool `json:"bodyFailed,omitempty"`
	// Wrappers add the proxy's headers to the route's response,
	// outermost first.
	Wrappers []proxyWrapper `json:"wrappers,omitempty"`
}

// proxyWrapper is a withHeaders (Set) or an addHeaders.
type proxyWrapper struct {
	Set     bool        `json:"set,omitempty"`
	Header  http.Header `json:"header"`
	Cookies []string    `json:"cookies,omitempty"`
}

// The dev server's side.

// remoteProxy is a proxy running in another process: its config is asked
// for once, by the first request that needs it.
type remoteProxy struct {
	approuter.Remote

	mu      sync.Mutex
	matcher *proxyMatcher // set once the config is known
	err     error         // the proxy cannot run
}

// config returns the proxy's matcher, or why it cannot run (err), or the
// error of asking for them (failed), which a later request asks again.
func (rp *remoteProxy) config(r *http.Request) (m *proxyMatcher, err, failed error) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.matcher != nil || rp.err != nil {
		return rp.matcher, rp.err, nil
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, WorkerProxyPath+"config", nil)
	if err != nil {
		return nil, nil, err
	}
	req.Host, req.RemoteAddr = r.Host, r.RemoteAddr
	var cfg remoteConfig
	if err := rp.call(req, &cfg); err != nil {
		return nil, nil, err
	}
	if cfg.Err != "" {
		rp.err = errors.New(cfg.Err)
		return nil, rp.err, nil
	}
	if rp.matcher, rp.err = compileMatcher(cfg.Matches); rp.err != nil {
		rp.matcher = nil
	}
	return rp.matcher, rp.err, nil
}

// call sends req to the worker and decodes its JSON answer into v.
func (rp *remoteProxy) call(req *http.Request, v any) error {
	return rp.callAsked(req, v, nil)
}

// callAsked is call, for a run of the proxy: when the worker's answer
// starts with askBodyLine, asked is called, at once, to send the
// request's body, which the run waits for.
func (rp *remoteProxy) callAsked(req *http.Request, v any, asked func()) error {
	out := &askCapture{capture: capture{header: make(http.Header)}, asked: asked}
	if err := rp.Serve(out, req); err != nil {
		return err
	}
	data := out.body.Bytes()
	if out.wasAsked {
		data = data[len(askBodyLine):]
	}
	if out.statusCode() != http.StatusOK {
		return fmt.Errorf("the compiled worker answered %s for the proxy: %s", http.StatusText(out.statusCode()), strings.TrimSpace(string(data)))
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("the compiled worker's answer for the proxy: %w", err)
	}
	return nil
}

// askCapture is the capture of a worker's answer to a run of the proxy,
// which calls asked as soon as the answer asks for the request's body.
type askCapture struct {
	capture
	asked    func()
	wasAsked bool
}

func (c *askCapture) Write(p []byte) (int, error) {
	n, err := c.capture.Write(p)
	if c.asked != nil && !c.wasAsked && bytes.HasPrefix(c.body.Bytes(), []byte(askBodyLine)) {
		c.wasAsked = true
		c.asked()
	}
	return n, err
}

// Flush does nothing: the answer is read as it comes (Write).
func (c *askCapture) Flush() {}

// workerPin, in the context of the calls of one run of the proxy
// (PinWorker), is the worker process they go to.
type workerPin struct {
	mu sync.Mutex
	w  any
}

type workerPinKey struct{}

// PinWorker returns ctx marking requests made with it as going to one
// worker process: the first one a Remote hands such a request to (see
// PinnedWorker).
func PinWorker(ctx context.Context) context.Context {
	return context.WithValue(ctx, workerPinKey{}, &workerPin{})
}

// PinnedWorker returns the worker process a Remote hands r to, w (the
// one serving now) or, when r's context is pinned (PinWorker) to one
// already, that one: the proxy's run waits in the process that started it
// for the request's body, sent by another request.
func PinnedWorker(r *http.Request, w any) any {
	pin, ok := r.Context().Value(workerPinKey{}).(*workerPin)
	if !ok {
		return w
	}
	pin.mu.Lock()
	defer pin.mu.Unlock()
	if pin.w == nil {
		pin.w = w
	}
	return pin.w
}

// remoteProxyStep runs the proxy of another process when its matcher
// selects x (see Server.proxy).
func (s *Server) remoteProxyStep(x *exchange, p *proxy) bool {
	m, err, failed := p.remote.config(x.withContext())
	switch {
	case failed != nil:
		s.failRemote(x, failed)
		return true
	case err != nil:
		s.fail(x, err)
		return true
	case !m.match(x.r):
		return false
	}
	return s.runRemoteProxy(x, p)
}

// failRemote answers err, an error of a Remote: 503, to be retried, while
// the other process is not ready.
func (s *Server) failRemote(x *exchange, err error) {
	if errors.Is(err, approuter.ErrLoading) {
		x.w.Header().Set("Retry-After", "1")
		err = &statusError{status: http.StatusServiceUnavailable, err: err}
	}
	s.fail(x, err)
}

// runRemoteProxy runs the proxy of another process for x, as runProxy
// runs one of this process: it answers when the proxy does (or fails),
// and otherwise x goes on as the proxy left it.
func (s *Server) runRemoteProxy(x *exchange, p *proxy) bool {
	r := x.r
	in := proxyRequest{
		Method: r.Method, Proto: r.Proto, ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor,
		Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery, RequestURI: r.RequestURI,
		Host: r.Host, RemoteAddr: r.RemoteAddr, TLS: r.TLS != nil, Close: r.Close, Header: r.Header,
		ContentLength: r.ContentLength, TransferEncoding: r.TransferEncoding,
	}
	// The proxy may read the body, and the route after it. The body is
	// read from the client only when the worker asks for it, at the
	// proxy's first read (as built, a client waiting with Expect:
	// 100-continue is asked for it then, not before), whole, sent to the
	// worker, and read again by the route. A read that fails (too large,
	// too slow) fails the request only once the proxy, or the route,
	// reads that far, as built: it is read ahead from under the
	// request's bodyReader, which learns of it then.
	var body proxyBody
	var bodyErr error
	br, _ := r.Body.(*bodyReader)
	if r.Body != nil && r.Body != http.NoBody {
		in.HasBody = true
		body.ID = rand.Text()
		in.BodyID = body.ID
	}
	data, err := json.Marshal(&in)
	if err != nil {
		s.fail(x, fmt.Errorf("%s: Proxy: %w", s.App.rel(p.file), err))
		return true
	}
	// One worker process runs the proxy and is sent the body, whichever
	// serves when the body is sent.
	ctx, cancel := context.WithCancel(PinWorker(r.Context()))
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, WorkerProxyPath+"run", bytes.NewReader(data))
	if err != nil {
		s.fail(x, err)
		return true
	}
	req.Host, req.RemoteAddr = r.Host, r.RemoteAddr
	req.Header.Set("Content-Type", "application/json")
	var (
		sent    chan struct{} // closed once the body is read and sent; nil while not asked for
		sendErr error
	)
	send := func() {
		sent = make(chan struct{})
		go func() {
			defer close(sent)
			src := io.Reader(r.Body)
			if br != nil {
				src = br.body
			}
			body.Body, bodyErr = io.ReadAll(src)
			body.Err = newBodyFailure(bodyErr)
			if br != nil && bodyErr == nil {
				br.ended(io.EOF)
			}
			data, err := json.Marshal(&body)
			var call *http.Request
			if err == nil {
				call, err = http.NewRequestWithContext(ctx, http.MethodPost, WorkerProxyPath+"body", bytes.NewReader(data))
			}
			if err == nil {
				call.Host, call.RemoteAddr = r.Host, r.RemoteAddr
				call.Header.Set("Content-Type", "application/json")
				err = p.remote.call(call, &struct{}{})
			}
			if err != nil {
				sendErr = fmt.Errorf("sending the request's body: %w", err)
				cancel() // the run waits for it
			}
		}()
	}
	var out proxyOutcome
	err = p.remote.callAsked(req, &out, send)
	if sent != nil {
		<-sent
	}
	if err != nil {
		if sendErr != nil {
			err = sendErr
		}
		s.failRemote(x, fmt.Errorf("%s: Proxy: %w", s.App.rel(p.file), err))
		return true
	}
	switch {
	case out.Abort:
		panic(http.ErrAbortHandler)
	case out.Answer != nil:
		// The errors the proxy's run ended in, for the instrumentation.
		for _, q := range out.Answer.Header[WorkerErrorHeader] {
			if msg, err := strconv.Unquote(q); err == nil && !toldByWorker(x) {
				s.reportError(x, errors.New(msg))
			}
		}
		delete(out.Answer.Header, WorkerErrorHeader)
		h := x.w.Header()
		for k, vs := range out.Answer.Header {
			h[k] = vs
		}
		x.w.WriteHeader(out.Answer.Status)
		if out.Answer.Flushed {
			_ = http.NewResponseController(x.w).Flush()
		}
		if len(out.Answer.Body) > 0 {
			_, _ = x.w.Write(out.Answer.Body)
		}
		return true
	case out.Next == nil:
		s.fail(x, fmt.Errorf("%s: Proxy: the compiled worker's answer says nothing", s.App.rel(p.file)))
		return true
	}
	n := out.Next
	if !n.Same {
		r = r.Clone(r.Context())
	}
	r.Header = n.Header
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	u := *r.URL
	u.Path, u.RawPath, u.RawQuery = n.Path, n.RawPath, n.RawQuery
	r.URL, r.RequestURI, r.Host = &u, n.RequestURI, n.Host
	if sent != nil {
		rest := body.Body[min(n.Skip, int64(len(body.Body))):]
		replay := replayBody{Reader: io.MultiReader(bytes.NewReader(rest), errorReader{bodyErr}), Closer: x.r.Body}
		switch {
		case br == nil:
			r.Body = replay
		case n.BodyFailed:
			br.ended(bodyErr)
			fallthrough
		default:
			// The route reads the rest through the request's bodyReader,
			// which answers for a read that fails.
			replay.Closer = br.body
			br.body = replay
			r.Body = br
		}
	}
	x.r = r
	for i := len(n.Wrappers) - 1; i >= 0; i-- {
		wr := n.Wrappers[i]
		if wr.Set {
			x.w = &withHeaders{ResponseWriter: x.w, headers: wr.Header, cookies: wr.Cookies}
		} else {
			x.w = &addHeaders{ResponseWriter: x.w, extra: wr.Header}
		}
	}
	return false
}

// replayBody is a request body read ahead, read again.
type replayBody struct {
	io.Reader
	io.Closer
}

// errorReader reads as the rest of a body whose read failed: its error,
// or the end.
type errorReader struct{ err error }

func (e errorReader) Read([]byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	return 0, io.EOF
}

// The worker's side.

// WorkerProxy returns the handler of WorkerProxyPath in a compiled worker
// of the dev server running the app's proxy (file, as loaded in l): the
// dev server asks it for the proxy's matcher, then has it run the proxy
// for each request the matcher selects.
func (s *Server) WorkerProxy(file string, l approuter.Loaded) http.Handler {
	p := buildProxy(s.App, file, l)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var out any
		switch strings.TrimPrefix(r.URL.Path, WorkerProxyPath) {
		case "config":
			cfg := remoteConfig{Matches: p.matches}
			if p.err != nil {
				cfg.Err = p.err.Error()
			}
			out = cfg
		case "run":
			var in proxyRequest
			if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
				http.Error(w, "a proxy run: "+err.Error(), http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			var ask *bodyAsk
			if in.HasBody {
				ask = &bodyAsk{w: w, call: r, got: make(chan proxyBody, 1)}
				s.proxyBodies.Store(in.BodyID, ask.got)
				defer s.proxyBodies.Delete(in.BodyID)
				defer ask.end()
			}
			out = s.workerProxyRun(r, p, &in, ask)
		case "body":
			var b proxyBody
			if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
				http.Error(w, "a request body: "+err.Error(), http.StatusBadRequest)
				return
			}
			got, ok := s.proxyBodies.Load(b.ID)
			if !ok {
				http.Error(w, "a request body: no run of the proxy waits for it", http.StatusNotFound)
				return
			}
			select {
			case got.(chan proxyBody) <- b:
			default: // sent already
			}
			out = struct{}{}
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	})
}

// proxyRun is one run of the proxy p for the dev server (see
// serveProxyRun): body counts what it read of the request's body.
type proxyRun struct {
	p    *proxy
	body *countingReader
	out  proxyOutcome
}

// bodyAsk asks the dev server, once, for the body of the request whose
// proxy a worker runs (call), when the proxy first reads it: it writes
// askBodyLine to the run's answer w and waits for the body on got.
type bodyAsk struct {
	w    http.ResponseWriter
	call *http.Request
	got  chan proxyBody

	once sync.Once
	r    io.Reader
	mu   sync.Mutex
	done bool // the run has answered: w is no more
}

func (a *bodyAsk) Read(p []byte) (int, error) {
	a.once.Do(func() { a.r = a.fetch() })
	return a.r.Read(p)
}

// fetch asks for the body and returns it, to be read, or the error of
// asking.
func (a *bodyAsk) fetch() io.Reader {
	a.mu.Lock()
	err := http.ErrBodyReadAfterClose // a read after the run answered
	if !a.done {
		_, err = io.WriteString(a.w, askBodyLine)
		if err == nil {
			err = http.NewResponseController(a.w).Flush()
		}
	}
	a.mu.Unlock()
	if err != nil {
		return errorReader{err}
	}
	select {
	case b := <-a.got:
		return io.MultiReader(bytes.NewReader(b.Body), errorReader{b.Err.err()})
	case <-a.call.Context().Done():
		return errorReader{a.call.Context().Err()}
	}
}

// end notes that the run answered.
func (a *bodyAsk) end() {
	a.mu.Lock()
	a.done = true
	a.mu.Unlock()
}

// workerProxyRun runs p for the request in, through the server's request
// path as a request of its own (serveHTTP), and returns what came of it;
// ask reads the request's body, if it has one.
func (s *Server) workerProxyRun(call *http.Request, p *proxy, in *proxyRequest, ask *bodyAsk) *proxyOutcome {
	header := in.Header
	if header == nil {
		header = make(http.Header)
	}
	r := &http.Request{
		Method: in.Method, Proto: in.Proto, ProtoMajor: in.ProtoMajor, ProtoMinor: in.ProtoMinor,
		URL:    &url.URL{Path: in.Path, RawPath: in.RawPath, RawQuery: in.RawQuery},
		Header: header, Host: in.Host, RemoteAddr: in.RemoteAddr, RequestURI: in.RequestURI,
		ContentLength: in.ContentLength, TransferEncoding: in.TransferEncoding,
		Body: http.NoBody,
	}
	r.Close = in.Close
	if in.TLS {
		r.TLS = &tls.ConnectionState{HandshakeComplete: true}
	}
	run := &proxyRun{p: p, body: &countingReader{r: http.NoBody}}
	if ask != nil {
		run.body.r = ask
		r.Body = io.NopCloser(run.body)
	}
	w := &flushCapture{capture: capture{header: make(http.Header)}}
	s.serveHTTP(w, r.WithContext(call.Context()), run)
	if a := run.out.Answer; a != nil {
		a.Status, a.Header, a.Body, a.Flushed = w.statusCode(), w.header, w.body.Bytes(), w.flushed
	}
	return &run.out
}

// flushCapture is a capture that notes whether it was flushed.
type flushCapture struct {
	capture
	flushed bool
}

// Flush notes the flush.
func (c *flushCapture) Flush() { c.flushed = true }

// serveProxyRun runs run.p for x and keeps what came of it in run.out.
func (s *Server) serveProxyRun(x *exchange, run *proxyRun) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			run.out = proxyOutcome{Abort: true}
		}
	}()
	in := x.withContext()
	if rec := findRecorder(x.w); rec != nil && in.Body != http.NoBody {
		// A read failing as it did in the dev server makes the proxy's
		// answer the server's to that failure (recorder.WriteHeader).
		rec.body = &bodyReader{body: in.Body}
		in.Body = rec.body
	}
	if s.runProxy(x, run.p) {
		run.out.Answer = &proxyAnswer{}
		return
	}
	r := x.r
	n := &proxyNext{
		Same: r == in, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery,
		RequestURI: r.RequestURI, Host: r.Host, Header: r.Header,
	}
	if x.req == nil {
		// The route reads the body anew, after what the proxy read; a
		// next.Request handed on has what it read kept.
		n.Skip = run.body.n
	}
	n.BodyFailed = run.body.failed
	for w := x.w; ; {
		switch v := w.(type) {
		case *withHeaders:
			n.Wrappers = append(n.Wrappers, proxyWrapper{Set: true, Header: v.headers, Cookies: v.cookies})
			w = v.ResponseWriter
			continue
		case *addHeaders:
			n.Wrappers = append(n.Wrappers, proxyWrapper{Header: v.extra})
			w = v.ResponseWriter
			continue
		}
		break
	}
	run.out.Next = n
}

// countingReader counts the bytes read from r, and notes a read that
// failed.
type countingReader struct {
	r      io.Reader
	n      int64
	failed bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.failed = true
	}
	return n, err
}
