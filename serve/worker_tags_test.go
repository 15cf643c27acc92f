package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/cachestore"
)

// TestWorkerStoreSharesTags: a worker's revalidation reaches the dev
// server's store and the worker reads the dev server's, while the
// responses it caches stay in its own memory.
func TestWorkerStoreSharesTags(t *testing.T) {
	dev := &cachestore.Memory{}
	ts := httptest.NewServer(WorkerTags(func() cachestore.Store { return dev }, "secret"))
	defer ts.Close()
	ctx := context.Background()
	w := newWorkerStore(ts.URL, "secret")

	if err := w.RevalidateTags(ctx, []string{"posts"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	states, epoch, err := dev.Tags(ctx, []string{"posts", "other"})
	if err != nil || epoch != 1 || states[0].Stale == 0 || states[1] != (cachestore.TagState{}) {
		t.Fatalf("dev server's store after the worker revalidated: %v %d %v", states, epoch, err)
	}

	if err := dev.RevalidateTags(ctx, []string{"other"}, 0); err != nil {
		t.Fatal(err)
	}
	got, epoch, err := w.Tags(ctx, []string{"posts", "other"})
	want, _, _ := dev.Tags(ctx, []string{"posts", "other"})
	if err != nil || epoch != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("worker's Tags = %v %d %v, want %v 2", got, epoch, err, want)
	}

	if err := w.Set(ctx, "k", &cachestore.Entry{Body: []byte("b")}, 0); err != nil {
		t.Fatal(err)
	}
	if e, _ := dev.Get(ctx, "k"); e != nil {
		t.Error("a response the worker caches reached the dev server's store")
	}
	if e, _ := w.Get(ctx, "k"); e == nil || string(e.Body) != "b" {
		t.Errorf("worker's Get = %v", e)
	}
}

// TestWorkerTagsRefusesOthers: without the token, nothing is read or
// revalidated.
func TestWorkerTagsRefusesOthers(t *testing.T) {
	dev := &cachestore.Memory{}
	ts := httptest.NewServer(WorkerTags(func() cachestore.Store { return dev }, "secret"))
	defer ts.Close()
	for _, token := range []string{"", "wrong"} {
		w := newWorkerStore(ts.URL, token)
		err := w.RevalidateTags(context.Background(), []string{"posts"}, 0)
		if err == nil || !strings.Contains(err.Error(), "403") {
			t.Errorf("token %q: err = %v, want a 403", token, err)
		}
	}
	if _, epoch, _ := dev.Tags(context.Background(), nil); epoch != 0 {
		t.Error("a request without the token revalidated")
	}
	res, err := http.Post(ts.URL, "application/json", strings.NewReader(`{"tags":["a"]}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("status %d, want 403", res.StatusCode)
	}
}
