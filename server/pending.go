package server

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/devserver/devserver/approuter"
)

// Routes loaded on demand. A generation can be swapped in before the code
// of some of its routes is loaded (approuter.Loaded.Pending: the dev
// server defers the many units an edit of a shared package changes). The
// first request for such a route loads it, and the other requests for it
// wait for that load; meanwhile the generation's warm-up loads the others,
// one at a time, until a newer generation replaces it. Every route of a
// generation runs the code of that generation's files: a route not loaded
// yet is waited for, never answered by the code of the one before.

// pendingLoad is the load of a route whose code is loaded on demand,
// started by its first request or by the warm-up, whichever comes first.
type pendingLoad struct {
	from approuter.Pending
	once sync.Once
	done chan struct{} // closed once e and problems are set

	e        *endpoint // the route as loaded
	problems []Problem
}

// problemsOf returns the problems of e, a route loaded on demand: still
// loading (e.err) until its code is loaded, then that code's.
func (p *pendingLoad) problemsOf(e *endpoint) []Problem {
	select {
	case <-p.done:
		return p.problems
	default:
		return []Problem{{File: e.file, Err: e.err}}
	}
}

// loadPending starts loading the code of e, a route of g loaded on demand,
// unless that has started, and returns a channel closed once it is loaded.
// The problems of the code loaded are logged. byRequest says a request
// asks, which the warm-up makes way for.
func (s *Server) loadPending(g *Generation, e *endpoint, byRequest bool) <-chan struct{} {
	p := e.pending
	p.once.Do(func() {
		if byRequest {
			g.demand.Add(1)
		}
		go func() {
			l := p.from.Load()
			l.Pending = nil // loaded: a loader that gave another would loop
			p.e, p.problems = newEndpoint(g.app, e.route, l)
			s.logLoaded(g, p.problems) // before the request answers with them
			close(p.done)
			if byRequest {
				g.demand.Add(-1)
			}
			if g.firstError(p.problems) {
				s.showLoaded(g)
			}
		}()
	})
	return p.done
}

// firstError reports whether problems, those of a route of g loaded on
// demand, hold an error, when no route of g loaded on demand had one
// before. The overlays show that first error at once: after an edit of a
// package every route imports, it is most often that package's, and the
// warm-up, which shows them all, may take a second or more to load every
// route.
func (g *Generation) firstError(problems []Problem) bool {
	for _, p := range problems {
		if p.Err != nil && !errors.Is(p.Err, approuter.ErrLoading) && !errors.Is(p.Err, context.Canceled) {
			return g.errorShown.CompareAndSwap(false, true)
		}
	}
	return false
}

// deferred waits for the code of the route x matched when it is loaded on
// demand, starting its load unless the warm-up or another request has,
// and takes the route on as loaded. A request whose client has gone stops
// waiting, still loading.
func (s *Server) deferred(x *exchange) bool {
	if x.e == nil || x.e.pending == nil {
		return false
	}
	x.withContext()
	select {
	case <-s.loadPending(x.g, x.e, true):
		x.e = x.e.pending.e
	case <-x.r.Context().Done():
	}
	return false
}

// startWarmUp stops the warm-up of the generation before, and starts
// that of g when it has routes to load. It runs under s.reload.
func (s *Server) startWarmUp(g *Generation) {
	if s.stopWarmUp != nil {
		s.stopWarmUp()
		s.stopWarmUp = nil
	}
	if g == nil || len(g.deferred) == 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stopWarmUp = cancel
	go s.warmUp(ctx, g)
}

// warmUp loads the code of g's routes loaded on demand that no request
// has asked for, one at a time and none while a load a request started
// runs, until ctx is done, when a newer generation
// replaces g. Once all are loaded, it logs how that went and shows their
// errors on the overlays.
func (s *Server) warmUp(ctx context.Context, g *Generation) {
	start := time.Now()
	for _, e := range g.deferred {
		// The loads requests started come first: on a machine of few
		// cores, a unit loading beside them slows them down.
		for g.demand.Load() > 0 {
			select {
			case <-time.After(warmUpYield):
			case <-ctx.Done():
				return
			}
		}
		if ctx.Err() != nil {
			return
		}
		select {
		case <-s.loadPending(g, e, false):
		case <-ctx.Done():
			return
		}
	}
	close(g.loaded)
	var errs int
	for _, e := range g.deferred {
		for _, p := range e.pending.problems {
			if errors.Is(p.Err, context.Canceled) {
				return // the loader stopped: the server is closing
			}
			if p.Err != nil && !errors.Is(p.Err, approuter.ErrLoading) {
				errs++
			}
		}
	}
	if s.Logger != nil {
		kv := []any{"routes", len(g.deferred), "took", time.Since(start).Round(10 * time.Microsecond)}
		if errs > 0 {
			s.warnMu.Lock()
			repeated := g.repeatedErrors()
			s.warnMu.Unlock()
			s.Logger.Warn(fmt.Sprintf("✗ compiled with %d error(s)%s", errs, repeated), kv...)
		} else {
			s.Logger.Info("✓ compiled", kv...)
		}
	}
	if errs > 0 {
		s.showLoaded(g)
	}
}

// warmUpYield is how often a warm-up waiting for the loads requests
// started checks whether they have ended.
const warmUpYield = 2 * time.Millisecond

// logLoaded logs the problems of the code of a route loaded on demand, as
// a reload logs those of the routes it loads.
func (s *Server) logLoaded(g *Generation, problems []Problem) {
	if s.Logger == nil {
		return
	}
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	for _, p := range problems {
		switch {
		case errors.Is(p.Err, context.Canceled):
			// The loader stopped (the server is closing): nothing is wrong
			// with the route.
		case errors.Is(p.Err, approuter.ErrHandedOver):
			// The loader says which routes it hands over, once for them
			// all: an edit of a package many routes import hands over
			// each of them.
			s.Logger.Debug(s.relText(p.Err.Error()))
		case errors.Is(p.Err, approuter.ErrLoading):
			// Its own words: an init still running, or the loader's
			// reason for another load.
			s.Logger.Info(s.relText(p.Err.Error()))
		case p.Err != nil:
			s.logLoadError(g, p.File, p.Err)
		case !s.warned[p.Warning]:
			if s.warned == nil {
				s.warned = make(map[string]bool)
			}
			s.warned[p.Warning] = true
			s.Logger.Warn(s.relText(p.Warning))
		}
	}
}
