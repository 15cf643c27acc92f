package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestKeptValuesClosedOnShutdown checks that the close hook of a value
// kept with next.KeepWithClose runs when the server shuts down gracefully.
func TestKeptValuesClosedOnShutdown(t *testing.T) {
	t.Parallel()
	marker := filepath.Join(t.TempDir(), "closed")
	r := start(t, map[string]string{"app/kept/route.go": fmt.Sprintf(route, "\t\"os\"", `func GET(req *next.Request) *next.Response {
	next.KeepWithClose("test.pool", func() (any, error) { return "pool", nil }, func(v any) {
		os.WriteFile(`+fmt.Sprintf("%q", marker)+`, []byte(v.(string)), 0o644)
	})
	return next.NewResponse("kept")
}`)})
	expect(t, r.url+"/kept", "kept")
	if err := r.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.exited(10 * time.Second); !ok {
		t.Fatalf("the server did not exit:\n%s", r.logText())
	}
	if b, err := os.ReadFile(marker); err != nil || string(b) != "pool" {
		t.Errorf("the close hook did not run: %q %v\n%s", b, err, r.logText())
	}
}
