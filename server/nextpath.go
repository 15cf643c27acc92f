package server

import "strings"

// encodedDots turns the segments of an escaped path that are percent-encoded
// dots (%2e, .%2e, %2E%2E, ...) into the dot segments they are to a WHATWG
// URL parser, which Next.js resolves before routing; the path is then
// cleaned, and the client redirected, as for literal dots.
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
