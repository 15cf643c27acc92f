package server

import "strings"

// encodedDots turns the segments of an escaped path that are percent-encoded
// dots (%2e, .%2e, %2E%2E, ...) into the dot segments they are to a WHATWG
// URL parser, for the clean path a raw backslash is redirected to (other
// paths have their dots resolved in place, see resolveDots).
func encodedDots(p string) string {
	if !strings.Contains(p, "%") {
		return p
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		switch strings.ToLower(s) {
		case "%2e":
			segs[i] = "."
		case "%2e%2e", ".%2e", "%2e.":
			segs[i] = ".."
		}
	}
	return strings.Join(segs, "/")
}

// resolveDots removes the dot segments of the escaped path p ("." and
// "..", percent-encoded or not), as the WHATWG URL parser Next.js reads a
// request's URL with does: "/a/./b" is "/a/b", "/a/b/.." is "/a/", and ".."
// never climbs above the root. Empty segments stay: Next.js redirects those.
func resolveDots(p string) string {
	if !strings.Contains(p, "/.") && !strings.Contains(p, "%2") {
		return p
	}
	segs := strings.Split(p[1:], "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(s) {
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}
