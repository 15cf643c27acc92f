package server

import (
	"net/url"
	"path"
	"strings"
	"unicode/utf16"
)

// Cache tags as Next.js computes them (next/dist/server/lib/implicit-tags.js
// and revalidatePath in next/dist/server/web/spec-extension/revalidate.js),
// so that next.RevalidatePath reaches what revalidatePath would.

// implicitTagPrefix starts the tags every cached response has implicitly,
// as Next.js's _N_T_ tags: RevalidatePath revalidates them.
const implicitTagPrefix = "_N_T_"

// Limits of Next.js: a tag longer than maxTagLength (in UTF-16 code units,
// as JavaScript counts) is never given; a path longer than maxPathLength
// is not revalidated.
const (
	maxTagLength  = 256
	maxPathLength = 1024
)

// routePage is the route file's path as Next.js names the page of a route,
// groups included and without its extension: "/blog/[slug]/route" for
// app/blog/[slug]/route.go, "/(shop)/cart/route", "/route" for app/route.go.
func routePage(file string) string {
	return "/" + strings.TrimSuffix(file, path.Ext(file))
}

// implicitTags are the tags Next.js gives everything cached while serving
// path (as the request has it, percent-encoded) from the route whose page
// is page: a layout tag for the root and each folder above the route file,
// the page's own ("/blog/[slug]/route"), and the path's. "/" and "/index"
// go together.
func implicitTags(page, urlPath string) []string {
	tags := []string{implicitTagPrefix + "/layout"}
	for i := 1; ; {
		end := strings.IndexByte(page[i:], '/')
		if end < 0 {
			end = len(page)
		} else {
			end += i
		}
		segment := page[:end]
		if !strings.HasSuffix(segment, "/page") && !strings.HasSuffix(segment, "/route") {
			segment += "/layout"
		}
		tags = append(tags, implicitTagPrefix+encodeTag(segment))
		if end == len(page) {
			break
		}
		i = end + 1
	}
	if urlPath != "" {
		tags = append(tags, implicitTagPrefix+encodeTag(urlPath))
	}
	return withIndex(tags)
}

// withIndex adds "_N_T_/index" to tags holding "_N_T_/", and the other way
// round, as Next.js does.
func withIndex(tags []string) []string {
	root, index := implicitTagPrefix+"/", implicitTagPrefix+"/index"
	hasRoot, hasIndex := false, false
	for _, t := range tags {
		hasRoot = hasRoot || t == root
		hasIndex = hasIndex || t == index
	}
	switch {
	case hasRoot && !hasIndex:
		tags = append(tags, index)
	case hasIndex && !hasRoot:
		tags = append(tags, root)
	}
	return tags
}

// pathTags returns the tags next.RevalidatePath(p, kind) revalidates, as
// Next.js's revalidatePath computes them: the path without one trailing
// slash, followed by "/page" or "/layout" when kind is given. warning says
// why it reaches nothing, when Next.js warns: a path that is too long (then
// tags is nil), or a pattern with a dynamic segment given without a kind.
func pathTags(p string, kind string) (tags []string, warning string) {
	if len(utf16.Encode([]rune(p))) > maxPathLength {
		return nil, "the path is longer than 1024 characters: nothing revalidated"
	}
	tag := implicitTagPrefix + encodeTag(removeTrailingSlash(p))
	if kind != "" {
		if !strings.HasSuffix(tag, "/") {
			tag += "/"
		}
		tag += kind
	} else if isDynamicRoute(p) {
		warning = "a pattern with a dynamic segment and no type revalidates nothing (as in Next.js): give it a type, next.PathLayout for a route handler"
	}
	return withIndex([]string{tag}), warning
}

// removeTrailingSlash drops one trailing slash of a path other than "/".
func removeTrailingSlash(p string) string {
	if t := strings.TrimSuffix(p, "/"); t != "" {
		return t
	}
	return p
}

// isDynamicRoute reports whether p has a dynamic segment ("[id]",
// "[...slug]", "[[...slug]]"), as Next.js's isDynamicRoute does.
func isDynamicRoute(p string) bool {
	for _, seg := range strings.Split(p, "/")[1:] { // each after a slash
		if len(seg) > 2 && seg[0] == '[' && seg[len(seg)-1] == ']' {
			return true
		}
	}
	return false
}

// encodeTag percent-encodes every character of tag other than a tab and
// printable ASCII, as Next.js's encodeHeaderSafe, so that a tag compares
// the same however it was given ("/café" and the request's "/caf%C3%A9").
func encodeTag(tag string) string {
	i := strings.IndexFunc(tag, outOfTagClass)
	if i < 0 {
		return tag
	}
	var b strings.Builder
	b.WriteString(tag[:i])
	for _, r := range tag[i:] {
		if outOfTagClass(r) {
			b.WriteString(url.PathEscape(string(r)))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func outOfTagClass(r rune) bool { return r != '\t' && (r < 0x20 || r > 0x7e) }

// validTag reports whether Next.js gives tag to what is cached: not empty,
// and at most maxTagLength UTF-16 code units.
func validTag(tag string) bool {
	return tag != "" && len(utf16.Encode([]rune(tag))) <= maxTagLength
}
