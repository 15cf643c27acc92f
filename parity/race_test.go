//go:build race

package parity_test

// raceEnabled: see norace_test.go.
const raceEnabled = true
