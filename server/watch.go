package server

import (
	"fmt"
	"sync"
	"time"
)

// handlerWatch is the timer that answers 504 for a handler that has not
// returned (or, for a func(w, r) handler, begun its response) in time.
// Watches are pooled: arming one is a Reset, where a time.AfterFunc per
// request would allocate a timer, a closure and a channel.
type handlerWatch struct {
	t        *time.Timer
	answered chan struct{} // closed once a watch that fired has answered

	s       *Server
	x       *exchange
	plain   *limitedWriter // the writer of a func(w, r) handler, or nil
	timeout time.Duration
}

var handlerWatches sync.Pool

// watch arms a watch over the handler of x: after timeout, unless stopped,
// it ends the request's context and answers 504 (see fire). plain is the
// writer of a func(w, r) handler, which the watch answers for only if
// nothing was written; nil for a next handler.
func (s *Server) watch(x *exchange, plain *limitedWriter, timeout time.Duration) *handlerWatch {
	w, _ := handlerWatches.Get().(*handlerWatch)
	if w == nil {
		w = &handlerWatch{answered: make(chan struct{})}
		w.t = time.AfterFunc(time.Hour, w.fire)
		w.t.Stop()
	}
	// Written before Reset: the timer's callback sees them.
	w.s, w.x, w.plain, w.timeout = s, x, plain, timeout
	w.t.Reset(timeout)
	return w
}

// stop disarms w and reports whether the handler beat it. If it did not,
// stop waits until w has answered for the handler; w is then spent.
func (w *handlerWatch) stop() bool {
	if w.t.Stop() {
		w.s, w.x, w.plain = nil, nil, nil
		handlerWatches.Put(w)
		return true
	}
	<-w.answered
	return false
}

// fire answers for a handler that ran out of time: its request context is
// cancelled, the timeout logged and a 504 sent. A func(w, r) handler that
// has begun its response in time is left to finish it.
func (w *handlerWatch) fire() {
	defer close(w.answered)
	s, x := w.s, w.x
	var err error
	if w.plain != nil {
		if !w.plain.expire() {
			return // begun in time
		}
		x.cancel.Cancel()
		s.abandoned.Add(1)
		err = fmt.Errorf("%s: %s did not begin its response within %v (--handler-timeout); its request context is cancelled", s.App.rel(x.e.file), x.r.Method, w.timeout)
	} else {
		x.cancel.Cancel()
		s.abandoned.Add(1)
		err = fmt.Errorf("%s: %s did not return within %v (%s); devserver cannot stop it, and it runs on with its request context cancelled (%d such handlers so far)", s.App.rel(x.e.file), x.r.Method, w.timeout, limitName(x.e), s.abandoned.Load())
	}
	s.logError(x, err.Error())
	s.answerTimeout(x, err)
}
