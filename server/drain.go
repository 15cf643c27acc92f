package server

import (
	"slices"
	"time"
)

// Values route code keeps (next.KeepWithClose) belong to its route files,
// and the loader drops them, running their close hooks, once no generation
// serves those files. A generation swapped out still answers the requests
// it started, which may use such a value (a query on a pool) or make it
// again: the loader is told to let go only once those requests have
// finished. Each generation counts the requests running on it, without an
// allocation (see enter); a reload waits for the generations it retired.

// keeper is a loader holding values kept by the route code it loaded:
// ReleaseKept drops those none of whose route files is among files, the
// files of the generation now served.
type keeper interface{ ReleaseKept(files []string) }

// drainPoll is how often a release checks whether the generations it
// waits for have finished their requests.
const drainPoll = 2 * time.Millisecond

// enter returns the current generation with the request counted on it
// (nil before the first): a generation is swapped out only once no
// request is being counted on it, so that waitRetired, which reads the
// counts after the swap, misses no request it took.
func (s *Server) enter() *Generation {
	for {
		g := s.current.Load()
		if g == nil {
			return nil
		}
		g.requests.Add(1)
		if s.current.Load() == g {
			return g
		}
		g.requests.Add(-1)
	}
}

// leave ends the count of x on its generation, once.
func (x *exchange) leave() {
	if x.g != nil && !x.left {
		x.left = true
		x.g.requests.Add(-1)
	}
}

// moveTo counts x on the current generation instead of its own, and
// returns it: a request that waited for a route still loading is taken on
// by the generation that has it.
func (s *Server) moveTo(x *exchange) *Generation {
	g := s.enter()
	x.leave()
	x.g, x.left = g, false
	return g
}

// retire records prev, swapped out, as a generation whose requests a
// release waits for. s.reload is held.
func (s *Server) retire(prev *Generation) {
	if prev == nil {
		return
	}
	live := s.retired[:0]
	for _, g := range s.retired {
		if g.requests.Load() > 0 { // a retired generation takes no new request
			live = append(live, g)
		}
	}
	s.retired = append(live, prev)
}

// loading marks the start of a load: a release still waiting for the
// requests of older generations is superseded by the one after this load,
// which knows newer files, and one already dropping values finishes
// first, so that what this load's code keeps is not dropped as belonging
// to no route. It returns the release's number for releaseKept.
func (s *Server) loading() uint64 {
	s.releaseMu.Lock()
	defer s.releaseMu.Unlock()
	s.releases++
	return s.releases
}

// releaseKept tells the loader, once the generations swapped out before g
// have finished their requests (for the handler timeout at most: a
// handler running longer is abandoned), to drop the kept values that no
// file g loaded owns, unless a load started since (see loading). seq is
// the number loading gave g's load. s.reload is held.
func (s *Server) releaseKept(g *Generation, seq uint64) {
	k, ok := s.Loader.(keeper)
	if !ok {
		return
	}
	waitFor := slices.Clone(s.retired)
	files := g.loadFiles
	wait := s.handlerTimeout()
	if wait < 0 {
		wait = DefaultHandlerTimeout
	}
	release := func() {
		waitRetired(waitFor, wait)
		s.releaseMu.Lock()
		defer s.releaseMu.Unlock()
		if s.releases == seq {
			k.ReleaseKept(files)
		}
	}
	if len(waitFor) == 0 {
		release() // nothing to wait for: the first load, or all finished
		return
	}
	go release()
}

// waitRetired waits until no request runs on any of gens, or for at most
// wait.
func waitRetired(gens []*Generation, wait time.Duration) {
	deadline := time.Now().Add(wait)
	for _, g := range gens {
		for g.requests.Load() > 0 && time.Now().Before(deadline) {
			time.Sleep(drainPoll)
		}
	}
}
