//go:build unix

package serve

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

// CanSupervise reports whether this platform runs the dev server under a
// Supervisor: it needs inherited file descriptors and Unix signals.
const CanSupervise = true

// raise ends this process by sig, as if it had not been caught.
func raise(sig syscall.Signal) {
	signal.Reset(sig)
	_ = syscall.Kill(os.Getpid(), sig)
	time.Sleep(time.Second) // the signal ends the process meanwhile
}
