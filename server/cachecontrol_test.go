package server

import (
	"testing"
	"time"
)

func TestSharedCacheControl(t *testing.T) {
	for _, c := range []struct {
		maxAge time.Duration
		want   string
	}{
		{0, "s-maxage=31536000"},
		{60 * time.Second, "s-maxage=60, stale-while-revalidate=31535940"},
		{1500 * time.Millisecond, "s-maxage=1, stale-while-revalidate=31535999"},
		{400 * 24 * time.Hour, "s-maxage=34560000"},
	} {
		if got := sharedCacheControl(c.maxAge); got != c.want {
			t.Errorf("sharedCacheControl(%v) = %q, want %q", c.maxAge, got, c.want)
		}
	}
}
