// Package hook carries the server-side functions of package next to package
// nextserver. Package next sets them at init; nextserver gives them back with
// next's types. It exists because nextserver imports next, so next cannot
// import nextserver to hand them over, and route code must not see them in
// next itself. Nothing else should use it.
package hook

import (
	"context"
	"io"
	"net/http"
	"strings"
	"time"
)

// Set by package next's init. A value typed any is a *next.Request or a
// *next.Response, as the name says.
var (
	// NewRequest wraps an *http.Request as a *next.Request.
	NewRequest func(r *http.Request) any
	// NewRequestContext wraps an *http.Request as a *next.Request whose
	// context is ctx, which r does not carry.
	NewRequestContext func(r *http.Request, ctx context.Context) any
	// Outgoing returns the cookies set or deleted through a request's
	// cookie store.
	Outgoing func(req any) []*http.Cookie
	// Proxy returns what a response asks of the server: continue (from
	// next.Next or next.Rewrite), the rewrite URL, and the request headers
	// for the route.
	Proxy func(res any) (isNext bool, rewrite string, requestHeaders http.Header)
	// Upgrade returns the function serving the WebSocket a response of
	// next.Upgrade asks for, or nil.
	Upgrade func(res any) func(w http.ResponseWriter, r *http.Request)
	// SetParams gives a request the route params its Raw().PathValue
	// returns, set on first use.
	SetParams func(req any, params map[string][]string)
)

// SetPathValues fills r.PathValue for every param, as Next.js fills it for
// route.go: the decoded value, a catch-all's segments joined with "/". An
// optional catch-all that matched nothing is left unset ("").
func SetPathValues(r *http.Request, params map[string][]string) {
	for name, values := range params {
		r.SetPathValue(name, strings.Join(values, "/"))
	}
}

// Set by package nextserver's init: where next.RevalidateTag and
// next.RevalidatePath go (every server of the process).
var (
	// RevalidateTag makes what is cached tagged tag stale now, and
	// expired once expire has passed (0: at once).
	RevalidateTag func(tag string, expire time.Duration)
	// RevalidatePath expires what the implicit tag of path and kind
	// ("", "page" or "layout") tags.
	RevalidatePath func(path, kind string)
)

// TagsKey is the context key under which the request of a GET being
// rendered for the cache carries its Tagger, for next.CacheTag.
type TagsKey struct{}

// Tagger collects the tags of the response being rendered for the cache.
type Tagger interface{ AddTags(tags ...string) }

// AfterKey is the context key under which a request carries its
// Afterer, for next.After.
type AfterKey struct{}

// Afterer runs work once the response of its request is sent.
type Afterer interface{ After(fn func()) }

// ParamsKey is the context key under which a request carries its route
// params for next.ParamsFrom.
type ParamsKey struct{}

// DataKey is the context key under which a request carries its
// DataCache, for next.Cached.
type DataKey struct{}

// DataCache keeps the values of next.Cached, JSON-encoded.
type DataCache interface {
	// Load returns the value kept under key, or computes, keeps and
	// returns it. A value revalidate old is returned while one refresh
	// runs in the background; one expire old, or whose tags were
	// revalidated, is computed again before returning.
	Load(ctx context.Context, key string, tags []string, revalidate, expire time.Duration, compute func(context.Context) ([]byte, error)) ([]byte, error)
}

// SocketsKey is the context key under which a request carries its
// Sockets, for next.Upgrade and next.ServeWebSocket.
type SocketsKey struct{}

// Sockets is the server's record of the WebSocket connections it serves.
type Sockets interface {
	// Track makes a shutdown close c, and wait for the connection's
	// handler, until done is called.
	Track(c io.Closer) (done func())
	// Failed reports the error a WebSocket handler returned.
	Failed(err error)
}
