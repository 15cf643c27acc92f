package desugar

import (
	"sync/atomic"

	"github.com/devserver/devserver/internal/panicpos"
)

// The states of a range-over-function loop, as the compiler keeps them
// (internal/abi's RF_ states).
const (
	rangeDone      = iota // the body returned false: break, return
	rangeReady            // the body may be called
	rangePanic            // the body runs, or panicked
	rangeExhausted        // the iterator returned
)

// rangeErrors are the values the compiler's checks panic with: Go's own
// runtime.Errors, recovered from loops breaking the rules, by the state
// the body was called in (rangeMissingPanic: the iterator returned while
// the body's panic was on its way).
var rangeErrors = [...]any{
	rangeDone: recovered(func() {
		for range yieldTwice {
			break
		}
	}),
	rangePanic: recovered(func() {
		for range recoverAndYield {
			panic(0)
		}
	}),
	rangeExhausted: recovered(func() {
		var y func() bool
		for range keep(&y) {
		}
		y()
	}),
}

var rangeMissingPanic = recovered(func() {
	for range recoverAndReturn {
		panic(0)
	}
})

func yieldTwice(yield func() bool) { yield(); yield() }

func recoverAndYield(yield func() bool) {
	func() { defer func() { _ = recover() }(); yield() }()
	yield()
}

func recoverAndReturn(yield func() bool) {
	defer func() { _ = recover() }()
	yield()
}

func keep(y *func() bool) func(func() bool) { return func(yield func() bool) { *y = yield } }

func recovered(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// RangeLoop is the state of one execution of a range-over-function loop,
// which the interpreter's desugared loop keeps as the compiler's does
// (cmd/compile/internal/rangefunc): its yield function panics with Go's
// runtime error when the iterator calls it after the body returned false,
// after the body panicked or after the loop ended, and the loop panics
// when the iterator recovered the body's panic and returned.
type RangeLoop struct {
	state atomic.Int32
	// line is the line variable of the function the loop is written in,
	// which the body sets (see Track).
	line atomic.Pointer[trackedLine]
}

// trackedLine is a function's line variable and its file.
type trackedLine struct {
	line *int
	file string
}

// NewRangeLoop returns the state of a loop about to call its iterator.
func NewRangeLoop() *RangeLoop {
	l := new(RangeLoop)
	l.state.Store(rangeReady)
	return l
}

// Enter starts a call of the body, or panics as Go does when the
// iterator may not call it.
func (l *RangeLoop) Enter() {
	if !l.state.CompareAndSwap(rangeReady, rangePanic) {
		panic(rangeErrors[l.state.Load()])
	}
}

// Leave ends a call of the body that returned more, and returns it.
func (l *RangeLoop) Leave(more bool) bool {
	if more {
		l.state.Store(rangeReady)
	} else {
		l.state.Store(rangeDone)
	}
	return more
}

// Exit ends the loop once its iterator returned: it panics as Go does
// when the iterator recovered a panic of the body. Otherwise it clears
// the line the body set (see Track): what follows the loop is code the
// range pass wrote (the return, break or continue the body asked for),
// which sets no line, and a function left at a line is taken for one
// left by a panic; the statement after the loop sets its own.
func (l *RangeLoop) Exit() {
	if l.state.Swap(rangeExhausted) == rangePanic {
		panic(rangeMissingPanic)
	}
	if t := l.line.Load(); t != nil {
		*t.line = 0
	}
}

// Track gives the loop the line variable of the function it is written in
// (see panicpos.Leave), which the statements of its body set: a panic of
// the body names the body's line, as compiled Go does, before the frames
// of the iterator it leaves through (the iterator's own line, where it
// called yield). Called at the start of each call of the body.
func (l *RangeLoop) Track(line *int, file string) {
	if l.line.Load() == nil {
		l.line.CompareAndSwap(nil, &trackedLine{line, file})
	}
}

// Panicking is deferred by the yield function: when the body it called
// did not return (it panicked), it records the body's line (see Track).
func (l *RangeLoop) Panicking() {
	if l.state.Load() != rangePanic {
		return
	}
	if t := l.line.Load(); t != nil {
		panicpos.Leave(t.line, t.file)
	}
}
