package nextserver

import (
	"context"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// Afterer is what a request carries in its context for next.After.
type Afterer = hook.Afterer

// DataCache is what a request carries in its context for next.Cached.
type DataCache = hook.DataCache

// WithRequest returns ctx carrying a for next.After and d for next.Cached:
// one context for both, made for every request.
func WithRequest(ctx context.Context, a Afterer, d DataCache) context.Context {
	return &requestContext{Context: ctx, after: a, data: d}
}

// requestContext is a context carrying what package next finds in a
// request's context.
type requestContext struct {
	context.Context
	after Afterer
	data  DataCache
}

// Value returns what the keys of package next name, and what the parent
// has for any other key.
func (c *requestContext) Value(key any) any {
	switch key.(type) {
	case hook.AfterKey:
		return c.after
	case hook.DataKey:
		return c.data
	}
	return c.Context.Value(key)
}
