// Package conformance holds the oracle for devserver's Next.js semantics:
// record.mjs runs Next.js's own modules (its middleware matcher over its
// bundled path-to-regexp, @edge-runtime/cookies, NextURL, NextResponse)
// over the tables of inputs.mjs and writes testdata/*.json. The tests of
// this package replay the cookie, URL and response fixtures against package
// next; server's tests replay matcher.json against the proxy matcher.
// record-server.mjs builds nextapp/ with Next.js and records what next start
// answers (testdata/server.json); TestNextStart sends the same requests to
// the dev server running testdata/goapp, nextapp's Go twin. CI needs no
// node: refresh the fixtures when Next.js changes with
//
//	cd conformance/_oracle && npm ci && cd .. && node record.mjs && node record-server.mjs
package conformance
