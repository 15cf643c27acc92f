package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestSlowClient checks that a client that never finishes its headers is
// disconnected after ReadHeaderTimeout, and that others are served
// meanwhile.
func TestSlowClient(t *testing.T) {
	old := ReadHeaderTimeout
	ReadHeaderTimeout = 300 * time.Millisecond
	defer func() { ReadHeaderTimeout = old }()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }), nil)
	}()
	defer func() {
		cancel()
		<-done
	}()

	slow, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if _, err := io.WriteString(slow, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "); err != nil {
		t.Fatal(err)
	}
	// Others are served while it stalls.
	res, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("another client: %d", res.StatusCode)
	}
	start := time.Now()
	_ = slow.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = bufio.NewReader(slow).ReadString('\n')
	if err == nil {
		// net/http may answer 408 before closing; then the close follows.
		_, err = io.ReadAll(slow)
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the stalled client was not disconnected within 5s")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("disconnected after %v", d)
	}
}
