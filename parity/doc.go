// Package parity holds the parity suite: one table of requests run against
// the dev server and against the binary `devserver build` makes of the same
// app, whose answers must be identical (status, headers, body bytes). It has
// no code of its own, only tests; the apps are the sample app and the
// fixtures in testdata/, one txtar file each: the app's files, a file
// named "requests" (one request a line), and optionally a file named
// "interpreted" listing route files that must run in the dev server's
// fast tier (the test fails when its log says one runs compiled).
//
// Fixtures that cannot see each other (routes under different first
// segments, files in different places, no process-wide state: see
// batch_test.go) are served as one app, up to twelve at a time, each still
// a subtest of its own with its own requests: one go build per batch
// instead of one per fixture, which was most of the suite's time.
// PARITY_SOLO=1 serves every fixture alone.
//
// Under the race detector (the README's go test -race ./...) only the
// fixtures starting goroutines run: the detector makes the interpreter
// about three times slower, and races need goroutines. go test ./parity
// runs them all; CI runs both.
//
// PARITY_FIXTURES=<folder> runs the fixtures of another folder instead of
// testdata/. parity/gen writes such folders: apps of generated routes
// crossing destinations, sources, value types and contexts, from a seed
// (go run ./parity/gen -seed 1 -apps 2 -run, from the repository's root).
// CI does not run it; what it finds becomes a gen_<what>.txtar fixture.
package parity
