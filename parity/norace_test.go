//go:build !race

package parity_test

// raceEnabled reports whether the tests run under the race detector, in
// which TestFixtures runs only the fixtures that start goroutines (see
// racyFixture).
const raceEnabled = false
