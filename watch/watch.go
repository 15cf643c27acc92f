// Package watch reports changes under a project directory as debounced
// batches of paths.
//
// It deliberately knows nothing about what the files mean: callers get
// "these paths changed" and decide for themselves what to reload. Editor
// noise (swap files, backup files, lock files, atomic-save temporaries) and
// tool directories (.git, node_modules, dot directories) are filtered out so
// that one save produces one batch naming the real file.
//
// Two backends are available: fsnotify (inotify, kqueue,
// ReadDirectoryChangesW), which is fast and cheap, and polling, which works
// where kernel notifications do not reach: Docker bind mounts on macOS and
// Windows, network file systems, and machines whose inotify watch limit is
// exhausted.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

const (
	defaultPollInterval = 300 * time.Millisecond
	defaultDebounce     = 3 * time.Millisecond

	// maxBatchAge bounds how long a batch may stay open. Without it a
	// process that writes continuously (a log file, a build writing
	// thousands of files) would keep resetting the quiet timer and no
	// reload would ever happen.
	maxBatchAge = 100 * time.Millisecond

	// errBuffer is the capacity of the Errors channel. Errors are advisory,
	// so when nobody reads them they are dropped rather than allowed to
	// stall event delivery.
	errBuffer = 16
)

// Options configure a Watcher. The zero value is usable.
type Options struct {
	// Poll selects periodic directory scans instead of kernel
	// notifications. Notifications do not cross Docker bind mounts on
	// macOS and Windows, nor most network file systems, and they need one
	// inotify watch per directory; polling has none of those limits, at
	// the cost of latency and CPU.
	Poll bool

	// PollInterval is the time between scans in polling mode. Zero means
	// 300ms.
	PollInterval time.Duration

	// Debounce is the quiet period that closes a batch. Editors and tools
	// touch a file several times per save (truncate, write, rename,
	// chmod), all within a millisecond or so; waiting for a short lull
	// turns that into one reload. Zero means 3ms; keep it small, since it
	// adds directly to reload latency. A batch is closed after at most
	// 100ms (or Debounce, if larger) even if events keep arriving.
	Debounce time.Duration

	// Ignore, if non-nil, is consulted in addition to the built-in rules.
	// rel is the slash-separated path relative to the root. Returning true
	// for a directory skips the whole subtree, which also saves inotify
	// watches.
	Ignore func(rel string, isDir bool) bool
}

// ChangeSet is one debounced batch of changes.
type ChangeSet struct {
	// Paths holds the absolute paths that were created, written, removed
	// or renamed, sorted and without duplicates. A renamed or removed
	// directory is reported by its own path only, not by the files it
	// contained. Paths may name files that no longer exist, because a
	// removal is a change too.
	//
	// After an fsnotify queue overflow the root directory itself is
	// included, meaning that some changes may have been lost and callers
	// should rescan everything.
	Paths []string

	// Dirs holds the paths among Paths that are directories, or were when
	// they were removed or renamed away: a vanished path cannot be asked.
	Dirs []string
}

// A Watcher watches a directory tree and delivers debounced batches of
// changed paths on its Changes channel. Its methods may be called from
// multiple goroutines.
type Watcher struct {
	root    string
	opts    Options
	mode    string
	changes chan ChangeSet
	errs    chan error

	done      chan struct{} // closed by Close to stop run
	exited    chan struct{} // closed when run has returned
	closeOnce sync.Once
	closeErr  error

	// Owned by the run goroutine once New returns.
	fsw      *fsnotify.Watcher
	dirs     map[string]bool                // directories seen; true if watched, false if ignored
	children map[string]map[string]struct{} // directory -> known subdirectories, to drop subtrees cheaply
	snap     map[string]fileState           // polling mode: last scan
	perms    map[string]fs.FileMode         // fsnotify mode: permissions of the paths seen
	links    map[string]link                // fsnotify mode: the links followed, by path
}

// New starts watching the directory tree rooted at root.
//
// In fsnotify mode every directory is watched before New returns, so any
// change made after New returns is reported. If the inotify watch limit is
// reached, New fails with an error wrapping ErrWatchLimit; callers should
// suggest polling rather than run with a partially watched tree.
func New(root string, opts Options) (*Watcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("watch %s: not a directory", abs)
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = defaultPollInterval
	}
	if opts.Debounce <= 0 {
		opts.Debounce = defaultDebounce
	}

	w := &Watcher{
		root:     abs,
		opts:     opts,
		changes:  make(chan ChangeSet),
		errs:     make(chan error, errBuffer),
		done:     make(chan struct{}),
		exited:   make(chan struct{}),
		dirs:     make(map[string]bool),
		children: make(map[string]map[string]struct{}),
	}

	if opts.Poll {
		w.mode = "poll"
		snap, err := w.scan()
		if err != nil {
			return nil, fmt.Errorf("watch %s: %w", abs, err)
		}
		w.snap = snap
	} else {
		w.mode = "fsnotify"
		fsw, err := fsnotify.NewWatcher()
		if err != nil {
			return nil, fmt.Errorf("watch %s: starting fsnotify: %w (try --poll or DEVSERVER_POLL=1)", abs, err)
		}
		w.fsw = fsw
		if err := fsw.Add(abs); err != nil {
			fsw.Close()
			return nil, wrapAddErr(abs, err)
		}
		w.record(abs, true)
		if err := w.addTree(abs, nil); err != nil {
			fsw.Close()
			return nil, err
		}
	}

	go w.run()
	return w, nil
}

// Changes returns the channel on which batches are delivered. A batch that
// is not received is merged with later ones, so a slow reader sees fewer,
// larger batches rather than stalling the watcher. The channel is closed
// once the Watcher is closed.
func (w *Watcher) Changes() <-chan ChangeSet { return w.changes }

// Errors returns the channel of non-fatal errors, such as a directory that
// could not be watched. Reading it is optional: errors that do not fit in
// its buffer are dropped. The channel is closed once the Watcher is closed.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Mode reports the backend in use, "fsnotify" or "poll", so that callers
// can say in their logs why reloads are slower than expected.
func (w *Watcher) Mode() string { return w.mode }

// Close stops the watcher and waits for its goroutine to exit, then closes
// the Changes and Errors channels; a batch still being collected is
// discarded. Close may be called more than once; later calls return the
// result of the first.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() {
		close(w.done)
		if w.fsw != nil {
			w.closeErr = w.fsw.Close()
		}
		<-w.exited
	})
	return w.closeErr
}

// run is the Watcher's only goroutine. Keeping all state in one goroutine
// means the directory maps and the batch need no locking.
func (w *Watcher) run() {
	defer close(w.exited)
	defer close(w.errs)
	defer close(w.changes)

	maxAge := max(maxBatchAge, w.opts.Debounce)
	b := newBatcher(w.opts.Debounce, maxAge)
	defer b.stop()

	var (
		events <-chan fsnotify.Event
		fserrs <-chan error
		tick   <-chan time.Time
	)
	if w.fsw != nil {
		events, fserrs = w.fsw.Events, w.fsw.Errors
	} else {
		t := time.NewTicker(w.opts.PollInterval)
		defer t.Stop()
		tick = t.C
	}

	for {
		var out chan<- ChangeSet
		if b.ready != nil {
			out = w.changes
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			w.handleEvent(ev, b.add)
		case err, ok := <-fserrs:
			if !ok {
				fserrs = nil
				continue
			}
			w.handleError(err, b.add)
		case <-tick:
			w.poll(b.add)
		case <-b.quietC:
			b.flush()
		case <-b.limitC:
			b.flush()
		case out <- ChangeSet{Paths: b.ready, Dirs: b.readyDirs}:
			b.ready, b.readyDirs, b.readySet = nil, nil, nil
		}
	}
}

// report delivers a non-fatal error without ever blocking the watcher.
func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

// rel returns path relative to the root in slash form, the form the ignore
// rules and Options.Ignore see.
func (w *Watcher) rel(path string) (string, bool) {
	r, err := filepath.Rel(w.root, path)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// ignored reports whether rel should produce no events. The root itself is
// never ignored: a project living under a dot directory must still work.
func (w *Watcher) ignored(rel string, isDir bool) bool {
	if rel == "." {
		return false
	}
	if ignoredName(path.Base(rel), isDir) {
		return true
	}
	return w.opts.Ignore != nil && w.opts.Ignore(rel, isDir)
}

// batcher accumulates paths until the debounce quiet period or the maximum
// batch age expires, then moves them to ready, where they wait until the
// reader takes them.
type batcher struct {
	debounce, maxAge time.Duration
	pending          map[string]bool // path -> is a directory
	quiet, limit     *time.Timer
	quietC, limitC   <-chan time.Time // nil while the timer is not armed

	readySet  map[string]bool
	ready     []string // sorted keys of readySet; nil when nothing to send
	readyDirs []string // sorted keys of readySet that are directories
}

func newBatcher(debounce, maxAge time.Duration) *batcher {
	b := &batcher{
		debounce: debounce,
		maxAge:   maxAge,
		pending:  make(map[string]bool),
		quiet:    time.NewTimer(time.Hour),
		limit:    time.NewTimer(time.Hour),
	}
	b.quiet.Stop()
	b.limit.Stop()
	return b
}

func (b *batcher) add(path string, dir bool) {
	if len(b.pending) == 0 {
		b.limit.Reset(b.maxAge)
		b.limitC = b.limit.C
	}
	b.pending[path] = b.pending[path] || dir
	b.quiet.Reset(b.debounce)
	b.quietC = b.quiet.C
}

func (b *batcher) flush() {
	b.quiet.Stop()
	b.limit.Stop()
	b.quietC, b.limitC = nil, nil
	if len(b.pending) == 0 {
		return
	}
	if b.readySet == nil {
		b.readySet = b.pending
	} else {
		for p, dir := range b.pending {
			b.readySet[p] = b.readySet[p] || dir
		}
	}
	b.pending = make(map[string]bool)
	// Build fresh slices: earlier ones may already be in a reader's hands.
	ready := make([]string, 0, len(b.readySet))
	var dirs []string
	for p, dir := range b.readySet {
		ready = append(ready, p)
		if dir {
			dirs = append(dirs, p)
		}
	}
	sort.Strings(ready)
	sort.Strings(dirs)
	b.ready, b.readyDirs = ready, dirs
}

func (b *batcher) stop() {
	b.quiet.Stop()
	b.limit.Stop()
}

// ErrWatchLimit is matched, using errors.Is, by the error New returns (or
// Errors delivers) when the kernel refuses another inotify watch. It is
// separate from the underlying ENOSPC because "no space left on device" sends
// people looking at their disks instead of at fs.inotify.max_user_watches.
var ErrWatchLimit = errors.New("inotify watch limit reached")

// wrapAddErr turns an error from fsnotify's Add into one a user can act on.
func wrapAddErr(path string, err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("watch %s: %w (%w): raise fs.inotify.max_user_watches "+
			"(e.g. sudo sysctl fs.inotify.max_user_watches=524288) "+
			"or run with --poll (DEVSERVER_POLL=1)", path, ErrWatchLimit, err)
	}
	return fmt.Errorf("watch %s: %w", path, err)
}
