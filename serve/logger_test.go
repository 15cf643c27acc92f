package serve

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/apptest"
)

func TestBatchWriter(t *testing.T) {
	var out apptest.LockedBuffer
	w := &batchWriter{w: &out}
	w.Write([]byte("one\n"))
	w.Write([]byte("two\n"))
	if got := out.String(); got != "" {
		t.Fatalf("written before the delay: %q", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for out.String() == "" && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := out.String(); got != "one\ntwo\n" {
		t.Fatalf("after the delay: %q", got)
	}
	w.Write([]byte("three\n"))
	w.Flush()
	if got := out.String(); got != "one\ntwo\nthree\n" {
		t.Fatalf("after Flush: %q", got)
	}
	big := strings.Repeat("x", batchMax)
	w.Write([]byte(big))
	if got := out.String(); !strings.HasSuffix(got, big) {
		t.Fatal("a full batch was not written at once")
	}
}

// TestPlainLoggerLooksLikeDefault checks that the unstyled logger writes
// what charmbracelet/log writes without colour.
func TestPlainLoggerLooksLikeDefault(t *testing.T) {
	var plain, styled bytes.Buffer
	newLogger(&plain, false).Warn("GET / 200", "in", "3µs")
	newLogger(&styled, true).Warn("GET / 200", "in", "3µs")
	strip := func(s string) string { return s[len("15:04:05.000 "):] }
	if strip(plain.String()) != strip(styled.String()) {
		t.Errorf("plain %q, default %q", plain.String(), styled.String())
	}
	if !strings.Contains(plain.String(), "WARN GET / 200 in=3µs") {
		t.Errorf("plain line %q", plain.String())
	}
}
