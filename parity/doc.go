// Package parity holds the parity suite: one table of requests run against
// the dev server and against the binary `devserver build` makes of the same
// app, whose answers must be identical (status, headers, body bytes). It has
// no code of its own, only tests; the apps are the sample app and the
// fixtures in testdata/, one txtar file each: the app's files, a file
// named "requests" (one request a line), and optionally a file named
// "interpreted" listing route files that must run in the dev server's
// fast tier (the test fails when its log says one runs compiled).
package parity
