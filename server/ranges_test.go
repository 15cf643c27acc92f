package server

import (
	"net/http/httptest"
	"testing"
)

// TestWithSendRanges checks the Range header http.ServeContent is given
// for a 6400-byte file, against what next start's send answered for the
// same header (noted after each): one range left is that range, several
// are the whole file, none is past the end (416), whatever ServeContent
// would have made of the header itself.
func TestWithSendRanges(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"bytes=0-99", "bytes=0-99"},                     // single: ServeContent's own
		{"bytes=0-99,50-199", "bytes=0-199"},             // 206 0-199
		{"bytes=0-99,100-199", "bytes=0-199"},            // 206 0-199 (touching)
		{"bytes=0-99,x-y", "bytes=0-99"},                 // 206 0-99 (bad element skipped)
		{"bytes=0-1499,3000-4499", ""},                   // 200
		{"bytes=0-99,-100", ""},                          // 200 (suffix: 6300-6399)
		{" bytes=5-9, 2-3", ""},                          // 200
		{"bytes=7000-8000,9000-", "bytes=6400-"},         // 416 bytes */6400
		{"bytes=-7000,0-10", "bytes=0-10"},               // 206 0-10 (a suffix longer than the file skipped)
		{"bytes=100-,0-100", "bytes=0-6399"},             // 206 0-6399
		{"bytes=5x-9,200-300abc", ""},                    // parseInt reads a prefix: 5-9 and 200-300, 200
		{"bytes=5x-9,5-300abc", "bytes=5-300"},           // 206 5-300
		{"items=0-1,3-4", "items=0-1,3-4"},               // not bytes: left alone
		{"bytes=99999999999999999999-,0-1", "bytes=0-1"}, // 206 0-1 (a start past the file skipped)
	} {
		r := httptest.NewRequest("GET", "/f", nil)
		if c.in != "" {
			r.Header.Set("Range", c.in)
		}
		got := withSendRanges(r, 6400).Header.Get("Range")
		if got != c.want {
			t.Errorf("Range %q: ServeContent gets %q, want %q", c.in, got, c.want)
		}
		if r.Header.Get("Range") != c.in {
			t.Errorf("Range %q: the caller's request was changed", c.in)
		}
	}
}
