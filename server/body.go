package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultBodyTimeout is the time a client has to send a request body when
// Server.BodyTimeout is 0: a slow or stalled upload is cut off instead of
// holding a connection and a handler for ever.
const DefaultBodyTimeout = 30 * time.Second

// Limits of the query string, past which a request answers 414 instead of
// being served with its parameters dropped (Go's url.ParseQuery gives up
// past 10,000, and Request.URL.Query then returns none). They are those of
// Next.js's proxy: a 64 KiB query or 4,096 parameters.
const (
	MaxQueryBytes  = 64 << 10
	MaxQueryParams = 4096
)

// queryTooLong reports whether a raw query exceeds the limits above.
func queryTooLong(q string) bool {
	if len(q) > MaxQueryBytes {
		return true
	}
	if strings.Count(q, "&") < MaxQueryParams {
		return false
	}
	n := 0
	for part := range strings.SplitSeq(q, "&") {
		if part != "" {
			n++
		}
	}
	return n > MaxQueryParams
}

// bodyReader is a request body as route code reads it: at most MaxBody
// bytes, within BodyTimeout of the request's start. A read that fails for
// the client's fault is remembered with the status it earns: 413 too
// large, 408 too slow, 400 malformed (bad chunked encoding, fewer bytes
// than Content-Length). The recorder answers with that status whatever the
// handler does after the error (see recorder.WriteHeader): a handler that
// ignores a read error must not answer 200 to half a body.
type bodyReader struct {
	body     io.ReadCloser
	deadline *http.ResponseController // nil without a read deadline
	status   atomic.Int32
	err      atomic.Pointer[error]
}

// limitBody puts the limits of s on r's body, if it has one, and returns
// the reader that watches it (nil for none).
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request) *bodyReader {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	b := &bodyReader{body: r.Body}
	limit := s.MaxBody
	if limit == 0 {
		limit = DefaultMaxBody
	}
	if limit > 0 {
		b.body = http.MaxBytesReader(w, r.Body, limit)
	}
	timeout := s.BodyTimeout
	if timeout == 0 {
		timeout = DefaultBodyTimeout
	}
	if timeout > 0 {
		rc := http.NewResponseController(w)
		if rc.SetReadDeadline(time.Now().Add(timeout)) == nil {
			b.deadline = rc
		}
	}
	r.Body = b
	return b
}

// HopBody returns the body of r to send on to a compiled worker of the
// dev server, which serves r's route: read from under the server's watch
// (bodyReader), so that a read that fails (too large, too slow) does not
// fail r here. It fails r there, if the worker's route reads that far, as
// built: the dev server tells the worker how the body ended
// (EncodeBodyFailure). Its end lifts the read deadline, as the watched
// body's does.
func HopBody(r *http.Request) io.ReadCloser {
	if b, ok := r.Body.(*bodyReader); ok {
		return hopBody{b}
	}
	return r.Body
}

type hopBody struct{ b *bodyReader }

func (h hopBody) Read(p []byte) (int, error) {
	n, err := h.b.body.Read(p)
	if err == io.EOF {
		h.b.ended(err)
	}
	return n, err
}

func (h hopBody) Close() error { return h.b.Close() }

// EncodeBodyFailure describes err, not nil, the error that ended the read
// of a request body, for the compiled worker serving the request.
func EncodeBodyFailure(err error) string {
	data, _ := json.Marshal(newBodyFailure(err))
	return string(data)
}

// DecodeBodyFailure returns the error that s (of EncodeBodyFailure)
// describes, as the worker's route reads it: its server answers it as
// the dev server would (413, 408, 400); nil when s says nothing.
func DecodeBodyFailure(s string) error {
	var f bodyFailure
	if json.Unmarshal([]byte(s), &f) != nil || f.Msg == "" {
		return nil
	}
	return f.err()
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if err != nil {
		b.ended(err)
	}
	return n, err
}

func (b *bodyReader) Close() error { return b.body.Close() }

// ended records how the body ended. At its end the read deadline is lifted:
// net/http then watches the connection for the client going away, and a
// deadline passing would look like it.
func (b *bodyReader) ended(err error) {
	var tooLarge *http.MaxBytesError
	status := 0
	switch {
	case err == io.EOF:
		if b.deadline != nil {
			_ = b.deadline.SetReadDeadline(time.Time{})
		}
		return
	case errors.Is(err, http.ErrBodyReadAfterClose):
		return // the handler's own mistake
	case errors.As(err, &tooLarge):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, os.ErrDeadlineExceeded):
		status = http.StatusRequestTimeout
	default:
		status = http.StatusBadRequest
	}
	if b.status.CompareAndSwap(0, int32(status)) {
		b.err.Store(&err)
	}
}

// failure returns the status and the error of a failed read, or 0.
func (b *bodyReader) failure() (int, error) {
	if b == nil {
		return 0, nil
	}
	status := int(b.status.Load())
	if status == 0 {
		return 0, nil
	}
	return status, *b.err.Load()
}

// answer writes the answer for a failed read to w: a line saying what was
// wrong with the body, and the connection closed, since the rest of the
// body is in an unknown state.
func (b *bodyReader) answer(w http.ResponseWriter, status int, err error) {
	h := w.Header()
	for k := range h {
		delete(h, k) // the handler's, meant for another answer
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Connection", "close")
	var msg string
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		msg = "413 request body too large (limit " + strconv.FormatInt(tooLarge.Limit, 10) + " bytes)"
	case status == http.StatusRequestTimeout:
		msg = "408 request timeout: the request body was not received in time"
	default:
		msg = fmt.Sprintf("400 bad request: malformed request body (%v)", err)
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, msg+"\n")
}
