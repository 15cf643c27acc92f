// This file is what a route in Next.js's route.go shape, func(w
// http.ResponseWriter, r *http.Request), is owed beyond being called:
// r.PathValue for its params, and its MaxDuration as a time limit.

package server

import (
	"cmp"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// addForwarded sets the X-Forwarded-For, -Host, -Port and -Proto headers
// next dev gives a Go route and a Go proxy (it reaches them through a
// proxy of its own), each unless the request has it: For is the client address as Node
// reports it on its dual-stack socket (an IPv4 client as ::ffff:a.b.c.d),
// Port the port the server listens on.
func addForwarded(r *http.Request) {
	set := func(name, value string) {
		if _, ok := r.Header[name]; !ok && value != "" {
			r.Header[name] = []string{value}
		}
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		if ip, err := netip.ParseAddr(host); err == nil && ip.Is4() {
			host = "::ffff:" + host
		}
		set("X-Forwarded-For", host)
	}
	set("X-Forwarded-Host", r.Host)
	if addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if _, port, err := net.SplitHostPort(addr.String()); err == nil {
			set("X-Forwarded-Port", port)
		}
	}
	proto := "http"
	if r.TLS != nil {
		proto = "https"
	}
	set("X-Forwarded-Proto", proto)
}

// joinCookies makes repeated Cookie header fields one, joined with "; ",
// as Next.js hands them to Go code: r.Header["Cookie"] has one element.
func joinCookies(r *http.Request) {
	if c := r.Header["Cookie"]; len(c) > 1 {
		r.Header["Cookie"] = []string{strings.Join(c, "; ")}
	}
}

// limitName says which setting bounded the handler of e, for the timeout
// error.
func limitName(e *endpoint) string {
	if e.config.MaxDuration() > 0 {
		return "its MaxDuration"
	}
	return "--handler-timeout"
}

// runPlainWithin runs the plain handler of x with r. With a limit (its
// route's MaxDuration, whole) a handler still running after it has its
// request context cancelled and can no longer write: the client gets a 504
// if nothing was sent yet, or the end of what was. With a limit that is not
// whole (--handler-timeout) the handler has that long to begin its response,
// as the next shape has to return it; a stream may then run on. Either way
// headers that cannot be sent as they are (see checkHeaderMap) are refused:
// the handler's writes are dropped and the error comes back. A handler
// that flushes is a stream: a shutdown ends it at once (see
// limitedWriter.Close) instead of waiting for it.
func (s *Server) runPlainWithin(x *exchange, r *http.Request, limit time.Duration, whole bool) error {
	// r's context is the request's (see ServeHTTP): x.cancel ends it.
	cancel := x.cancel
	defer cancel.Cancel()
	w := &limitedWriter{w: x.w, header: x.w.Header().Clone(), streams: &s.streams, cancel: cancel}
	defer w.unregister()
	if limit <= 0 {
		if err := runPlain(x.h.plain, w, r); err != nil {
			return err
		}
		return w.finish()
	}
	if !whole {
		return s.runPlainTimed(x, r, w, limit)
	}
	done := make(chan error, 1)
	h := x.h.plain
	go func() { done <- runPlain(h, w, r) }()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case err := <-done:
		return cmp.Or(err, w.finish())
	case <-t.C:
	}
	// Its writes stop before its context ends: a handler returning on
	// Done with a last write would otherwise race the 504.
	untouched := w.expireAll()
	cancel.Cancel()
	s.abandoned.Add(1)
	err := fmt.Errorf("%s: %s did not return within its MaxDuration (%v); its request context is cancelled", s.App.rel(x.e.file), x.r.Method, limit)
	s.logError(x, err.Error())
	if untouched {
		s.fail(x, &statusError{status: http.StatusGatewayTimeout, err: err, logged: true})
	}
	return nil
}

// runPlainTimed runs the plain handler of x on this goroutine with limit to
// begin its response (--handler-timeout). If it has not by then, the timer
// answers 504 for it and its later writes are dropped; once it has begun,
// it may take its time (a stream).
func (s *Server) runPlainTimed(x *exchange, r *http.Request, w *limitedWriter, limit time.Duration) error {
	watch := s.watch(x, w, limit)
	err := runPlain(x.h.plain, w, r)
	watch.stop()
	return cmp.Or(err, w.finish())
}

// limitedWriter is the ResponseWriter of a handler with a time limit: once
// expired, what the handler writes is dropped, so that the server may
// answer, or end the response, while the handler's goroutine runs on. The
// handler's header map is its own until its first write.
type limitedWriter struct {
	mu      sync.Mutex
	w       http.ResponseWriter
	header  http.Header
	wrote   bool
	expired bool
	flushed bool

	streams *streamSet // where it registers as a stream when it flushes
	cancel  canceler   // ends the handler's request context
	remove  func()     // takes it out of streams
	bad     error      // why the header was refused
}

// Header returns the handler's header map.
func (l *limitedWriter) Header() http.Header { return l.header }

// WriteHeader sends the status and the headers, unless expired.
func (l *limitedWriter) WriteHeader(code int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.expired || !l.sendHeader() {
		return
	}
	l.w.WriteHeader(code)
}

// Write sends b, unless expired.
func (l *limitedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.expired {
		return 0, http.ErrHandlerTimeout
	}
	if !l.sendHeader() {
		return 0, l.bad
	}
	return l.w.Write(b)
}

// Flush sends what was written so far, unless expired.
func (l *limitedWriter) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	first := !l.flushed
	l.flushed = true
	if l.expired || !l.sendHeader() {
		return
	}
	if f, ok := l.w.(http.Flusher); ok {
		f.Flush()
	}
	if first && l.streams != nil {
		l.mu.Unlock() // add may Close l at once, during a shutdown
		remove := l.streams.add(l)
		l.mu.Lock()
		l.remove = remove
	}
}

// Close ends a stream at a shutdown: the handler's request context is
// cancelled and its writes fail, so that the response ends when the
// handler returns, without waiting for the stream to end by itself.
func (l *limitedWriter) Close() error {
	l.expireAll() // first: see runPlainWithin
	l.cancel.Cancel()
	return nil
}

// unregister takes a stream out of the server's streams once its handler
// is done.
func (l *limitedWriter) unregister() {
	l.mu.Lock()
	remove := l.remove
	l.remove = nil
	l.mu.Unlock()
	if remove != nil {
		remove()
	}
}

// sendHeader copies the handler's headers to the real writer before its
// first write, and reports whether the handler may write: not when its
// headers cannot be sent as they are.
func (l *limitedWriter) sendHeader() bool {
	if l.wrote {
		return l.bad == nil
	}
	l.wrote = true
	if l.bad = checkHeaderMap(l.header); l.bad != nil {
		return false
	}
	dst := l.w.Header()
	for k := range dst {
		if _, ok := l.header[k]; !ok {
			delete(dst, k)
		}
	}
	for k, v := range l.header {
		dst[k] = v
	}
	return true
}

// finish is called when the handler has returned: headers it set without
// writing anything are sent with net/http's implicit 200. It returns why
// the handler's headers were refused, or nil.
func (l *limitedWriter) finish() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.expired {
		l.sendHeader()
	}
	return l.bad
}

// expireAll stops the handler's writes and reports whether it had written
// nothing.
func (l *limitedWriter) expireAll() (untouched bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expired = true
	return !l.wrote
}

// expire stops the handler's writes if it has written nothing yet, and
// reports whether it did.
func (l *limitedWriter) expire() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.wrote {
		return false
	}
	l.expired = true
	return true
}
