package watch

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// waitTimeout bounds every wait for an expected event. It is generous
// because tests run under -race on loaded machines; it is never used to
// assert latency.
const waitTimeout = 5 * time.Second

// backends runs f once per backend, so that both deliver the same
// observable behaviour.
func backends(t *testing.T, f func(t *testing.T, opts Options)) {
	t.Run("fsnotify", func(t *testing.T) {
		t.Parallel()
		f(t, Options{})
	})
	t.Run("poll", func(t *testing.T) {
		t.Parallel()
		f(t, Options{Poll: true, PollInterval: 20 * time.Millisecond})
	})
}

func start(t *testing.T, dir string, opts Options) *Watcher {
	t.Helper()
	w, err := New(dir, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { w.Close() })
	want := "fsnotify"
	if opts.Poll {
		want = "poll"
	}
	if w.Mode() != want {
		t.Fatalf("Mode() = %q, want %q", w.Mode(), want)
	}
	return w
}

// collect receives batches until every path in want has been seen and
// returns all batches received, checking the invariants of each.
func collect(t *testing.T, w *Watcher, want ...string) []ChangeSet {
	t.Helper()
	missing := make(map[string]bool)
	for _, p := range want {
		missing[p] = true
	}
	timeout := time.After(waitTimeout)
	var got []ChangeSet
	for len(missing) > 0 {
		select {
		case cs, ok := <-w.Changes():
			if !ok {
				t.Fatalf("Changes closed while waiting for %v", slices.Sorted(maps.Keys(missing)))
			}
			checkBatch(t, cs)
			got = append(got, cs)
			for _, p := range cs.Paths {
				delete(missing, p)
			}
		case <-timeout:
			t.Fatalf("timed out waiting for %v; got %v", slices.Sorted(maps.Keys(missing)), got)
		}
	}
	return got
}

func checkBatch(t *testing.T, cs ChangeSet) {
	t.Helper()
	if len(cs.Paths) == 0 {
		t.Errorf("empty batch delivered")
	}
	for i, p := range cs.Paths {
		if !filepath.IsAbs(p) {
			t.Errorf("path %q is not absolute", p)
		}
		if i > 0 && cs.Paths[i-1] >= p {
			t.Errorf("paths not sorted and unique: %q", cs.Paths)
		}
	}
	if !slices.IsSorted(cs.Dirs) {
		t.Errorf("dirs not sorted: %q", cs.Dirs)
	}
	for _, d := range cs.Dirs {
		if !slices.Contains(cs.Paths, d) {
			t.Errorf("dir %q is not among the paths %q", d, cs.Paths)
		}
	}
}

// dirs returns every path reported as a directory in sets.
func dirs(sets []ChangeSet) map[string]bool {
	m := make(map[string]bool)
	for _, cs := range sets {
		for _, d := range cs.Dirs {
			m[d] = true
		}
	}
	return m
}

// barrier writes a fresh file and waits for it. Events are delivered in
// order, so once it arrives every earlier change has been delivered too;
// that lets tests assert that something was not reported without sleeping.
func barrier(t *testing.T, w *Watcher, dir string) []ChangeSet {
	t.Helper()
	p := filepath.Join(dir, fmt.Sprintf("barrier-%d.txt", time.Now().UnixNano()))
	write(t, p, "barrier")
	return collect(t, w, p)
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
}

func allPaths(batches []ChangeSet) []string {
	var all []string
	for _, cs := range batches {
		all = append(all, cs.Paths...)
	}
	return all
}

// assertAbsent fails if any reported path satisfies bad.
func assertAbsent(t *testing.T, batches []ChangeSet, what string, bad func(string) bool) {
	t.Helper()
	for _, p := range allPaths(batches) {
		if bad(p) {
			t.Errorf("%s reported: %q (batches %v)", what, p, batches)
		}
	}
}

func assertNoErrors(t *testing.T, w *Watcher) {
	t.Helper()
	for {
		select {
		case err := <-w.Errors():
			t.Errorf("unexpected watcher error: %v", err)
		default:
			return
		}
	}
}

func TestWriteFile(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		w := start(t, dir, opts)
		p := filepath.Join(dir, "page.go")
		write(t, p, "package page")
		got := collect(t, w, p)
		if !slices.Contains(got[0].Paths, p) {
			t.Errorf("first batch %v does not contain %s", got[0].Paths, p)
		}
		// Writing in place to an existing file is reported too.
		write(t, p, "package page // edited")
		collect(t, w, p)
		assertNoErrors(t, w)
	})
}

func TestBurstIsBatched(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		// The pause between writes keeps the watcher ahead of the writer,
		// so that without debouncing each write would get its own batch.
		// The quiet period is raised above the default only to keep a
		// loaded machine's scheduling hiccups from splitting the burst.
		opts.Debounce = 50 * time.Millisecond
		w := start(t, dir, opts)
		var want []string
		for i := range 20 {
			want = append(want, filepath.Join(dir, fmt.Sprintf("f%02d.go", i)))
		}
		// Write concurrently with collecting: batches that nobody
		// receives are merged, which would hide a missing debounce.
		writeErr := make(chan error, 1)
		go func() {
			for _, p := range want {
				if err := os.WriteFile(p, []byte("package f"), 0o644); err != nil {
					writeErr <- err
					return
				}
				time.Sleep(time.Millisecond)
			}
			writeErr <- nil
		}()
		got := collect(t, w, want...)
		if err := <-writeErr; err != nil {
			t.Fatal(err)
		}
		// One or two batches are expected; 10 leaves room for a badly
		// overloaded machine while still failing if every write produced
		// its own batch.
		if len(got) >= 10 {
			t.Errorf("20 writes produced %d batches, want far fewer", len(got))
		}
	})
}

func TestNewSubdirectory(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		w := start(t, dir, opts)

		sub := filepath.Join(dir, "blog")
		mkdir(t, sub)
		p := filepath.Join(sub, "page.go")
		write(t, p, "package blog")
		collect(t, w, p)

		// The new directory is watched: later writes in it arrive too.
		write(t, p, "package blog // edited")
		collect(t, w, p)
		assertNoErrors(t, w)
	})
}

func TestNestedMkdir(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		w := start(t, dir, opts)

		// a/b/c likely exist before the watcher has seen a, so their
		// contents are found by walking, not by events.
		deep := filepath.Join(dir, "a", "b", "c")
		mkdir(t, deep)
		p := filepath.Join(deep, "page.go")
		write(t, p, "package c")
		collect(t, w, p)

		q := filepath.Join(dir, "a", "b", "later.go")
		write(t, q, "package b")
		collect(t, w, q)
		write(t, p, "package c // edited")
		collect(t, w, p)
		assertNoErrors(t, w)
	})
}

func TestRemovedDirectory(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		sub := filepath.Join(dir, "old")
		mkdir(t, filepath.Join(sub, "inner"))
		write(t, filepath.Join(sub, "inner", "page.go"), "package inner")
		w := start(t, dir, opts)

		if err := os.RemoveAll(sub); err != nil {
			t.Fatal(err)
		}
		collect(t, w, sub)

		p := filepath.Join(dir, "after.go")
		write(t, p, "package after")
		collect(t, w, p)

		// Recreating the directory watches it afresh.
		q := filepath.Join(sub, "again.go")
		mkdir(t, sub)
		write(t, q, "package old")
		collect(t, w, q)
		write(t, q, "package old // edited")
		collect(t, w, q)
		assertNoErrors(t, w)
	})
}

// TestDirsTellsFoldersFromFiles checks that a vanished path is reported as
// a directory only if it was one: a consumer cannot stat it any more, and a
// removed extensionless temp file (sed's, for one) is not a folder.
func TestDirsTellsFoldersFromFiles(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		sub, tmp := filepath.Join(dir, "gone"), filepath.Join(dir, "sedTmp1")
		mkdir(t, sub)
		write(t, filepath.Join(sub, "route.go"), "package route")
		write(t, tmp, "x")
		w := start(t, dir, opts)

		if err := os.RemoveAll(sub); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(tmp); err != nil {
			t.Fatal(err)
		}
		got := dirs(collect(t, w, sub, tmp))
		if !got[sub] || got[tmp] {
			t.Errorf("removed: Dirs = %v, want %s and not %s", got, sub, tmp)
		}

		made := filepath.Join(dir, "made")
		mkdir(t, made)
		f := filepath.Join(made, "x.go")
		write(t, f, "package made")
		got = dirs(collect(t, w, made, f))
		if !got[made] || got[f] {
			t.Errorf("created: Dirs = %v, want %s and not %s", got, made, f)
		}
		assertNoErrors(t, w)
	})
}

func TestRenamedDirectory(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		from, to := filepath.Join(dir, "from"), filepath.Join(dir, "to")
		mkdir(t, filepath.Join(from, "inner"))
		write(t, filepath.Join(from, "inner", "page.go"), "package inner")
		w := start(t, dir, opts)

		if err := os.Rename(from, to); err != nil {
			t.Fatal(err)
		}
		collect(t, w, from, to)

		// Events inside the moved tree must carry the new name, not the
		// name the watch was created under.
		p := filepath.Join(to, "inner", "new.go")
		write(t, p, "package inner")
		got := collect(t, w, p)
		got = append(got, barrier(t, w, dir)...)
		assertAbsent(t, got, "stale path under old name", func(s string) bool {
			return strings.HasPrefix(s, from+string(filepath.Separator))
		})
		assertNoErrors(t, w)
	})
}

func TestRenameOverSave(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		target := filepath.Join(dir, "x.go")
		write(t, target, "package x")
		w := start(t, dir, opts)

		tmp := target + ".tmp"
		write(t, tmp, "package x // saved")
		if err := os.Rename(tmp, target); err != nil {
			t.Fatal(err)
		}
		got := collect(t, w, target)
		got = append(got, barrier(t, w, dir)...)
		assertAbsent(t, got, "temporary file", func(s string) bool { return s == tmp })
	})
}

func TestVimSave(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		target := filepath.Join(dir, "x.go")
		write(t, target, "package x")
		w := start(t, dir, opts)

		// What vim does with the default 'backupcopy=auto' and
		// 'writebackup': probe the directory, move the original aside,
		// write a new file, delete the backup.
		probe := filepath.Join(dir, "4913")
		write(t, probe, "")
		if err := os.Remove(probe); err != nil {
			t.Fatal(err)
		}
		backup := target + "~"
		if err := os.Rename(target, backup); err != nil {
			t.Fatal(err)
		}
		write(t, target, "package x // saved by vim")
		swap := filepath.Join(dir, ".x.go.swp")
		write(t, swap, "swap")
		if err := os.Remove(backup); err != nil {
			t.Fatal(err)
		}

		got := collect(t, w, target)
		got = append(got, barrier(t, w, dir)...)
		assertAbsent(t, got, "vim artefact", func(s string) bool {
			return s == probe || s == backup || s == swap
		})
	})
}

func TestDeleteThenCreate(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		target := filepath.Join(dir, "x.go")
		write(t, target, "package x")
		w := start(t, dir, opts)

		if err := os.Remove(target); err != nil {
			t.Fatal(err)
		}
		// Different length, so polling sees a change even if the
		// file system's mtime granularity hides the new timestamp.
		write(t, target, "package x // recreated")
		collect(t, w, target)
	})
}

func TestIgnoredFileAlone(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		w := start(t, dir, opts)

		swp := filepath.Join(dir, ".page.go.swp")
		write(t, swp, "swap")
		select {
		case cs := <-w.Changes():
			t.Fatalf("ignored file produced a batch: %v", cs.Paths)
		case <-time.After(300 * time.Millisecond):
		}

		p := filepath.Join(dir, "page.go")
		write(t, p, "package page")
		got := collect(t, w, p)
		assertAbsent(t, got, "swap file", func(s string) bool { return s == swp })
	})
}

func TestIgnoredDirectories(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		mkdir(t, filepath.Join(dir, ".git", "refs"))
		mkdir(t, filepath.Join(dir, "node_modules", "pkg"))
		mkdir(t, filepath.Join(dir, "build"))
		opts.Ignore = func(rel string, isDir bool) bool {
			return rel == "build" && isDir || strings.HasSuffix(rel, ".log")
		}
		w := start(t, dir, opts)

		write(t, filepath.Join(dir, ".git", "HEAD"), "ref: refs/heads/main")
		write(t, filepath.Join(dir, ".git", "refs", "main"), "abc")
		write(t, filepath.Join(dir, "node_modules", "pkg", "index.js"), "x")
		write(t, filepath.Join(dir, "build", "out.bin"), "x")
		write(t, filepath.Join(dir, "server.log"), "x")
		write(t, filepath.Join(dir, ".DS_Store"), "x")
		write(t, filepath.Join(dir, "page.go~"), "x")
		write(t, filepath.Join(dir, ".#page.go"), "x")
		// Directories that appear later are ignored as well.
		mkdir(t, filepath.Join(dir, ".devserver", "cache"))
		write(t, filepath.Join(dir, ".devserver", "cache", "entry"), "x")

		got := barrier(t, w, dir)
		assertAbsent(t, got, "ignored path", func(s string) bool {
			return !strings.HasPrefix(filepath.Base(s), "barrier-")
		})
		assertNoErrors(t, w)
	})
}

func TestPollModifyAndDelete(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "page.go")
	write(t, p, "package a")
	w := start(t, dir, Options{Poll: true, PollInterval: 20 * time.Millisecond})

	// Same size, so only the mtime tells the change apart. Set it
	// explicitly: coarse file system timestamps could otherwise leave it
	// unchanged.
	write(t, p, "package b")
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(p, future, future); err != nil {
		t.Fatal(err)
	}
	collect(t, w, p)

	// Size alone.
	write(t, p, "package longer")
	if err := os.Chtimes(p, future, future); err != nil {
		t.Fatal(err)
	}
	collect(t, w, p)

	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	collect(t, w, p)

	// A new directory and its contents.
	sub := filepath.Join(dir, "sub")
	q := filepath.Join(sub, "q.go")
	mkdir(t, sub)
	write(t, q, "package sub")
	collect(t, w, sub, q)

	// An unchanged tree produces nothing between two real changes.
	got := barrier(t, w, dir)
	assertAbsent(t, got, "unchanged path", func(s string) bool { return s == q || s == sub })
	assertNoErrors(t, w)
}

func TestContinuousWritesDoNotStarve(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		// A quiet period just under the cap, with writes far more
		// frequent than that, only ever closes a batch via the cap.
		opts.Debounce = 90 * time.Millisecond
		w := start(t, dir, opts)

		p := filepath.Join(dir, "busy.log")
		stop := make(chan struct{})
		var stopped atomic.Bool
		done := make(chan struct{})
		go func() {
			defer close(done)
			deadline := time.After(waitTimeout)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				case <-deadline:
					stopped.Store(true)
					return
				default:
				}
				os.WriteFile(p, []byte(strings.Repeat("x", i%50+1)), 0o644)
				time.Sleep(2 * time.Millisecond)
			}
		}()
		collect(t, w, p)
		if stopped.Load() {
			t.Errorf("no batch was delivered while writes continued")
		}
		close(stop)
		<-done
	})
}

func TestClose(t *testing.T) {
	backends(t, func(t *testing.T, opts Options) {
		dir := t.TempDir()
		w, err := New(dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		// Leave a batch undelivered: Close must not wait for a reader.
		write(t, filepath.Join(dir, "page.go"), "package page")
		time.Sleep(50 * time.Millisecond)

		closed := make(chan error, 1)
		go func() { closed <- w.Close() }()
		select {
		case err := <-closed:
			if err != nil {
				t.Errorf("Close: %v", err)
			}
		case <-time.After(waitTimeout):
			t.Fatal("Close did not return")
		}
		if err := w.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		waitClosed(t, "Changes", w.Changes())
		waitClosed(t, "Errors", w.Errors())
	})
}

// waitClosed drains ch and fails unless it is closed within waitTimeout.
func waitClosed[T any](t *testing.T, name string, ch <-chan T) {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timeout:
			t.Fatalf("%s channel not closed after Close", name)
		}
	}
}

func TestCloseConcurrent(t *testing.T) {
	t.Parallel()
	w, err := New(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() { errs <- w.Close() }()
	}
	for range 4 {
		select {
		case err := <-errs:
			if err != nil {
				t.Errorf("Close: %v", err)
			}
		case <-time.After(waitTimeout):
			t.Fatal("Close did not return")
		}
	}
}

// TestNoGoroutineLeak is not parallel so that the goroutine count is not
// disturbed by other tests.
func TestNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	for _, poll := range []bool{false, true} {
		for range 5 {
			dir := t.TempDir()
			mkdir(t, filepath.Join(dir, "a", "b"))
			w, err := New(dir, Options{Poll: poll, PollInterval: 5 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "a", "f.go"), "package a")
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	deadline := time.Now().Add(waitTimeout)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("goroutines: %d before, %d after Close\n%s",
				before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := New(filepath.Join(dir, "missing"), Options{}); err == nil {
		t.Error("New on a missing directory succeeded")
	}
	f := filepath.Join(dir, "file")
	write(t, f, "x")
	if _, err := New(f, Options{Poll: true}); err == nil {
		t.Error("New on a regular file succeeded")
	}
}

func TestWrapAddErrWatchLimit(t *testing.T) {
	t.Parallel()
	const dir = "/src/app/routes/blog"
	// fsnotify returns the bare errno; wrap it once more to check that
	// detection does not depend on that.
	err := wrapAddErr(dir, fmt.Errorf("inotify_add_watch: %w", syscall.ENOSPC))
	if !errors.Is(err, ErrWatchLimit) {
		t.Errorf("errors.Is(%v, ErrWatchLimit) = false", err)
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("errors.Is(%v, ENOSPC) = false; the cause must stay visible", err)
	}
	msg := err.Error()
	for _, want := range []string{dir, "inotify watch limit", "fs.inotify.max_user_watches", "--poll", "DEVSERVER_POLL=1"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}

	other := wrapAddErr(dir, syscall.EACCES)
	if errors.Is(other, ErrWatchLimit) {
		t.Errorf("EACCES reported as watch limit: %v", other)
	}
	if !errors.Is(other, syscall.EACCES) || !strings.Contains(other.Error(), dir) {
		t.Errorf("other error lost its cause or path: %v", other)
	}
}

func TestIgnoredName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		isDir bool
		want  bool
	}{
		{".git", true, true},
		{"node_modules", true, true},
		{".devserver", true, true},
		{".idea", true, true},
		{"app", true, false},
		{"node_modules", false, false},
		{"page.go", false, false},
		{".env", false, false},
		{"page.go~", false, true},
		{".page.go.swp", false, true},
		{".page.go.swx", false, true},
		{".page.go.swo", false, true},
		{"page.go.tmp", false, true},
		{".#page.go", false, true},
		{"#page.go#", false, true},
		{"4913", false, true},
		{"5036", false, true},
		{"4914", false, false},
		{"404", false, false},
		{".DS_Store", false, true},
		{"page.go___jb_tmp___", false, true},
	}
	for _, tt := range tests {
		if got := ignoredName(tt.name, tt.isDir); got != tt.want {
			t.Errorf("ignoredName(%q, %v) = %v, want %v", tt.name, tt.isDir, got, tt.want)
		}
	}
}

// TestAttributeOnlyChangesIgnored is fsnotify-only: polling compares the
// mode on purpose. Times and unchanged permissions are what Spotlight,
// antivirus and backup tools touch; they must not reload.
func TestAttributeOnlyChangesIgnored(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "page.go")
	write(t, p, "package page")
	w := start(t, dir, Options{})
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := os.Chtimes(p, now, now); err != nil {
		t.Fatal(err)
	}
	got := barrier(t, w, dir)
	assertAbsent(t, got, "attribute-only change", func(s string) bool { return s == p })
}
