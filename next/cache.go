package next

import (
	"context"
	"math"
	"time"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// CacheTag tags the cached response of the GET req is rendering, as Next.js's
// cacheTag: RevalidateTag with any of the tags expires it. It does nothing
// for a request that is not rendered for the cache (a route whose segment
// config does not cache it, another method). Tags are case-sensitive; empty
// ones are ignored. req is the handler's *Request, or its *http.Request in
// a net/http handler.
//
//	func GET(req *next.Request) *next.Response {
//		next.CacheTag(req, "posts", "post:"+id)
//		...
//	}
func CacheTag(req interface{ Context() context.Context }, tags ...string) {
	if req == nil {
		return
	}
	if t, ok := req.Context().Value(hook.TagsKey{}).(hook.Tagger); ok {
		t.AddTags(tags...)
	}
}

// RevalidateTag revalidates every cached response and next.Cached value
// tagged tag (by CacheTag, CacheOptions.Tags), on every server of the
// process and, with a shared cache store, on every replica using it. Call
// it from any handler, for example the POST a CMS webhook sends.
//
// With a profile, as Next.js 16's revalidateTag(tag, profile), they become
// stale: the next request for each is answered from the stale copy while
// one refresh runs in the background, until the profile's Expire has
// passed since this call (its Revalidate is not used, as Next.js reads
// only expire); past that, a request that still finds one waits for a new
// one. LifeMax, Next.js's recommended 'max', serves stale copies for a
// year; a profile whose Expire is zero takes LifeDefault's, never.
//
// Without a profile they expire at once: the next request for each
// computes it again, and waits for it (Next.js's revalidateTag(tag,
// {expire: 0}), its deprecated one-argument form, and its updateTag).
//
//	next.RevalidateTag("posts", next.LifeMax) // revalidateTag('posts', 'max')
//	next.RevalidateTag("posts")               // revalidateTag('posts', { expire: 0 })
func RevalidateTag(tag string, profile ...CacheLife) {
	if hook.RevalidateTag == nil || tag == "" {
		return
	}
	var expire time.Duration
	if len(profile) > 0 {
		expire = max(profile[0].withDefaults().Expire, 0)
		if expire == 0 {
			expire = math.MaxInt64 // never, as Next.js's INFINITE_CACHE
		}
	}
	hook.RevalidateTag(tag, expire)
}

// PathType is the type argument of RevalidatePath, Next.js's 'page' or
// 'layout'.
type PathType string

// The types of RevalidatePath.
const (
	// PathPage revalidates the paths of one page file, given by its
	// pattern ("/blog/[slug]"), not those below it. A route handler is
	// not a page: PathPage does not reach it, as in Next.js; PathLayout
	// or its URL path does.
	PathPage PathType = "page"
	// PathLayout revalidates every path under a folder, given by its
	// pattern ("/blog/[slug]"; "/" for all), route handlers included.
	PathLayout PathType = "layout"
)

// RevalidatePath expires what is cached for a path, as Next.js's
// revalidatePath(path, type): cached responses, and next.Cached values
// read while serving it. With no type, path is a URL path such as
// "/blog/hello" (as the client sends it: one trailing slash is ignored).
// With a type, it is a folder of app/ by its pattern, route groups
// included: PathLayout revalidates everything below it, as
// revalidatePath('/blog/[slug]', 'layout'). A pattern with a dynamic
// segment and no type revalidates nothing (the server logs a warning, as
// Next.js does). Every cached response is tagged implicitly with its path,
// the route file and each folder above it, so this works on any cached
// route (Dynamic = "force-static", Revalidate) with no CacheTag call.
//
//	next.RevalidatePath("/blog/hello")
//	next.RevalidatePath("/blog/[slug]", next.PathLayout)
//	next.RevalidatePath("/", next.PathLayout) // everything
func RevalidatePath(path string, typ ...PathType) {
	if hook.RevalidatePath == nil || path == "" {
		return
	}
	var kind PathType
	if len(typ) > 0 {
		kind = typ[0]
	}
	hook.RevalidatePath(path, string(kind))
}
