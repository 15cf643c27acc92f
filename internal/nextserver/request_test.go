package nextserver

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/devserver/devserver/next"
)

type requestKey struct{}

// TestNewRequestContext checks that a request made with its context apart
// from its *http.Request behaves as one made from r.WithContext(ctx): its
// Context, and its Raw (made once, whoever asks first, carrying the params),
// while r itself is left as it was.
func TestNewRequestContext(t *testing.T) {
	r := httptest.NewRequest("GET", "/items/42?name=ada", nil)
	ctx := context.WithValue(r.Context(), requestKey{}, "mine")
	req := NewRequestContext(r, ctx)
	SetParams(req, next.Params{"id": {"42"}})

	if got := req.Context().Value(requestKey{}); got != "mine" {
		t.Fatalf("Context().Value = %v, want the context given", got)
	}
	if got := req.NextURL.SearchParams.Get("name"); got != "ada" {
		t.Errorf("SearchParams name = %q", got)
	}
	raws := make([]any, 8)
	var wg sync.WaitGroup
	for i := range raws {
		wg.Go(func() { raws[i] = req.Raw() })
	}
	wg.Wait()
	raw := req.Raw()
	for i, got := range raws {
		if got != raw {
			t.Fatalf("Raw call %d returned another request than the others", i)
		}
	}
	if raw == r {
		t.Fatal("Raw returned the request without the context")
	}
	if got := raw.Context().Value(requestKey{}); got != "mine" {
		t.Errorf("Raw().Context().Value = %v, want the context given", got)
	}
	if got := raw.PathValue("id"); got != "42" {
		t.Errorf("Raw().PathValue(id) = %q, want 42", got)
	}
	if raw.URL != r.URL || raw.Method != r.Method {
		t.Error("Raw is not a copy of the request")
	}
	if r.Context().Value(requestKey{}) != nil || r.PathValue("id") != "" {
		t.Error("the request itself changed")
	}

	other := context.WithValue(context.Background(), requestKey{}, "other")
	c := req.WithContext(other)
	if got := c.Context().Value(requestKey{}); got != "other" {
		t.Errorf("WithContext: Context().Value = %v, want other", got)
	}
	if got := c.Raw().Context().Value(requestKey{}); got != "other" {
		t.Errorf("WithContext: Raw().Context().Value = %v, want other", got)
	}
	if got := req.Context().Value(requestKey{}); got != "mine" {
		t.Errorf("after WithContext, the original's Context().Value = %v, want mine", got)
	}
}
