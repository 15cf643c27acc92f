package server

import (
	"net/http"
	"slices"
	"testing"
)

// TestNegotiate checks the coding chosen for an Accept-Encoding header
// against next start's compression middleware. The cases marked "next"
// were answered so by next dev 16.5.0 (which runs the same middleware);
// the others follow from the npm package negotiator it uses.
func TestNegotiate(t *testing.T) {
	for _, c := range []struct{ accept, want string }{
		{"", ""},
		{"gzip, deflate, br", "gzip"},
		{"deflate", "deflate"},                         // next
		{"deflate, gzip", "gzip"},                      // next: deflate only without gzip
		{"gzip;q=0.5, deflate", "gzip"},                // next: gzip acceptable at all wins
		{"deflate, gzip;q=0.5, identity", ""},          // next: then gzip against identity alone
		{"*", "gzip"},                                  // next
		{"gzip;q=0, *", "deflate"},                     // next: the named coding beats "*"
		{"br", ""},                                     // next
		{"GZIP", "gzip"},                               // next
		{"x-gzip", ""},                                 // next: no alias
		{"deflate;q=0.5, identity;q=0.2", "deflate"},   // next
		{"gzip;q=0", ""},                               // refused
		{"gzip;q=0.001", "gzip"},                       // identity added at the lowest q, tie to gzip (offered first)
		{"identity, gzip;q=0.5", ""},                   // identity preferred
		{"identity;q=0, deflate;q=0.1", "deflate"},     // nothing better
		{"deflate;q=1, gzip;q=0.9", "gzip"},            // gzip whenever acceptable
		{"gzip;q=abc", ""},                             // a q that is not a number is no quality
		{"gzip;q=0.5x, identity;q=0.4", "gzip"},        // parseFloat reads the number at the start
		{"gzip;q", ""},                                 // q without a value
		{"gzip ; q=0.7 , identity;q=0.8", ""},          // spaces around the parameters
		{"gzip deflate", ""},                           // two words: not an element
		{"gzip;level=1;q=0.9, identity;q=0.5", "gzip"}, // q after another parameter
		{"*;q=0.5, identity;q=1", ""},                  // "*" counts as naming identity
		{"*;q=0.5", "gzip"},                            // and identity is then "*"'s
		{"deflate;q=Infinity, gzip;q=0", "deflate"},    // Infinity is a number to parseFloat
		{"gzip;q=1e-999", ""},                          // rounds to 0
		{", ,gzip", "gzip"},                            // empty elements skipped
		{"identity", ""},
	} {
		if got := negotiate(c.accept); got != c.want {
			t.Errorf("negotiate(%q) = %q, want %q", c.accept, got, c.want)
		}
	}
}

// TestCompressible checks the types compressed, as the npm package
// compressible answers for them.
func TestCompressible(t *testing.T) {
	for _, c := range []struct {
		contentType string
		want        bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"application/json; charset", true}, // a bad parameter: the type is what counts
		{"APPLICATION/JSON", true},
		{"  text/html", true},
		{"text/plain;charset=UTF-8", true},
		{"text/event-stream", true},
		{"image/svg+xml", true},
		{"application/foo+text", true},
		{"application/ld+json", true},
		{"application/x-sh", true},
		{"font/ttf", true},
		{"image/x-icon", true},
		{"application/wasm", true},
		{"application/octet-stream", false},
		{"image/png", false},
		{"font/woff2", false},
		{"application/zip", false},
		{"", false},
		{";charset=utf-8", false},
		{"textual/plain", false},
	} {
		if got := compressible(c.contentType); got != c.want {
			t.Errorf("compressible(%q) = %v, want %v", c.contentType, got, c.want)
		}
	}
}

// TestAddVary checks how Accept-Encoding joins a Vary header the handler
// set, as the npm package vary joins it.
func TestAddVary(t *testing.T) {
	for _, c := range []struct{ have, want []string }{
		{nil, []string{"Accept-Encoding"}},
		{[]string{""}, []string{"Accept-Encoding"}},
		{[]string{"Accept-Language"}, []string{"Accept-Language, Accept-Encoding"}},
		{[]string{"Accept-Language", "Origin"}, []string{"Accept-Language, Origin, Accept-Encoding"}},
		{[]string{"accept-encoding"}, []string{"accept-encoding"}},
		{[]string{"*"}, []string{"*"}},
		{[]string{"Origin, *"}, []string{"*"}},
	} {
		h := http.Header{}
		if c.have != nil {
			h["Vary"] = slices.Clone(c.have)
		}
		addVary(h, "Accept-Encoding", nil)
		if got := h["Vary"]; !slices.Equal(got, c.want) {
			t.Errorf("Vary %q + Accept-Encoding = %q, want %q", c.have, got, c.want)
		}
	}
}

// TestNoTransform checks which Cache-Control values keep a body as it is.
func TestNoTransform(t *testing.T) {
	for _, c := range []struct {
		cacheControl string
		want         bool
	}{
		{"", false},
		{"no-transform", true},
		{"public, no-transform", true},
		{"no-transform, max-age=60", true},
		{"public,no-transform ,max-age=1", true},
		{"no-transformed", false},
		{"max-age=60", false},
	} {
		h := http.Header{}
		if c.cacheControl != "" {
			h.Set("Cache-Control", c.cacheControl)
		}
		if got := noTransform(h); got != c.want {
			t.Errorf("noTransform(%q) = %v, want %v", c.cacheControl, got, c.want)
		}
	}
}
