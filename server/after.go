package server

import (
	"context"
	"fmt"
	"sync"

	"github.com/devserver/devserver/internal/panicpos"
)

// afterWork tracks the work of next.After and the handlers of WebSocket
// connections in the whole process, for WaitAfter: a shutdown is of the
// process, and work outlives the generation (and the reload) that
// registered it.
var afterWork sync.WaitGroup

// WaitAfter waits until the work registered by next.After, for requests
// of any server of the process, has run, and the handlers of WebSocket
// connections (which Shutdown closes) have returned, or ctx is done, and
// says how that went. A graceful shutdown calls it once requests are
// finished.
func WaitAfter(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		afterWork.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("work registered by next.After, or a WebSocket handler, still running: %w", ctx.Err())
	}
}

// afterList is the next.After work of one request: held until the
// response is sent (send), run at once after that.
type afterList struct {
	s    *Server
	g    *Generation // the request's; its work counts on it (see runAfter)
	mu   sync.Mutex
	fns  []func()
	sent bool
}

// After runs fn once the response is sent (hook.Afterer).
func (a *afterList) After(fn func()) {
	a.mu.Lock()
	if !a.sent {
		a.fns = append(a.fns, fn)
		a.mu.Unlock()
		return
	}
	a.mu.Unlock()
	// Late work (from a goroutine of the handler) counts on the generation
	// too, but a release may have stopped waiting for it already.
	a.s.runAfterOn(a.g, []func(){fn})
}

// send marks the response sent and starts the work held for it.
func (a *afterList) send() {
	a.mu.Lock()
	fns := a.fns
	a.fns, a.sent = nil, true
	a.mu.Unlock()
	if len(fns) > 0 {
		a.s.runAfterOn(a.g, fns)
	}
}

// runAfter runs fns in order in a goroutine, counted for WaitAfter.
func (s *Server) runAfter(fns []func()) { s.runAfterOn(nil, fns) }

// runAfterOn is runAfter for work of route code of generation g (nil:
// none), which counts as a request on g while it runs: it may use the
// values g's routes kept.
func (s *Server) runAfterOn(g *Generation, fns []func()) {
	afterWork.Add(1)
	if g != nil {
		g.requests.Add(1)
	}
	go func() {
		defer afterWork.Done()
		if g != nil {
			defer g.requests.Add(-1)
		}
		for _, fn := range fns {
			s.callAfter(fn)
		}
	}()
}

// callAfter calls fn, logging its panic.
func (s *Server) callAfter(fn func()) {
	var err error
	func() {
		panicpos.Begin() // what an earlier request on this goroutine left is not this one's
		defer recoverPanic(&err)
		fn()
	}()
	if pe, ok := err.(*panicError); ok && s.Logger != nil {
		s.Logger.Error(fmt.Sprintf("next.After work panicked: %v", pe.shown()), "stack", string(pe.stack))
	}
}
