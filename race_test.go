//go:build race

package main

// Under -race the devserver binary the tests run is built with the race
// detector too: route code runs in it, and the crash tests show that the
// supervisor copes with what the detector changes (it reports a data race
// before the runtime's "concurrent map writes", and makes stacks larger).
func init() { buildFlags = append(buildFlags, "-race") }
