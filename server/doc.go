// Package server is devserver's HTTP server: it answers requests from the
// current generation of an app (its route table, the loaded handlers, the
// proxy, public/ and the page templates) and swaps in a new generation on
// every reload, so each request is served by exactly one. It owns the
// request path (guard, /_devserver/, static files, proxy, match, cache,
// call, respond), the error pages and live reload. What a route is comes
// from package approuter; the handlers come from a Loader, the interpreter
// in development or compiled code in a production build.
package server
