// Package proxy is devserver's implementation of next/go/proxy, the Go SDK
// package Next.js 16.5 gives proxy.go: Next and Rewrite tell the server,
// through headers of the proxy's response, to continue routing the request
// or to route it to another URL, optionally with other request headers.
// devserver serves it as the module next/go when an app's go.mod does not
// point next/go at the copy inside node_modules. The headers are the ones
// Next.js reads (x-middleware-next, x-middleware-rewrite,
// x-middleware-override-headers, x-middleware-request-*), so the server
// understands this package and Next.js's own alike.
package proxy

import (
	"net/http"
	"sort"
	"strings"
)

// Option configures Next or Rewrite. Options apply in order.
type Option func(*options)

type options struct {
	requestHeaders http.Header
}

// WithRequestHeaders replaces the headers of the request the route sees. A
// nil map keeps the incoming headers; an empty map removes them all. Names
// are case-insensitive (values of names differing only in case are
// combined), hop-by-hop headers are ignored, and the last
// WithRequestHeaders wins.
func WithRequestHeaders(headers http.Header) Option {
	return func(o *options) { o.requestHeaders = headers }
}

// Next continues routing the request. Call it before writing a body: any
// response without it (or Rewrite) is sent to the client as it is.
func Next(w http.ResponseWriter, opts ...Option) {
	apply(w, opts)
	w.Header().Set("x-middleware-next", "1")
}

// Rewrite routes the request to destination, keeping the URL the client
// asked for. A relative destination resolves against the request URL.
func Rewrite(w http.ResponseWriter, destination string, opts ...Option) {
	apply(w, opts)
	w.Header().Set("x-middleware-rewrite", destination)
}

// noHeaders is the one name sent for an empty header list: Next.js ignores
// an empty override list, and naming a header no request has removes the
// others.
const noHeaders = "x-next-internal-go-empty-override"

// hopByHop are the headers of one connection, never passed on.
var hopByHop = []string{"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}

// apply writes the request headers the options ask for into w's headers.
func apply(w http.ResponseWriter, opts []Option) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.requestHeaders == nil {
		return
	}
	skip := make(map[string]bool)
	for _, name := range hopByHop {
		skip[name] = true
	}
	for key, values := range o.requestHeaders {
		if strings.EqualFold(key, "Connection") {
			for _, v := range values {
				for _, name := range strings.Split(v, ",") {
					if name = strings.TrimSpace(name); name != "" {
						skip[strings.ToLower(name)] = true
					}
				}
			}
		}
	}
	keys := make([]string, 0, len(o.requestHeaders))
	for key := range o.requestHeaders {
		keys = append(keys, key)
	}
	sort.Strings(keys) // a stable order for names that differ only in case
	var names []string
	merged := make(map[string][]string)
	for _, key := range keys {
		name := strings.ToLower(key)
		if skip[name] {
			continue
		}
		if _, ok := merged[name]; !ok {
			names = append(names, name)
			merged[name] = []string{}
		}
		merged[name] = append(merged[name], o.requestHeaders[key]...)
	}
	h := w.Header()
	for _, name := range names {
		h["x-middleware-request-"+name] = merged[name]
	}
	if len(names) == 0 {
		names = []string{noHeaders}
	}
	h.Set("x-middleware-override-headers", strings.Join(names, ","))
}
