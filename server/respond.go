package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/devserver/devserver/internal/nextserver"
	"github.com/devserver/devserver/next"
	"golang.org/x/net/http/httpguts"
)

// writeResponse sends res: status, headers, the cookies set through the
// request's cookie store and then the response's own, and the body. A body of
// unknown length is streamed, each chunk flushed as it is read, so
// Server-Sent Events and long downloads reach the client as they are made.
func (s *Server) writeResponse(w http.ResponseWriter, r *http.Request, req *next.Request, res *next.Response) {
	h := w.Header()
	for k, vs := range res.Headers {
		// Shared, not copied: capped, an Add to h (Vary, Set-Cookie)
		// allocates anew instead of writing into res's array.
		h[k] = vs[:len(vs):len(vs)]
	}
	if _, ok := h["Content-Type"]; !ok && res.Body != nil {
		// As Next.js: a body of no declared type goes without one, where
		// net/http would guess one from its first bytes.
		h["Content-Type"] = nil
	}
	for _, c := range nextserver.OutgoingCookies(req) {
		addCookie(h, c)
	}
	for _, c := range res.Cookies.GetAll() {
		addCookie(h, c)
	}
	if upgrade := nextserver.Upgrade(res); upgrade != nil {
		upgrade(w, r)
		return
	}
	status := res.Status
	if status == 0 {
		status = http.StatusOK
	}
	body := res.Body
	if c, ok := body.(io.Closer); ok {
		defer c.Close()
		// A client that goes away must also stop a body waiting for its
		// next chunk (a stream between events), not only a write.
		stop := context.AfterFunc(r.Context(), func() { c.Close() })
		defer stop()
		// So must a shutdown: streams do not end by themselves.
		defer s.streams.add(c)()
	}
	var room *headerRoom
	if rec := findRecorder(w); rec != nil {
		room = &rec.room
	}
	switch b := body.(type) {
	case *bytes.Reader:
		body = whole(r, h, status, b, b.Len(), room)
	case *strings.Reader:
		body = whole(r, h, status, b, b.Len(), room)
	default:
		// Sent as it is made, or no body: never compressed here, but
		// next start's middleware would compress it, and says so.
		varyCompressible(h, room)
	}
	w.WriteHeader(status)
	if body == nil || r.Method == http.MethodHead || !bodyAllowed(status) {
		return
	}
	switch body.(type) {
	case *bytes.Reader, *strings.Reader:
		_, _ = io.Copy(w, body)
		return
	}
	rc := http.NewResponseController(w)
	buf := make([]byte, 32<<10)
	for {
		n, err := body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return // the client went away
			}
			_ = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}

// addCookie adds c as a Set-Cookie header, written as Next.js writes it
// (checkHeaders has refused what cannot be sent).
func addCookie(h http.Header, c *http.Cookie) {
	h.Add("Set-Cookie", nextserver.SetCookie(c))
}

func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// checkHeaders refuses a response whose headers or cookies cannot be sent
// as they are: net/http would quietly rewrite a line break in a header
// value, and drop bytes from a cookie, so the client would see something
// else than the handler meant; a CR or LF from request data is the shape of
// header injection.
func checkHeaders(req *next.Request, res *next.Response) error {
	if err := checkHeaderMap(res.Headers); err != nil {
		return err
	}
	var cookies []*http.Cookie
	if req != nil {
		cookies = nextserver.OutgoingCookies(req)
	}
	for _, c := range append(cookies, res.Cookies.GetAll()...) {
		if err := nextserver.CheckCookie(c); err != nil {
			return fmt.Errorf("cookie %q: %w; the response is not sent", c.Name, err)
		}
	}
	return nil
}

// checkHeaderMap refuses header names and values net/http would not send
// as they are (see checkHeaders).
func checkHeaderMap(h http.Header) error {
	for k, vs := range h {
		if !httpguts.ValidHeaderFieldName(k) {
			return fmt.Errorf("response header name %q is not a valid HTTP token; the response is not sent", k)
		}
		for _, v := range vs {
			if i := invalidHeaderByte(v); i >= 0 {
				return fmt.Errorf("response header %s: value %q has a control character (%q) at byte %d; the response is not sent", k, v, v[i], i)
			}
		}
	}
	return nil
}

// invalidHeaderByte returns the index of the first byte a header value
// must not carry (a control character other than tab: CR, LF, NUL among
// them), or -1. The rule is httpguts.ValidHeaderFieldValue's, the one
// net/http's client applies, written out so that the error can say where
// the byte is.
func invalidHeaderByte(v string) int {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return i
		}
	}
	return -1
}

// streamSet holds the bodies being sent that can be closed, so that a
// shutdown ends streams (Server-Sent Events, long downloads) instead of
// waiting for them.
type streamSet struct {
	mu     sync.Mutex
	open   map[*io.Closer]struct{}
	closed bool
}

// add records c until the returned func is called; after closeAll, it
// closes c at once.
func (ss *streamSet) add(c io.Closer) (remove func()) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.closed {
		c.Close()
		return func() {}
	}
	if ss.open == nil {
		ss.open = make(map[*io.Closer]struct{})
	}
	key := &c
	ss.open[key] = struct{}{}
	return func() {
		ss.mu.Lock()
		delete(ss.open, key)
		ss.mu.Unlock()
	}
}

// closeAll closes every body being sent, and any added later.
func (ss *streamSet) closeAll() {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	ss.closed = true
	for c := range ss.open {
		(*c).Close()
	}
}

// whole prepares a body of n bytes: compressed when it may be (see
// contentCoding), with its Content-Length, the values of the headers it
// adds kept in room unless it is nil.
func whole(r *http.Request, h http.Header, status int, body io.Reader, n int, room *headerRoom) io.Reader {
	if room == nil {
		room = new(headerRoom)
	}
	if coding := contentCoding(r, h, status, n, &room.vary); coding != "" {
		b, _ := io.ReadAll(body)
		body = bytes.NewReader(b)
		if out, err := encode(coding, b); err == nil {
			setEncoded(h, coding)
			n, body = len(out), bytes.NewReader(out)
		}
	}
	room.contentLength[0] = strconv.Itoa(n)
	h["Content-Length"] = room.contentLength[:1:1]
	return body
}

// headerRoom is room for the values of the headers whole adds, kept with
// the request's other state: allocations fewer per response.
type headerRoom struct {
	contentLength, vary [1]string
}
