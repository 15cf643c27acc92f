package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/devserver/devserver/cachestore"
)

// The environment of a compiled worker for the cache tags it shares with
// the dev server (see WorkerTags).
const (
	// WorkerTagsEnv holds the URL of the dev server's WorkerTags.
	WorkerTagsEnv = "DEVSERVER_WORKER_TAGS"
	// WorkerTagsTokenEnv holds the secret requests to it carry in
	// WorkerTokenHeader.
	WorkerTagsTokenEnv = "DEVSERVER_WORKER_TAGS_TOKEN"
)

// tagsCall is one call of a worker to WorkerTags: Tags when Revalidate is
// false, RevalidateTags otherwise.
type tagsCall struct {
	Tags       []string      `json:"tags"`
	Revalidate bool          `json:"revalidate,omitempty"`
	Expire     time.Duration `json:"expire,omitempty"`
}

// tagsAnswer is what WorkerTags answers to Tags.
type tagsAnswer struct {
	States []cachestore.TagState `json:"states"`
	Epoch  int64                 `json:"epoch"`
}

// WorkerTags serves the states of cache tags in store() (read at each
// call: the dev server's store may be set after it starts) to compiled
// workers, to requests carrying token. Through it a revalidation in a
// compiled route reaches the responses the dev server caches for
// interpreted routes, and the other way round, as one cache serves every
// route of a build.
func WorkerTags(store func() cachestore.Store, token string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !carriesToken(r, token) {
			http.Error(w, "403 forbidden: this serves the dev server's compiled workers only", http.StatusForbidden)
			return
		}
		var call tagsCall
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&call); err != nil {
			http.Error(w, "400 bad request: "+err.Error(), http.StatusBadRequest)
			return
		}
		if call.Revalidate {
			if err := store().RevalidateTags(r.Context(), call.Tags, call.Expire); err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
			}
			return
		}
		states, epoch, err := store().Tags(r.Context(), call.Tags)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(tagsAnswer{States: states, Epoch: epoch})
	})
}

// workerStore is the cache store of a compiled worker: the responses and
// values its routes cache are kept in its memory, the states of tags in
// the dev server's store, through its WorkerTags.
type workerStore struct {
	cachestore.Memory
	url, token string
	client     *http.Client
}

func newWorkerStore(url, token string) *workerStore {
	return &workerStore{url: url, token: token, client: &http.Client{Timeout: 5 * time.Second}}
}

// Tags returns the states of tags in the dev server's store.
func (s *workerStore) Tags(ctx context.Context, tags []string) ([]cachestore.TagState, int64, error) {
	var a tagsAnswer
	if err := s.call(ctx, tagsCall{Tags: tags}, &a); err != nil {
		return nil, 0, err
	}
	if len(a.States) != len(tags) {
		return nil, 0, fmt.Errorf("dev server's tags: %d states for %d tags", len(a.States), len(tags))
	}
	return a.States, a.Epoch, nil
}

// RevalidateTags revalidates tags in the dev server's store.
func (s *workerStore) RevalidateTags(ctx context.Context, tags []string, expire time.Duration) error {
	return s.call(ctx, tagsCall{Tags: tags, Revalidate: true, Expire: expire}, nil)
}

func (s *workerStore) call(ctx context.Context, call tagsCall, answer *tagsAnswer) error {
	body, err := json.Marshal(call)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set(WorkerTokenHeader, s.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("dev server's tags: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(res.Body, 512))
		return fmt.Errorf("dev server's tags: %s: %s", res.Status, bytes.TrimSpace(msg))
	}
	if answer == nil {
		return nil
	}
	return json.NewDecoder(res.Body).Decode(answer)
}
