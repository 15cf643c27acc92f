//go:build race

package parity_test

import "time"

// raceEnabled: see norace_test.go.
const raceEnabled = true

// requestTimeout is longer under the race detector: a heavy route
// (runtime.GC in gotest_fixedbugs_3's issue16515, beside the other
// packages' tests) took more than 10 s on a busy 2-core machine.
const requestTimeout = 30 * time.Second
