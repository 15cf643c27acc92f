package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/cachestore"
	"github.com/devserver/devserver/server"
)

// CacheURLEnv is the environment variable giving the cache store when
// --cache-url does not.
const CacheURLEnv = "DEVSERVER_CACHE_URL"

// OpenCache gives s the cache store c.CacheURL names, if any: a Redis or
// Valkey server shared by every replica given the same URL. build names
// the code being served: replicas of one build share cached responses
// ("": each generation has its own, as in the dev server). close closes
// the store's connections.
func (c Config) OpenCache(s *server.Server, build string, logger *log.Logger) (close func(), err error) {
	if c.CacheURL == "" {
		return func() {}, nil
	}
	store, err := cachestore.OpenRedis(c.CacheURL)
	if err != nil {
		return nil, fmt.Errorf("--cache-url: %w", err)
	}
	s.CacheStore, s.CacheNamespace = store, build
	if logger != nil {
		logger.Info("cache store", "url", store.Addr())
	}
	return func() { store.Close() }, nil
}

// executableID is a hash of this program's file: two processes of one
// build have the same, another build another, so that replicas share
// cached responses and a new build does not serve an older one's.
func executableID() (string, error) {
	path, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("naming this build for the cache: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("naming this build for the cache: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("naming this build for the cache: reading %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}
