package proxy

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
)

func TestHeaders(t *testing.T) {
	tests := []struct {
		name string
		call func(w http.ResponseWriter)
		want http.Header
	}{
		{"next", func(w http.ResponseWriter) { Next(w) },
			http.Header{"X-Middleware-Next": {"1"}}},
		{"rewrite", func(w http.ResponseWriter) { Rewrite(w, "/b?x=1") },
			http.Header{"X-Middleware-Rewrite": {"/b?x=1"}}},
		{"nil keeps the headers", func(w http.ResponseWriter) { Next(w, WithRequestHeaders(nil)) },
			http.Header{"X-Middleware-Next": {"1"}}},
		{"empty removes them", func(w http.ResponseWriter) { Next(w, WithRequestHeaders(http.Header{})) },
			http.Header{"X-Middleware-Next": {"1"}, "X-Middleware-Override-Headers": {noHeaders}}},
		{"last wins", func(w http.ResponseWriter) {
			Next(w, WithRequestHeaders(http.Header{"X-A": {"1"}}), WithRequestHeaders(http.Header{"X-B": {"2"}}))
		}, http.Header{"X-Middleware-Next": {"1"}, "X-Middleware-Override-Headers": {"x-b"}, "x-middleware-request-x-b": {"2"}}},
		{"a later nil wins too", func(w http.ResponseWriter) {
			Next(w, WithRequestHeaders(http.Header{"X-A": {"1"}}), WithRequestHeaders(nil))
		}, http.Header{"X-Middleware-Next": {"1"}}},
		{"hop-by-hop and Connection's names ignored", func(w http.ResponseWriter) {
			Rewrite(w, "/b", WithRequestHeaders(http.Header{
				"Connection": {"x-drop, Keep-Alive"}, "X-Drop": {"1"}, "Keep-Alive": {"5"},
				"Te": {"trailers"}, "Upgrade": {"h2c"}, "X-Keep": {"k"},
			}))
		}, http.Header{"X-Middleware-Rewrite": {"/b"}, "X-Middleware-Override-Headers": {"x-keep"}, "x-middleware-request-x-keep": {"k"}}},
		{"names differing in case are combined, in order", func(w http.ResponseWriter) {
			Next(w, WithRequestHeaders(http.Header{"X-A": {"1"}, "x-a": {"2"}}))
		}, http.Header{"X-Middleware-Next": {"1"}, "X-Middleware-Override-Headers": {"x-a"}, "x-middleware-request-x-a": {"1", "2"}}},
	}
	for _, tt := range tests {
		w := httptest.NewRecorder()
		tt.call(w)
		if got := w.Header(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: headers %v, want %v", tt.name, got, tt.want)
		}
	}
}
