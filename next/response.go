package next

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/devserver/devserver/internal/jsonfix"
	"github.com/devserver/devserver/internal/weburl"
)

// Response is what a route handler returns (NextResponse). Build one with
// JSON, NewResponse, Redirect or NotFound, then adjust Status, Headers and
// Cookies.
type Response struct {
	// Status is the HTTP status code; 0 means 200.
	Status int
	// Headers are sent with the response.
	Headers http.Header
	// Cookies become Set-Cookie headers.
	Cookies ResponseCookies
	// Body is the response body; nil sends none. A *bytes.Reader or
	// *strings.Reader is sent with a Content-Length; any other reader is
	// streamed, each chunk flushed to the client as it is read.
	Body io.Reader

	err error

	// Set by Next and Rewrite, which only a proxy may return.
	proxy          proxyAction
	rewrite        string
	requestHeaders http.Header

	// Set by Upgrade: serves the WebSocket instead of sending a response.
	upgrade func(w http.ResponseWriter, r *http.Request)
}

// Init mirrors the ResponseInit of the Fetch API: the status and headers of a
// new response.
type Init struct {
	// Status is the HTTP status code; 0 means 200.
	Status int
	// Headers are copied into the response.
	Headers http.Header
}

// Err reports why the response cannot be sent, where Next.js would throw
// building it: a value JSON cannot encode, a body of an unsupported type, a
// redirect status that is not a redirect or a URL that is not one, a Status
// outside 200-599, or a body with status 204, 205 or 304. The server
// answers 500 with it rather than sending the response.
func (r *Response) Err() error {
	if r.err != nil {
		return r.err
	}
	return checkStatus(r.Status, r.Body != nil)
}

// checkStatus is what the Response constructor of the Fetch API refuses.
func checkStatus(status int, hasBody bool) error {
	if status == 0 {
		return nil // Go's zero value: 200
	}
	if status < 200 || status > 599 {
		return fmt.Errorf("status %d: a response status must be in the range 200 to 599, inclusive", status)
	}
	if hasBody && (status == http.StatusNoContent || status == http.StatusResetContent || status == http.StatusNotModified) {
		return fmt.Errorf("status %d: a response with this status cannot have a body", status)
	}
	return nil
}

// response is a Response with room for what most responses hold: the
// value of their Content-Type and a reader over their body. A response is
// made for every request, and this way it is one allocation, not three.
type response struct {
	Response
	contentType [1]string
	bytes       bytes.Reader
	string      strings.Reader
}

// defaultType sets the Content-Type to t unless init gave one.
func (r *response) defaultType(t string) {
	if r.Headers.Get("Content-Type") != "" {
		return
	}
	r.contentType[0] = t
	r.Headers["Content-Type"] = r.contentType[:1:1] // as Set, in r's room
}

// bytesBody makes b the body, read by r's own reader.
func (r *response) bytesBody(b []byte) {
	r.bytes.Reset(b)
	r.Body = &r.bytes
}

// stringBody makes s the body, read by r's own reader.
func (r *response) stringBody(s string) {
	r.string.Reset(s)
	r.Body = &r.string
}

func newResponse(init []Init) *response {
	r := new(response)
	r.init(init)
	return r
}

// init sets r up as init says: 200 and no headers unless it gives them.
func (r *response) init(init []Init) {
	res := &r.Response
	res.Status, res.Headers = http.StatusOK, http.Header{}
	// Init's Status is checked when the body is known (Err).
	for _, in := range init {
		if in.Status != 0 {
			res.Status = in.Status
		}
		for k, vs := range in.Headers {
			for _, v := range vs {
				res.Headers.Add(k, v)
			}
		}
	}
}

// JSON returns a response whose body is v encoded as JSON, with Content-Type
// application/json (NextResponse.json). As with JSON.stringify, <, > and & are
// not escaped.
func JSON(v any, init ...Init) *Response {
	// The encoding's buffer is made with the response: it is the body.
	a := new(struct {
		response
		buf bytes.Buffer
	})
	a.init(init)
	r, buf := &a.response, &a.buf
	res := &r.Response
	r.defaultType("application/json")
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	v, err := jsonfix.Value(v)
	if err == nil {
		err = enc.Encode(v)
	}
	if err != nil {
		res.err = fmt.Errorf("next.JSON: %w", err)
		return res
	}
	r.bytesBody(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return res
}

// NewResponse returns a response with the given body (new Response(body,
// init)): a string (Content-Type text/plain;charset=UTF-8 unless init says
// otherwise, as the Fetch API writes it), a []byte or an io.Reader (no
// Content-Type unless init gives one, as for a Uint8Array or a stream; a
// reader is streamed), or nil (no body).
func NewResponse(body any, init ...Init) *Response {
	r := newResponse(init)
	res := &r.Response
	switch b := body.(type) {
	case nil:
	case string:
		r.stringBody(b)
		r.defaultType("text/plain;charset=UTF-8")
	case []byte:
		r.bytesBody(b) // no Content-Type, as for a Uint8Array
	case io.Reader:
		res.Body = b
	default:
		res.err = fmt.Errorf("next.NewResponse: body of type %T: want string, []byte, io.Reader or nil", body)
	}
	return res
}

// Redirect returns a redirect to url (NextResponse.redirect, and the
// redirect helper of next/navigation). The status is 307 unless given; only
// 301, 302, 303, 307 and 308 are redirects, and any other status makes the
// response an error.
//
// url is an absolute URL, sent as a browser would send it (Next.js's
// new URL(url): https://example.com/a b becomes https://example.com/a%20b,
// the host in ASCII), or a path on this server starting with "/", sent as it
// is. Anything else (a relative reference such as "a/b" or "//host/a", or
// what does not parse) makes the response an error, as Next refuses it.
func Redirect(url string, status ...int) *Response {
	res := &newResponse(nil).Response
	res.Status = http.StatusTemporaryRedirect
	if len(status) > 0 {
		res.Status = status[0]
	}
	switch res.Status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		res.err = fmt.Errorf("next.Redirect(%q, %d): status must be 301, 302, 303, 307 or 308", url, res.Status)
		return res
	}
	location, err := redirectLocation(url)
	if err != nil {
		res.err = fmt.Errorf("next.Redirect(%q): %w", url, err)
		return res
	}
	res.Headers.Set("Location", location)
	return res
}

// redirectLocation is the Location a redirect to url sends.
func redirectLocation(url string) (string, error) {
	if strings.HasPrefix(url, "/") && !strings.HasPrefix(url, "//") && !strings.HasPrefix(url, `/\`) {
		if strings.ContainsAny(url, "\r\n\x00") {
			return "", errors.New("a URL cannot hold a line break")
		}
		return url, nil
	}
	u, err := weburl.Serialize(url)
	if err != nil {
		return "", errors.New("not an absolute URL nor a path starting with /")
	}
	return u, nil
}

// PermanentRedirect returns a 308 redirect to url.
func PermanentRedirect(url string) *Response { return Redirect(url, http.StatusPermanentRedirect) }

// NotFound returns a 404 response with a short plain-text body.
func NotFound() *Response {
	return NewResponse("404 page not found\n", Init{Status: http.StatusNotFound})
}
