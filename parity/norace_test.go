//go:build !race

package parity_test

// raceDetector reports whether the tests run with the race detector.
const raceDetector = false
