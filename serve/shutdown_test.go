package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/server"
)

// TestShutdownEndsStreamsWaitsForRequests checks a graceful shutdown of the
// server a built binary runs: streams of both handler shapes end at once,
// a plain request in flight is waited for and answered, and the shutdown
// takes about as long as that request, not ShutdownTimeout.
func TestShutdownEndsStreamsWaitsForRequests(t *testing.T) {
	routes := map[string]map[string]any{
		"plainstream": {"GET": func(w http.ResponseWriter, r *http.Request) {
			for {
				if _, err := io.WriteString(w, "tick\n"); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		}},
		"nextstream": {"GET": func(req *next.Request) *next.Response {
			pr, pw := io.Pipe()
			go func() {
				for {
					if _, err := io.WriteString(pw, "tick\n"); err != nil {
						return
					}
					time.Sleep(50 * time.Millisecond)
				}
			}()
			return next.NewResponse(pr)
		}},
		"slow": {"GET": func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(time.Second)
			io.WriteString(w, "finished")
		}},
	}
	var files []string
	var loaded []approuter.Loaded
	for dir, h := range routes {
		files = append(files, dir+"/route.go")
		loaded = append(loaded, approuter.Loaded{File: "app/" + dir + "/route.go", Handlers: h})
	}
	srv := Compiled(server.App{Dir: ".", AppDir: "app", Routes: files}, loaded)
	srv.Reload(context.Background(), nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- DefaultConfig().Run(ctx, ln, srv, nil) }()
	base := "http://" + ln.Addr().String()

	ended := make(chan string, 2)
	for _, path := range []string{"/plainstream", "/nextstream"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(res.Body)
		if _, err := br.ReadString('\n'); err != nil {
			t.Fatalf("%s: no first tick: %v", path, err)
		}
		go func() {
			io.Copy(io.Discard, br)
			res.Body.Close()
			ended <- path
		}()
	}
	slow := make(chan string, 1)
	go func() {
		res, err := http.Get(base + "/slow")
		if err != nil {
			slow <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		slow <- string(b)
	}()
	time.Sleep(200 * time.Millisecond) // /slow is in flight
	start := time.Now()
	cancel()
	for range 2 {
		select {
		case <-ended:
		case <-time.After(700 * time.Millisecond):
			t.Fatal("a stream was not ended at once by the shutdown")
		}
	}
	if got := <-slow; got != "finished" {
		t.Errorf("/slow during the shutdown: %q, want its answer", got)
	}
	<-done
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("shutdown took %v: it waited for streams", d)
	}
}
