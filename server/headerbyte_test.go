package server

import (
	"testing"

	"golang.org/x/net/http/httpguts"
)

// TestInvalidHeaderByte checks the written-out rule against httpguts for
// every byte, alone and inside a value.
func TestInvalidHeaderByte(t *testing.T) {
	for b := 0; b < 256; b++ {
		v := "ab" + string([]byte{byte(b)}) + "cd"
		want := -1
		if !httpguts.ValidHeaderFieldValue(v) {
			want = 2
		}
		if got := invalidHeaderByte(v); got != want {
			t.Errorf("invalidHeaderByte(%q) = %d, want %d", v, got, want)
		}
	}
}
