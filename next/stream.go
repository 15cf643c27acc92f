package next

import (
	"fmt"
	"io"
	"strings"
)

// StreamWriter is what a Stream function writes the body with. Each Write
// reaches the client at once: the server flushes after every chunk. Once
// the client has gone away (the request's Context is done), writes fail.
type StreamWriter struct {
	pw *io.PipeWriter
}

// Write sends p to the client.
func (w *StreamWriter) Write(p []byte) (int, error) { return w.pw.Write(p) }

// Event sends one Server-Sent Event: an "event:" line when event is not
// empty, a "data:" line per line of data, and the blank line that ends it.
func (w *StreamWriter) Event(event, data string) error {
	var b strings.Builder
	if event != "" {
		fmt.Fprintf(&b, "event: %s\n", strings.NewReplacer("\r", "", "\n", "").Replace(event))
	}
	for _, line := range strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n") {
		b.WriteString("data: ")
		b.WriteString(line)
		b.WriteString("\n")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w.pw, b.String())
	return err
}

// Stream returns a response whose body fn writes while it runs, each write
// sent to the client as it is made (a ReadableStream in Next.js). fn starts
// at once in its own goroutine; its first write waits until the server
// sends the body, after the handler has returned. It should return when
// the request's Context is done, which happens when the client goes away,
// and from then on its writes fail. Returning ends the body; the status and
// headers are sent before fn's first write, so an error returned then can
// only cut the body short. A panic in fn ends the stream; it does not end
// the server.
func Stream(fn func(w *StreamWriter) error, init ...Init) *Response {
	res := &newResponse(init).Response
	pr, pw := io.Pipe()
	go func() {
		var err error
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("next.Stream: the stream function panicked: %v", p)
			}
			pw.CloseWithError(err)
		}()
		err = fn(&StreamWriter{pw: pw})
	}()
	res.Body = pr
	return res
}

// EventStream is Stream for Server-Sent Events: it sets Content-Type
// text/event-stream and Cache-Control no-cache (unless init sets them), and
// fn sends events with w.Event.
func EventStream(fn func(w *StreamWriter) error, init ...Init) *Response {
	res := Stream(fn, init...)
	if res.Headers.Get("Content-Type") == "" {
		res.Headers.Set("Content-Type", "text/event-stream; charset=utf-8")
	}
	if res.Headers.Get("Cache-Control") == "" {
		res.Headers.Set("Cache-Control", "no-cache")
	}
	return res
}
