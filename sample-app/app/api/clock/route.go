// Package route streams the time as Server-Sent Events, once a second:
//
//	curl -N localhost:3000/api/clock?n=3
//
// In a browser: new EventSource("/api/clock").addEventListener("tick", ...).
// The stream stops when the client goes away: req.Context() is done.
package route

import (
	"strconv"
	"time"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	n, err := strconv.Atoi(req.NextURL.SearchParams.Get("n"))
	if err != nil || n <= 0 {
		n = 10
	}
	return next.EventStream(func(w *next.StreamWriter) error {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for i := 0; i < n; i++ {
			if err := w.Event("tick", time.Now().UTC().Format(time.RFC3339)); err != nil {
				return err // the client went away
			}
			select {
			case <-req.Context().Done():
				return nil
			case <-t.C:
			}
		}
		return w.Event("done", strconv.Itoa(n))
	})
}
