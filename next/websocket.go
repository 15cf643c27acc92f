package next

import (
	"context"
	"errors"
	"net/http"

	"github.com/coder/websocket"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// WebSocketHandler serves one WebSocket connection. ctx ends when the
// server shuts down, once the connection is closed with status 1001
// (going away); reads and writes fail once the client has gone. Returning
// closes the connection: with status 1000 (normal) for nil, 1011
// (internal error) for an error, which is also logged.
type WebSocketHandler func(ctx context.Context, conn *websocket.Conn) error

// Upgrade returns the response that upgrades the request to a WebSocket
// and serves it with fn, for a handler of the next shape. The headers and
// cookies of the response (set on what Upgrade returns) go with the
// upgrade's 101. A request that is not a WebSocket handshake is answered
// 426, one whose Origin is another host 403, as
// github.com/coder/websocket's Accept answers them; opts (nil for the
// defaults) is passed to it, for subprotocols, compression or the origins
// to allow.
//
//	func GET(req *next.Request) *next.Response {
//		return next.Upgrade(func(ctx context.Context, c *websocket.Conn) error {
//			for {
//				typ, msg, err := c.Read(ctx)
//				if err != nil {
//					return nil // the client closed it
//				}
//				if err := c.Write(ctx, typ, msg); err != nil {
//					return err
//				}
//			}
//		}, nil)
//	}
//
// fn runs on the request's goroutine once the handler has returned, with
// no time limit; the code of the generation that upgraded keeps serving
// the connection after a reload, as a stream does. A graceful shutdown
// closes every connection (1001) and waits for fn to return.
func Upgrade(fn WebSocketHandler, opts *websocket.AcceptOptions) *Response {
	res := &Response{Headers: http.Header{}}
	res.upgrade = func(w http.ResponseWriter, r *http.Request) { ServeWebSocket(w, r, fn, opts) }
	return res
}

// ServeWebSocket upgrades r to a WebSocket and serves it with fn, as
// Upgrade does, for a handler of the net/http shape: it returns once fn
// has returned and the connection is closed.
//
//	func GET(w http.ResponseWriter, r *http.Request) {
//		next.ServeWebSocket(w, r, echo, nil)
//	}
//
// Calling websocket.Accept directly works too, but the server can then
// only cut the connection at a shutdown (through r's context), not close
// it with 1001.
func ServeWebSocket(w http.ResponseWriter, r *http.Request, fn WebSocketHandler, opts *websocket.AcceptOptions) {
	conn, err := websocket.Accept(w, r, opts)
	if err != nil {
		return // Accept answered the request
	}
	defer conn.CloseNow()
	// Not ended with the request's context: a shutdown ends that at once,
	// and the connection is to be closed with 1001 first (goingAway).
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()
	if t, ok := r.Context().Value(hook.SocketsKey{}).(hook.Sockets); ok && t != nil {
		defer t.Track(goingAway{conn: conn, cancel: cancel})()
	}
	err = fn(ctx, conn)
	var ce websocket.CloseError
	switch {
	case err == nil, errors.As(err, &ce), errors.Is(err, context.Canceled):
		conn.Close(websocket.StatusNormalClosure, "")
	default:
		conn.Close(websocket.StatusInternalError, "internal error")
		if l, ok := r.Context().Value(hook.SocketsKey{}).(hook.Sockets); ok && l != nil {
			l.Failed(err)
		}
	}
}

// goingAway closes a connection for a shutdown.
type goingAway struct {
	conn   *websocket.Conn
	cancel func()
}

// Close closes the connection with 1001 in a goroutine of its own (the
// close handshake waits for the client), then ends the handler's context.
func (g goingAway) Close() error {
	go func() {
		g.conn.Close(websocket.StatusGoingAway, "server shutting down")
		g.cancel()
	}()
	return nil
}
