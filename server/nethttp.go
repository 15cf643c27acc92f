// This file is what a route in Next.js's route.go shape, func(w
// http.ResponseWriter, r *http.Request), is owed beyond being called:
// r.PathValue for its params, and its MaxDuration as a time limit.

package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/devserver/devserver/next"
)

// setPathValues fills r.PathValue for every param, as Next.js fills it for
// route.go: the decoded value, a catch-all's segments joined with "/". An
// optional catch-all that matched nothing is left unset ("").
func setPathValues(r *http.Request, params next.Params) {
	for name, values := range params {
		r.SetPathValue(name, strings.Join(values, "/"))
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

// runPlainWithin runs the plain handler of x with r for at most limit (its
// route's MaxDuration). A handler still running then has its request
// context cancelled and can no longer write: the client gets a 504 if
// nothing was sent yet, or the end of what was.
func (s *Server) runPlainWithin(x *exchange, r *http.Request, limit time.Duration) error {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	w := &limitedWriter{w: x.w, header: x.w.Header().Clone()}
	done := make(chan error, 1)
	h := x.h.plain
	go func() { done <- runPlain(h, w, r.WithContext(ctx)) }()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
	}
	cancel()
	untouched := w.expire()
	s.abandoned.Add(1)
	err := fmt.Errorf("%s: %s did not return within its MaxDuration (%v); its request context is cancelled", s.App.rel(x.e.file), x.r.Method, limit)
	if s.Logger != nil {
		s.Logger.Error(err.Error())
	}
	if untouched {
		s.fail(x, &statusError{status: http.StatusGatewayTimeout, err: err})
	}
	return nil
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
}

// Header returns the handler's header map.
func (l *limitedWriter) Header() http.Header { return l.header }

// WriteHeader sends the status and the headers, unless expired.
func (l *limitedWriter) WriteHeader(code int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.expired {
		return
	}
	l.sendHeader()
	l.w.WriteHeader(code)
}

// Write sends b, unless expired.
func (l *limitedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.expired {
		return 0, http.ErrHandlerTimeout
	}
	l.sendHeader()
	return l.w.Write(b)
}

// Flush sends what was written so far, unless expired.
func (l *limitedWriter) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.expired {
		return
	}
	l.sendHeader()
	if f, ok := l.w.(http.Flusher); ok {
		f.Flush()
	}
}

// sendHeader copies the handler's headers to the real writer before its
// first write.
func (l *limitedWriter) sendHeader() {
	if l.wrote {
		return
	}
	l.wrote = true
	dst := l.w.Header()
	for k := range dst {
		if _, ok := l.header[k]; !ok {
			delete(dst, k)
		}
	}
	for k, v := range l.header {
		dst[k] = v
	}
}

// expire stops the handler's writes and reports whether it had written
// nothing.
func (l *limitedWriter) expire() (untouched bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expired = true
	return !l.wrote
}
