package next

import (
	"context"
	"net/http/httptest"
	"testing"
)

// TestRawPathValues checks that Raw gives the route params through
// PathValue, as the server hands them over (setParams), whether Raw is first
// called before the params are known (by a proxy) or after, and on a copy
// made by WithContext.
func TestRawPathValues(t *testing.T) {
	params := Params{"id": {"42"}, "slug": {"a", "b"}, "opt": nil}
	check := func(t *testing.T, req *Request) {
		t.Helper()
		raw := req.Raw()
		for name, want := range map[string]string{"id": "42", "slug": "a/b", "opt": ""} {
			if got := raw.PathValue(name); got != want {
				t.Errorf("Raw().PathValue(%q) = %q, want %q", name, got, want)
			}
		}
	}
	t.Run("route", func(t *testing.T) {
		req := newRequest(httptest.NewRequest("GET", "/x/42", nil))
		req.setParams(params)
		check(t, req)
		check(t, req) // again: set once
	})
	t.Run("after the proxy called Raw", func(t *testing.T) {
		req := newRequest(httptest.NewRequest("GET", "/x/42", nil))
		if got := req.Raw().PathValue("id"); got != "" {
			t.Errorf("the proxy's Raw().PathValue(id) = %q, want none: no route yet", got)
		}
		req.setParams(params)
		check(t, req)
	})
	t.Run("WithContext", func(t *testing.T) {
		req := newRequest(httptest.NewRequest("GET", "/x/42", nil))
		req.setParams(params)
		check(t, req.WithContext(context.Background()))
		check(t, req)
	})
	t.Run("no params", func(t *testing.T) {
		req := newRequest(httptest.NewRequest("GET", "/x", nil))
		if got := req.Raw().PathValue("id"); got != "" {
			t.Errorf("Raw().PathValue(id) = %q, want none", got)
		}
	})
}
