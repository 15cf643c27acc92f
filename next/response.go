package next

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/devserver/devserver/internal/jsonfix"
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
}

// Init mirrors the ResponseInit of the Fetch API: the status and headers of a
// new response.
type Init struct {
	// Status is the HTTP status code; 0 means 200.
	Status int
	// Headers are copied into the response.
	Headers http.Header
}

// Err reports why the response could not be built (a value JSON cannot encode,
// a body of an unsupported type, a redirect status that is not a redirect).
// The server answers 500 with it rather than sending the response.
func (r *Response) Err() error { return r.err }

func newResponse(init []Init) *Response {
	res := &Response{Status: http.StatusOK, Headers: http.Header{}}
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
	return res
}

// JSON returns a response whose body is v encoded as JSON, with Content-Type
// application/json (NextResponse.json). As with JSON.stringify, <, > and & are
// not escaped.
func JSON(v any, init ...Init) *Response {
	res := newResponse(init)
	if res.Headers.Get("Content-Type") == "" {
		res.Headers.Set("Content-Type", "application/json")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	v, err := jsonfix.Value(v)
	if err == nil {
		err = enc.Encode(v)
	}
	if err != nil {
		res.err = fmt.Errorf("next.JSON: %w", err)
		return res
	}
	res.Body = bytes.NewReader(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return res
}

// NewResponse returns a response with the given body (new Response(body,
// init)): a string or []byte (Content-Type text/plain; charset=utf-8 unless
// init says otherwise), an io.Reader (streamed), or nil (no body).
func NewResponse(body any, init ...Init) *Response {
	res := newResponse(init)
	switch b := body.(type) {
	case nil:
	case string:
		res.Body = strings.NewReader(b)
		defaultTextType(res)
	case []byte:
		res.Body = bytes.NewReader(b)
		defaultTextType(res)
	case io.Reader:
		res.Body = b
	default:
		res.err = fmt.Errorf("next.NewResponse: body of type %T: want string, []byte, io.Reader or nil", body)
	}
	return res
}

func defaultTextType(res *Response) {
	if res.Headers.Get("Content-Type") == "" {
		res.Headers.Set("Content-Type", "text/plain; charset=utf-8")
	}
}

// Redirect returns a redirect to url (NextResponse.redirect). The status is
// 307 unless given; only 301, 302, 303, 307 and 308 are redirects, and any
// other status makes the response an error.
func Redirect(url string, status ...int) *Response {
	res := newResponse(nil)
	res.Status = http.StatusTemporaryRedirect
	if len(status) > 0 {
		res.Status = status[0]
	}
	switch res.Status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		res.err = fmt.Errorf("next.Redirect(%q, %d): status must be 301, 302, 303, 307 or 308", url, res.Status)
	}
	res.Headers.Set("Location", url)
	return res
}

// PermanentRedirect returns a 308 redirect to url.
func PermanentRedirect(url string) *Response { return Redirect(url, http.StatusPermanentRedirect) }

// NotFound returns a 404 response with a short plain-text body.
func NotFound() *Response {
	return NewResponse("404 page not found\n", Init{Status: http.StatusNotFound})
}
