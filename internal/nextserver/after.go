package nextserver

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// Afterer is what a request carries in its context for next.After.
type Afterer = hook.Afterer

// DataCache is what a request carries in its context for next.Cached.
type DataCache = hook.DataCache

// Sockets is what a request carries in its context for next.Upgrade.
type Sockets = hook.Sockets

// RequestContext is the context of a request as the server hands it to
// route code: it carries what package next finds in it (next.After,
// next.Cached, next.Upgrade) and can be cancelled before its parent, once
// the response is sent or when the handler runs out of time.
//
// It is made for every request, so it costs nothing until used: the
// cancellable context under it (context.WithCancel of the parent, which
// registers with the parent and allocates a channel) is made on the first
// call of Done, or when Value is asked after Cancel. Most requests never
// call Done: they are then cancelled by a flag.
//
// The zero value is not usable: Init it. A RequestContext must not be
// copied after Init.
type RequestContext struct {
	parent  context.Context
	after   Afterer
	data    DataCache
	sockets Sockets

	mu    sync.Mutex
	err   error // set by the first Cancel (under mu): what Err answers
	inner atomic.Pointer[innerContext]
}

// innerContext is the cancellable context made on first need.
type innerContext struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// Init makes c the context under parent carrying a for next.After, d for
// next.Cached and s for next.Upgrade.
func (c *RequestContext) Init(parent context.Context, a Afterer, d DataCache, s Sockets) {
	c.parent, c.after, c.data, c.sockets = parent, a, d, s
}

// Cancel ends c (its Err is then context.Canceled, unless the parent
// ended first), as the CancelFunc of context.WithCancel does. It may be
// called any number of times, from any goroutine.
func (c *RequestContext) Cancel() {
	c.mu.Lock()
	if c.err == nil {
		// A parent that ended first gave its reason, as it would have
		// to the context made by Done.
		if c.err = c.parent.Err(); c.err == nil {
			c.err = context.Canceled
		}
	}
	in := c.inner.Load()
	c.mu.Unlock()
	if in != nil {
		in.cancel()
	}
}

// made returns the cancellable context under c, making it (already
// cancelled after Cancel) if it is not yet.
func (c *RequestContext) made() *innerContext {
	if in := c.inner.Load(); in != nil {
		return in
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if in := c.inner.Load(); in != nil {
		return in
	}
	ctx, cancel := context.WithCancel(c.parent)
	if c.err != nil {
		cancel()
	}
	in := &innerContext{ctx: ctx, cancel: cancel}
	c.inner.Store(in)
	return in
}

// Deadline is the parent's.
func (c *RequestContext) Deadline() (deadline time.Time, ok bool) { return c.parent.Deadline() }

// Done returns a channel closed once c is cancelled or its parent is done.
func (c *RequestContext) Done() <-chan struct{} { return c.made().ctx.Done() }

// Err returns nil until c is cancelled or its parent is done, then why:
// what the context made at the next Done would answer.
func (c *RequestContext) Err() error {
	if in := c.inner.Load(); in != nil {
		return in.ctx.Err()
	}
	c.mu.Lock()
	err := c.err
	c.mu.Unlock()
	if err != nil {
		return err
	}
	return c.parent.Err()
}

// Value returns what the keys of package next name, and for any other key
// what the context under c has. Once the cancellable context exists, that
// is it: context.WithCancel of c then finds it (with Done's channel), and
// a child registers with it instead of starting a goroutine to watch c;
// context.Cause finds its cause. After Cancel it is made for that reason.
func (c *RequestContext) Value(key any) any {
	switch key.(type) {
	case hook.AfterKey:
		return c.after
	case hook.DataKey:
		return c.data
	case hook.SocketsKey:
		return c.sockets
	}
	if in := c.inner.Load(); in != nil {
		return in.ctx.Value(key)
	}
	c.mu.Lock()
	canceled := c.err != nil
	c.mu.Unlock()
	if canceled {
		return c.made().ctx.Value(key)
	}
	return c.parent.Value(key)
}

// String names c, for debugging.
func (c *RequestContext) String() string { return "nextserver.RequestContext" }
