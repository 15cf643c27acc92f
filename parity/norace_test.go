//go:build !race

package parity_test

import "time"

// raceEnabled reports whether the tests run under the race detector, in
// which TestFixtures runs only the fixtures that start goroutines (see
// startsGoroutines).
const raceEnabled = false

// requestTimeout bounds one request: a route that hangs fails the test.
const requestTimeout = 10 * time.Second
