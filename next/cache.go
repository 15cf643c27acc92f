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

// RevalidateTag expires every cached response tagged tag (by CacheTag), on
// every server of the process and, with a shared cache store, on every
// replica using it: the next request for each renders it again. Call it
// from any handler, for example the POST a CMS webhook sends.
func RevalidateTag(tag string) {
	if hook.RevalidateTag != nil && tag != "" {
		hook.RevalidateTag(tag)
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
