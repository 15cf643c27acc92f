package server

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// socketTracker is the server's hook.Sockets: a WebSocket connection is
// closed by Shutdown, like a stream, and WaitAfter waits for its handler,
// since http.Server.Shutdown does not wait for a hijacked connection.
type socketTracker struct{ s *Server }

// Track makes Shutdown close c until done is called.
func (t socketTracker) Track(c io.Closer) (done func()) {
	afterWork.Add(1)
	remove := t.s.streams.add(c)
	return func() {
		remove()
		afterWork.Done()
	}
}

// Failed logs the error a WebSocket handler returned.
func (t socketTracker) Failed(err error) {
	if t.s.Logger != nil {
		t.s.Logger.Error("websocket: the handler failed; closed with 1011", "err", err)
	}
}

// Hijack hands the connection to the handler (a WebSocket upgrade), unless
// the handler ran out of time. The server no longer answers for the
// connection, but a shutdown still ends the handler's request context
// (see Close), which ends a github.com/coder/websocket connection read or
// written with it.
func (l *limitedWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.expired {
		return nil, nil, http.ErrHandlerTimeout
	}
	l.wrote = true // the upgrade's 101 is on its way: no 504 any more
	conn, brw, err := http.NewResponseController(l.w).Hijack()
	if err == nil && l.streams != nil && l.remove == nil {
		l.mu.Unlock() // add may Close l at once, during a shutdown
		remove := l.streams.add(l)
		l.mu.Lock()
		l.remove = remove
	}
	return conn, brw, err
}
