// Package nextcompat holds devserver's compatibility test with Next.js
// 16.5's own Go routes (experimental.goRoutes): testdata/project is a
// project in Next's convention (route.go files, a proxy.go using
// next/go/proxy, package.json, next.config.js, a go.mod that mentions
// neither devserver nor next/go), testdata/cases.json the requests sent to
// it, and testdata/expected.json what `next dev` answered to each,
// recorded by record.mjs. TestCompat sends the same requests to devserver
// serving the project and to the binary devserver build makes of it, and
// compares. It has no code of its own.
package nextcompat
