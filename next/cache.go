package next

import (
	"context"

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
// Without a profile they expire at once: the next request for each
// computes it again, and waits for it (Next.js's deprecated one-argument
// revalidateTag, and its updateTag). With one, as Next.js 16's
// revalidateTag(tag, profile), they become stale: the next request gets
// the stale one while one refresh runs in the background (the profile's
// times are not used: a stale entry is served until that refresh
// replaces it).
//
//	next.RevalidateTag("posts", next.LifeMax) // revalidateTag('posts', 'max')
func RevalidateTag(tag string, profile ...CacheLife) {
	if hook.RevalidateTag != nil && tag != "" {
		hook.RevalidateTag(tag, len(profile) > 0)
	}
}

// RevalidatePath expires the cached responses of path, as Next.js's
// revalidatePath: a URL path such as "/blog/hello" (as the client sends it;
// a trailing slash is ignored), or a route's pattern such as "/blog/[slug]",
// which expires every path of that route. Every cached response is tagged
// with its path and its route implicitly, so this works on any cached route
// (Dynamic = "force-static", Revalidate) with no CacheTag call.
func RevalidatePath(path string) {
	if hook.RevalidatePath != nil && path != "" {
		hook.RevalidatePath(path)
	}
}
