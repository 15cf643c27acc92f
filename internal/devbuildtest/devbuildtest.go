// Package devbuildtest starts an app the two ways the comparison tests
// (nextcompat, parity) serve it: with the dev server, in the test's
// process, and as the binary devserver build makes of it. Each is stopped
// when the test ends.
package devbuildtest

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"time"

	"github.com/charmbracelet/log"
	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
	"github.com/devserver/devserver/interp"
	"github.com/devserver/devserver/server"
)

// Dev starts the dev server on the project in dir, quietly, and returns
// once no route is still loading. The caller
// checks its generation's problems before serving it (see Serve): which
// ones are expected is the caller's to say.
func Dev(t apptest.TB, dir string) *dev.Dev {
	t.Helper()
	return DevLogging(t, dir, io.Discard)
}

// DevLogging is Dev with the dev server's log (which routes run compiled,
// and why) written to w, which must be safe for concurrent use; what
// route code prints is discarded.
func DevLogging(t apptest.TB, dir string, w io.Writer) *dev.Dev {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	opts := dev.Options{Dir: dir, Stdout: io.Discard, Stderr: io.Discard}
	if w != io.Discard {
		opts.Logger = log.New(w)
	}
	d, err := dev.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	// Routes the interpreter cannot run are compiled in the background;
	// their first request would wait for it, past a client's timeout on a
	// busy machine.
	wctx, wcancel := context.WithTimeout(ctx, 5*time.Minute)
	defer wcancel()
	if err := d.CompiledReady(wctx); err != nil {
		t.Fatal(err)
	}
	waitLoaded(d)
	return d
}

// waitLoaded waits until no route of d's generation is still loading: on
// a busy machine the first load may return before a slow unit has
// compiled (approuter.ErrLoading), which is no difference from the build.
// It waits for as long as an init may run.
func waitLoaded(d *dev.Dev) {
	loading := func(p server.Problem) bool { return errors.Is(p.Err, approuter.ErrLoading) }
	deadline := time.Now().Add(interp.DefaultInitTimeout + time.Minute)
	for slices.ContainsFunc(d.Server.Current().Problems(), loading) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
}

// Serve serves d over loopback and returns its URL.
func Serve(t apptest.TB, d *dev.Dev) string {
	t.Helper()
	srv := httptest.NewServer(d.Server)
	t.Cleanup(func() {
		// Close waits for every handler to return: one that never does
		// (a route blocked on a channel nobody sends on) would hold the
		// whole test binary until go test's timeout. Its request has
		// failed the test already, on the client's timeout.
		done := make(chan struct{})
		go func() { srv.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(closeWait):
			t.Logf("dev server: a handler still runs %v after the test; left behind", closeWait)
		}
	})
	return srv.URL
}

// closeWait is how long Serve's cleanup waits for the handlers still
// running to return.
const closeWait = 30 * time.Second

// Build compiles the project in dir with devserver build, within five
// minutes, and returns the binary's path. It links with -ldflags "-s -w":
// the symbol table and DWARF change nothing a request sees (panics name
// their lines from the runtime's own tables), and leaving them out takes
// about a third off the link, which the parity suite does once per
// fixture.
func Build(t apptest.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "server")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := build.Build(ctx, build.Options{Dir: dir, Output: bin, LDFlags: "-s -w"}); err != nil {
		t.Fatal(err)
	}
	return bin
}
