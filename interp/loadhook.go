package interp

import (
	"context"
	"reflect"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
)

// loadHookPath is the package of the calls the rewrite puts around the
// code a package runs at init (see the settleTypes pass): it exists only
// in the interpreter's symbol table, each interpreter's bound to its own
// loadHook.
const loadHookPath = "github.com/devserver/devserver/internal/loadhook"

// A loadHook is what one interpreter's packages call as their code at
// init starts (SettleTypes: their first variable) and ends (InitDone:
// their last init function). Both run on the goroutine loading the
// interpreter.
type loadHook struct {
	types *typeSettler
	// runningSince is when the package running code at init started,
	// zero while none does (under mu): the init timeout counts that
	// time only, not the time yaegi takes to compile.
	mu           sync.Mutex
	runningSince time.Time
}

func newLoadHook(it *interp.Interpreter) *loadHook {
	return &loadHook{types: newTypeSettler(it)}
}

// symbols are the functions of loadHookPath calling h.
func (h *loadHook) symbols() interp.Exports {
	return interp.Exports{loadHookPath + "/loadhook": {
		"SettleTypes": reflect.ValueOf(func() bool {
			h.types.compiled()
			h.initRunning(true)
			return true
		}),
		"InitDone": reflect.ValueOf(func() { h.initRunning(false) }),
	}}
}

// initRunning records that a package's code at init starts or ends.
func (h *loadHook) initRunning(on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.runningSince = time.Time{}
	if on {
		h.runningSince = time.Now()
	}
}

// initRunFor returns how long the package running code at init has run,
// or 0 when none does.
func (h *loadHook) initRunFor() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.runningSince.IsZero() {
		return 0
	}
	return time.Since(h.runningSince)
}

// loadLimit bounds a whole import, compiling included, however long
// the inits it runs take each: the init timeout counts the time a
// package's code runs at init, and this catches a load stuck anywhere
// else. It is far above what compiling takes on a loaded machine.
const loadLimit = 2 * time.Minute

// watch cancels the import running under ctx (with cancel) once a
// package's code at init has run for longer than timeout, or the import
// for longer than loadLimit. The returned stop ends the watch and
// reports which limit was hit: "" for none, else the limit's words for
// the route's error.
func (h *loadHook) watch(ctx context.Context, cancel context.CancelFunc, timeout time.Duration) (stop func() (exceeded string)) {
	h.initRunning(false) // an import that failed mid-init left it on
	start := time.Now()
	tick := min(max(timeout/10, time.Millisecond), 100*time.Millisecond)
	done := make(chan struct{})
	var exceeded string
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			switch {
			case h.initRunFor() > timeout:
				exceeded = "package initialisation did not finish within " + timeout.String() + " (an endless loop in init or a package-level var?)"
			case time.Since(start) > loadLimit:
				exceeded = "loading did not finish within " + loadLimit.String()
			default:
				continue
			}
			cancel()
			return
		}
	}()
	return func() string {
		close(done)
		<-finished
		return exceeded
	}
}
