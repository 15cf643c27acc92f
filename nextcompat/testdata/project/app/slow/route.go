package route

import (
	"net/http"
	"time"
)

const MaxDuration = 1

func GET(w http.ResponseWriter, r *http.Request) {
	select {
	case <-time.After(2500 * time.Millisecond):
		w.Write([]byte("late"))
	case <-r.Context().Done():
	}
}
