package serve

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/server"
)

// The environment and headers between the dev server and a compiled
// worker (see Worker).
const (
	// WorkerTokenEnv holds the secret every request to a worker carries in
	// WorkerTokenHeader: the worker listens on loopback, where any local
	// process could reach it.
	WorkerTokenEnv = "DEVSERVER_WORKER_TOKEN"
	// WorkerTimeoutEnv holds the dev server's handler timeout (a
	// time.Duration; negative: no limit).
	WorkerTimeoutEnv = "DEVSERVER_WORKER_HANDLER_TIMEOUT"
	// WorkerLiveReloadEnv is "1" when the dev server injects its live
	// reload script into HTML answers, as the worker must do then too.
	WorkerLiveReloadEnv = "DEVSERVER_WORKER_LIVE_RELOAD"
	// WorkerTokenHeader carries the token on every request to a worker.
	WorkerTokenHeader = "X-Devserver-Worker-Token"
	// WorkerRemoteHeader carries the client's address (the request's
	// RemoteAddr in the dev server), which route code sees as its own.
	WorkerRemoteHeader = "X-Devserver-Worker-Remote"
	// WorkerLocalHeader carries the dev server's address the client
	// reached, which route code sees as http.LocalAddrContextKey's value
	// (and the server as X-Forwarded-Port).
	WorkerLocalHeader = "X-Devserver-Worker-Local"
	// WorkerRequestURIHeader carries the request target as the client
	// sent it (the request's RequestURI in the dev server), which a route
	// reached through a proxy's rewrite sees in NextURL, where the
	// worker's request line has the rewritten path.
	WorkerRequestURIHeader = "X-Devserver-Worker-Request-Uri"
	// WorkerContentLengthHeader carries the client's Content-Length
	// header: the body goes to the worker chunked, since the dev server
	// may have read part of it (its proxy did), and the route sees the
	// request's Content-Length as built, with what is left of the body.
	WorkerContentLengthHeader = "X-Devserver-Worker-Content-Length"
	// WorkerProtoHeader carries the protocol of the client's request
	// ("HTTP/1.0"), which route code sees as its own: the dev server
	// speaks HTTP/1.1 to the worker.
	WorkerProtoHeader = "X-Devserver-Worker-Proto"
	// WorkerKeysHeader lists, on a worker's answer, the header keys the
	// route set that are not canonical, as they are, each with the number
	// of its values ("x-lower:1,x-other:2"): the dev server's transport
	// reads them canonical, and sends them as the route wrote them, as
	// built.
	WorkerKeysHeader = "X-Devserver-Worker-Keys"
	// WorkerBodyErrorTrailer is the trailer of a request body the dev
	// server sends a worker, when reading it failed there: how
	// (server.EncodeBodyFailure), which the worker's route reads as the
	// body's error.
	WorkerBodyErrorTrailer = "X-Devserver-Worker-Body-Error"
	// WorkerHopPrefix prefixes the hop-by-hop headers of the client's
	// request (Connection, Keep-Alive, …: see HopHeaders), which the dev
	// server's proxy would drop, on their way to the worker, and those
	// of the worker's answer on their way back.
	WorkerHopPrefix = "X-Devserver-Worker-Hop-"
	// WorkerReadyPrefix starts the line a worker prints on its standard
	// output once it listens, followed by its address.
	WorkerReadyPrefix = "devserver-worker listening on "
)

// Worker is the whole main function of a compiled worker of the dev
// server: the routes the dev server's interpreter cannot run as the
// compiler does, compiled with the Go toolchain. It serves them with the
// same server.Server as the dev server, on a loopback port it prints on
// standard output (WorkerReadyPrefix), to the dev server only (requests
// must carry the token of WorkerTokenEnv). The dev server has already
// guarded, proxied and logged each request. It exits when its standard
// input closes: the dev server holds the other end, so a worker never
// outlives it.
func Worker(app server.App, compiled []approuter.Loaded) { WorkerWithProxy(app, compiled, "") }

// WorkerWithProxy is Worker for a dev server whose compiled tier runs the
// app's proxy too: proxyFile, one of compiled, served at
// server.WorkerProxyPath (see server.Server.WorkerProxy). The worker's
// routes do not run it: the dev server has, before it hands a request
// over.
func WorkerWithProxy(app server.App, compiled []approuter.Loaded, proxyFile string) {
	if err := runWorker(app, compiled, proxyFile); err != nil {
		fmt.Fprintln(os.Stderr, "devserver compiled worker:", err)
		os.Exit(1)
	}
}

func runWorker(app server.App, compiled []approuter.Loaded, proxyFile string) error {
	token := os.Getenv(WorkerTokenEnv)
	if token == "" {
		return fmt.Errorf("no %s: a worker is started by the dev server", WorkerTokenEnv)
	}
	srv := Compiled(app, compiled)
	srv.QuietRequests = true // the dev server logs the request
	srv.ForwardErrors = true // the dev server runs the instrumentation
	srv.MaxBody, srv.BodyTimeout = -1, -1
	srv.LiveReload = os.Getenv(WorkerLiveReloadEnv) == "1"
	srv.HandlerTimeout = server.DefaultHandlerTimeout
	if d, err := time.ParseDuration(os.Getenv(WorkerTimeoutEnv)); err == nil {
		srv.HandlerTimeout = d
	}
	if url := os.Getenv(WorkerTagsEnv); url != "" {
		// Before the first Reload: the revalidations route code makes go
		// where the server keeps the states of tags from then on.
		srv.CacheStore = newWorkerStore(url, os.Getenv(WorkerTagsTokenEnv))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// The dev server holds our standard input: it closes when the dev
		// server exits, however it exits.
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	srv.Reload(ctx, nil) // unlogged: the dev server says what runs compiled
	// Handler panics and timeouts are logged here, as the dev server
	// logs its own.
	srv.Logger = NewLogger()
	fmt.Println(WorkerReadyPrefix + ln.Addr().String())
	var proxy http.Handler
	if proxyFile != "" {
		for _, l := range compiled {
			if l.File == proxyFile {
				proxy = srv.WorkerProxy(proxyFile, l)
			}
		}
	}
	hs := &http.Server{Handler: workerHandler(token, srv, proxy, srv.WorkerInstrumentation()), ReadHeaderTimeout: ReadHeaderTimeout, MaxHeaderBytes: 1 << 20}
	return hs.Serve(ln)
}

// workerHandler refuses requests without the token and gives the others
// the client's address the dev server saw; those of the proxy, when it
// runs here, go to proxy, and the errors the dev server tells the
// instrumentation of go to instr (server.WorkerInstrumentationPath).
func workerHandler(token string, h, proxy, instr http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !carriesToken(r, token) {
			http.Error(w, "403 forbidden: this is a compiled worker of the dev server, which alone may call it", http.StatusForbidden)
			return
		}
		r.Header.Del(WorkerTokenHeader)
		if addr := r.Header.Get(WorkerRemoteHeader); addr != "" {
			r.RemoteAddr = addr
		}
		r.Header.Del(WorkerRemoteHeader)
		if local, err := net.ResolveTCPAddr("tcp", r.Header.Get(WorkerLocalHeader)); err == nil && local.Port != 0 {
			r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, net.Addr(local)))
		}
		r.Header.Del(WorkerLocalHeader)
		if uri := r.Header.Get(WorkerRequestURIHeader); uri != "" {
			r.RequestURI = uri
		}
		r.Header.Del(WorkerRequestURIHeader)
		r = withContentLength(r)
		r = withBodyFailure(r)
		r = withHopHeaders(r)
		r = withProto(r) // once the client's Connection header is back
		if r.URL.Path == server.WorkerInstrumentationPath {
			instr.ServeHTTP(w, r)
			return
		}
		if proxy != nil && strings.HasPrefix(r.URL.Path, server.WorkerProxyPath) {
			proxy.ServeHTTP(w, r)
			return
		}
		aw := &answerWriter{ResponseWriter: w}
		h.ServeHTTP(aw, r)
		aw.mark() // net/http writes the header now, if nothing did
	})
}

// answerWriter is the ResponseWriter of a route's request in a worker: as
// the answer's header is written, it adds what the dev server's transport
// would lose of it (see mark).
type answerWriter struct {
	http.ResponseWriter
	marked bool
}

// mark adds to the header about to be written what the dev server needs
// to send it as the route wrote it: its Connection header under
// WorkerHopPrefix, since the transport drops a Connection: close, and
// the keys that are not canonical in WorkerKeysHeader. It reports whether
// it added them (the first time).
func (w *answerWriter) mark() bool {
	if w.marked {
		return false
	}
	w.marked = true
	h := w.ResponseWriter.Header()
	if v, ok := h["Connection"]; ok {
		h[WorkerHopPrefix+"Connection"] = v
	}
	var keys []string
	for k, v := range h {
		if c := http.CanonicalHeaderKey(k); c != k {
			if _, both := h[c]; !both {
				// With the number of its values: net/http may add its own
				// (a sniffed Content-Type) under the canonical key.
				keys = append(keys, k+":"+strconv.Itoa(len(v)))
			}
		}
	}
	if len(keys) > 0 {
		slices.Sort(keys)
		h[WorkerKeysHeader] = []string{strings.Join(keys, ",")}
	}
	return true
}

// unmark removes what mark added, once net/http has a copy of the header
// written: the route reads its own header.
func (w *answerWriter) unmark() {
	h := w.ResponseWriter.Header()
	delete(h, WorkerHopPrefix+"Connection")
	delete(h, WorkerKeysHeader)
}

func (w *answerWriter) WriteHeader(code int) {
	// A 1xx other than 101 is sent before the answer, whose header
	// stays the route's to change.
	if code >= 200 || code == http.StatusSwitchingProtocols {
		if w.mark() {
			defer w.unmark()
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *answerWriter) Write(b []byte) (int, error) {
	if w.mark() {
		defer w.unmark()
	}
	return w.ResponseWriter.Write(b)
}

// FlushError flushes as net/http's ResponseWriter does.
func (w *answerWriter) FlushError() error {
	if w.mark() {
		defer w.unmark()
	}
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Flush flushes as net/http's ResponseWriter does.
func (w *answerWriter) Flush() { _ = w.FlushError() }

// Unwrap gives http.ResponseController the worker's net/http writer
// (a hijack, deadlines).
func (w *answerWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// hopByHop are the hop-by-hop headers a proxy removes (besides those a
// Connection header names), but for Transfer-Encoding and Trailer, which
// Go's transport and ReverseProxy carry themselves.
var hopByHop = []string{"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Upgrade"}

// HopHeaders returns the names of the hop-by-hop headers h holds, as
// httputil.ReverseProxy removes them: hopByHop and the names its
// Connection headers list.
func HopHeaders(h http.Header) []string {
	var names []string
	add := func(name string) {
		if _, ok := h[name]; ok && !slices.Contains(names, name) && name != "Transfer-Encoding" && name != "Trailer" {
			names = append(names, name)
		}
	}
	for _, name := range hopByHop {
		add(name)
	}
	for _, v := range h["Connection"] {
		for _, name := range strings.Split(v, ",") {
			if name = textproto.TrimString(name); name != "" {
				add(textproto.CanonicalMIMEHeaderKey(name))
			}
		}
	}
	return names
}

// withProto returns r with the protocol of the client's request the dev
// server sent in WorkerProtoHeader, if any, and Close as net/http sets it
// for that protocol (an HTTP/1.0 request closes unless it asks to be kept
// alive): a copy, as withContentLength, unless the protocol is the
// worker's.
func withProto(r *http.Request) *http.Request {
	v := r.Header.Get(WorkerProtoHeader)
	major, minor, ok := http.ParseHTTPVersion(v)
	if !ok || v == r.Proto {
		r.Header.Del(WorkerProtoHeader)
		return r
	}
	out := r.WithContext(r.Context())
	out.Header = r.Header.Clone()
	delete(out.Header, WorkerProtoHeader)
	out.Proto, out.ProtoMajor, out.ProtoMinor = v, major, minor
	if major < 1 || major == 1 && minor == 0 && !hasToken(out.Header["Connection"], "keep-alive") {
		out.Close = true
	}
	return out
}

// hasToken reports whether one of the comma-separated lists values holds
// token (case-insensitive), as a Connection header's.
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for _, tok := range strings.Split(v, ",") {
			if strings.EqualFold(textproto.TrimString(tok), token) {
				return true
			}
		}
	}
	return false
}

// withBodyFailure returns r with a body that fails as the dev server's
// read of it did, when the dev server declared WorkerBodyErrorTrailer: a
// copy, as withContentLength.
func withBodyFailure(r *http.Request) *http.Request {
	if _, ok := r.Trailer[WorkerBodyErrorTrailer]; !ok {
		return r
	}
	delete(r.Trailer, WorkerBodyErrorTrailer) // the client's trailers, as the route sees them
	out := r.WithContext(r.Context())
	out.Body = &failingBody{ReadCloser: r.Body, trailer: r.Trailer}
	if len(r.Trailer) == 0 {
		out.Trailer = nil // the client declared none
	}
	return out
}

// failingBody is a request body that ends with the error the dev server
// sent in its trailer, if any.
type failingBody struct {
	io.ReadCloser
	trailer http.Header // filled in at the end of the body
	err     error
}

func (b *failingBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		if v := b.trailer[WorkerBodyErrorTrailer]; len(v) > 0 {
			delete(b.trailer, WorkerBodyErrorTrailer)
			if b.err = server.DecodeBodyFailure(v[0]); b.err != nil {
				return n, b.err
			}
		}
	}
	return n, err
}

// withContentLength returns r with the client's Content-Length the dev
// server sent in WorkerContentLengthHeader, if any, and no transfer
// encoding: a copy, since the worker's server reads its own request (a
// chunked one) to manage the connection.
func withContentLength(r *http.Request) *http.Request {
	v, ok := r.Header[WorkerContentLengthHeader]
	if !ok {
		return r
	}
	out := r.WithContext(r.Context())
	out.Header = r.Header.Clone()
	delete(out.Header, WorkerContentLengthHeader)
	out.Header["Content-Length"] = v
	if len(v) > 0 {
		if n, err := strconv.ParseInt(textproto.TrimString(v[0]), 10, 64); err == nil && n >= 0 {
			out.ContentLength, out.TransferEncoding = n, nil
		}
	}
	return out
}

// withHopHeaders returns r with the hop-by-hop headers the dev server
// sent under WorkerHopPrefix restored, and Close set as the client's
// Connection header asks: a copy, since the worker's server reads its
// own request to manage the connection.
func withHopHeaders(r *http.Request) *http.Request {
	var out *http.Request
	for name, v := range r.Header {
		hop, ok := strings.CutPrefix(name, WorkerHopPrefix)
		if !ok {
			continue
		}
		if out == nil {
			out = r.WithContext(r.Context())
			out.Header = r.Header.Clone()
		}
		delete(out.Header, name)
		out.Header[hop] = v
	}
	if out == nil {
		return r
	}
	for _, v := range out.Header["Connection"] {
		for _, tok := range strings.Split(v, ",") {
			if strings.EqualFold(textproto.TrimString(tok), "close") {
				out.Close = true
			}
		}
	}
	return out
}

// carriesToken reports whether r carries token in WorkerTokenHeader,
// comparing in constant time.
func carriesToken(r *http.Request, token string) bool {
	return subtle.ConstantTimeCompare([]byte(r.Header.Get(WorkerTokenHeader)), []byte(token)) == 1
}

// WorkerTimeout formats a handler timeout for WorkerTimeoutEnv.
func WorkerTimeout(d time.Duration) string {
	if d == 0 {
		d = server.DefaultHandlerTimeout
	}
	return strconv.FormatInt(int64(d), 10) + "ns"
}
