package server

import (
	"io"
	"net/http"
	"testing"
)

func TestCapture(t *testing.T) {
	for _, tc := range []struct {
		name       string
		write      func(w http.ResponseWriter)
		status     int // as kept
		statusCode int
		body       string
	}{
		{"nothing", func(w http.ResponseWriter) {}, 0, 200, ""},
		{"a write", func(w http.ResponseWriter) { io.WriteString(w, "a"); io.WriteString(w, "b") }, 200, 200, "ab"},
		{"a status", func(w http.ResponseWriter) { w.WriteHeader(404) }, 404, 404, ""},
		{"the first status", func(w http.ResponseWriter) { w.WriteHeader(201); w.WriteHeader(500); io.WriteString(w, "x") }, 201, 201, "x"},
		{"a status after a write", func(w http.ResponseWriter) { io.WriteString(w, "x"); w.WriteHeader(500) }, 200, 200, "x"},
		{"headers", func(w http.ResponseWriter) { w.Header().Set("X-A", "1"); w.WriteHeader(204) }, 204, 204, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &capture{header: http.Header{}}
			tc.write(c)
			if c.status != tc.status || c.statusCode() != tc.statusCode || c.body.String() != tc.body {
				t.Errorf("status %d, statusCode %d, body %q; want %d, %d, %q", c.status, c.statusCode(), c.body.String(), tc.status, tc.statusCode, tc.body)
			}
		})
	}
	c := &capture{header: http.Header{}}
	c.Header().Set("X-A", "1")
	if got := c.header.Get("X-A"); got != "1" {
		t.Errorf("Header() is not the kept header: X-A = %q", got)
	}
}
