package serve

import (
	"bytes"
	"io"
	"regexp"
	"sync"
)

// yaegiPanicLineRE matches the line the interpreter prints for a frame a
// panic unwinds: an absolute path, "panic: " and the function called with
// "(...)". The server's own messages naming a place (relative paths, other
// words) do not match.
var yaegiPanicLineRE = regexp.MustCompile(`^(?:/|[A-Za-z]:\\).*\.go:\d+:\d+: panic: \S*\(\.\.\.\)\r?\n?$`)

// panicLineFilter passes a child's standard error through to w, line by
// line, holding back the lines the interpreter prints for each frame a
// panic unwinds ("/abs/route.go:6:2: panic: app/x.GET(...)"). A panic the
// server recovers is logged by the server, at the user's line; yaegi's
// lines before it name the function's declaration by absolute path, which
// reads as a second, wrong location. They are written only when a crash
// follows them (a "panic: " or "fatal error: " line), where they are part
// of the crash's report, and at the end of the output. The supervisor's
// crash parser reads the unfiltered tail, not this.
type panicLineFilter struct {
	mu      sync.Mutex
	w       io.Writer
	partial []byte // the start of a line not yet ended
	held    []byte // panic lines waiting for what follows them
}

// Write splits p into lines and passes or holds each one.
func (f *panicLineFilter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			f.partial = append(f.partial, p...)
			break
		}
		line := p[:i+1]
		if len(f.partial) > 0 {
			line = append(f.partial, line...)
			f.partial = f.partial[:0]
		}
		p = p[i+1:]
		if err := f.line(line); err != nil {
			return n - len(p), err
		}
	}
	return n, nil
}

// line passes or holds one whole line (ending in '\n').
func (f *panicLineFilter) line(line []byte) error {
	if yaegiPanicLineRE.Match(line) {
		f.held = append(f.held, line...)
		return nil
	}
	if len(f.held) > 0 {
		if bytes.HasPrefix(line, []byte("panic: ")) || bytes.HasPrefix(line, []byte("fatal error: ")) {
			if _, err := f.w.Write(f.held); err != nil {
				return err
			}
		}
		f.held = f.held[:0]
	}
	_, err := f.w.Write(line)
	return err
}

// Close writes what is held and a last line without an end: the output
// ended, perhaps with a crash whose report it is.
func (f *panicLineFilter) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, err := f.w.Write(append(f.held, f.partial...))
	f.held, f.partial = nil, nil
	return err
}
