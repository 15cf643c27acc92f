package server

import (
	"bytes"
	"net/http"
)

// capture is a ResponseWriter that keeps what is written instead of
// sending it: the first status written (200 with a first Write), the
// header and the body. The cache renders a response into one to keep it,
// a timed-out handler's 504 is made in one to be sent with its length, and
// a Go proxy's answer waits in one until it is known whether the request
// goes on to a route.
type capture struct {
	header http.Header
	status int // 0 until written
	body   bytes.Buffer
}

// Header returns the header the response is given.
func (c *capture) Header() http.Header { return c.header }

// WriteHeader keeps code, unless a status was written before.
func (c *capture) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
}

// Write keeps p, with status 200 unless one was written.
func (c *capture) Write(p []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	return c.body.Write(p)
}

// statusCode is the status written, 200 when none was (what net/http
// sends for a handler that writes nothing).
func (c *capture) statusCode() int {
	if c.status == 0 {
		return http.StatusOK
	}
	return c.status
}
