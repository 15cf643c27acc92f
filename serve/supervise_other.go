//go:build !unix

package serve

import "syscall"

// CanSupervise reports whether this platform runs the dev server under a
// Supervisor: it needs inherited file descriptors and Unix signals.
const CanSupervise = false

func raise(syscall.Signal) {}

func childAttr() *syscall.SysProcAttr { return nil }
