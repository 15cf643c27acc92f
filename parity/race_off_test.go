//go:build !race

package parity_test

// raceDetector is whether this test binary runs with the race detector.
const raceDetector = false
