package next

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestEventFormat(t *testing.T) {
	for _, tc := range []struct{ event, data, want string }{
		{"", "x", "data: x\n\n"},
		{"tick", "1", "event: tick\ndata: 1\n\n"},
		{"multi", "a\nb\r\nc", "event: multi\ndata: a\ndata: b\ndata: c\n\n"},
		{"evil\nname", "", "event: evilname\ndata: \n\n"},
	} {
		res := EventStream(func(w *StreamWriter) error { return w.Event(tc.event, tc.data) })
		b, err := io.ReadAll(res.Body)
		if err != nil || string(b) != tc.want {
			t.Errorf("Event(%q, %q) = %q, %v; want %q", tc.event, tc.data, b, err, tc.want)
		}
		if ct := res.Headers.Get("Content-Type"); ct != "text/event-stream; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
	}
}

func TestStreamEnds(t *testing.T) {
	// A panic ends the body with an error instead of the process.
	res := Stream(func(w *StreamWriter) error { w.Write([]byte("a")); panic("boom") })
	b, err := io.ReadAll(res.Body)
	if string(b) != "a" || err == nil || !strings.Contains(err.Error(), "panicked: boom") {
		t.Errorf("after a panic: %q, %v", b, err)
	}
	// An error cuts the body short with that error.
	res = Stream(func(w *StreamWriter) error { return errors.New("stop") })
	if _, err := io.ReadAll(res.Body); err == nil || err.Error() != "stop" {
		t.Errorf("error: %v", err)
	}
	// Closing the body (the client went away) makes writes fail.
	done := make(chan error, 1)
	res = Stream(func(w *StreamWriter) error {
		_, err := w.Write([]byte("x"))
		done <- err
		return err
	})
	res.Body.(io.Closer).Close()
	if err := <-done; err == nil {
		t.Error("write after close succeeded")
	}
}
