package nextserver

import (
	"context"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// Afterer is what a request carries in its context for next.After.
type Afterer = hook.Afterer

// DataCache is what a request carries in its context for next.Cached.
type DataCache = hook.DataCache

// Sockets is what a request carries in its context for next.Upgrade.
type Sockets = hook.Sockets

// WithRequest returns ctx carrying a for next.After, d for next.Cached
// and s for next.Upgrade: one context for all, made for every request.
func WithRequest(ctx context.Context, a Afterer, d DataCache, s Sockets) context.Context {
	return &requestContext{Context: ctx, after: a, data: d, sockets: s}
}

// requestContext is a context carrying what package next finds in a
// request's context.
type requestContext struct {
	context.Context
	after   Afterer
	data    DataCache
	sockets Sockets
}

// Value returns what the keys of package next name, and what the parent
// has for any other key.
func (c *requestContext) Value(key any) any {
	switch key.(type) {
	case hook.AfterKey:
		return c.after
	case hook.DataKey:
		return c.data
	case hook.SocketsKey:
		return c.sockets
	}
	return c.Context.Value(key)
}
