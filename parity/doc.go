// Package parity holds the parity suite: one table of requests run against
// the dev server and against the binary `devserver build` makes of the same
// app, whose answers must be identical (status, headers, body bytes). It has
// no code of its own, only tests; the apps are the sample app and the
// fixtures in testdata/, one txtar file each.
package parity
