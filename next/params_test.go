package next_test

import (
	"net/http/httptest"
	"testing"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
)

// The server puts params on a plain handler's request; ParamsFrom reads them.
func TestParamsFrom(t *testing.T) {
	p := next.Params{"id": {"42"}}
	r := nextserver.WithParams(httptest.NewRequest("GET", "/", nil), p)
	if next.ParamsFrom(r).Get("id") != "42" {
		t.Error("ParamsFrom lost the params")
	}
	if next.ParamsFrom(httptest.NewRequest("GET", "/", nil)) != nil {
		t.Error("ParamsFrom without params should be nil")
	}
}
