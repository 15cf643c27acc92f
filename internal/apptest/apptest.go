// Package apptest helps tests build and run apps the way users do: a
// module of its own that requires devserver from this checkout, and the
// binary `devserver build` makes of it.
package apptest

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"time"
)

// TB is the part of testing.TB that the helpers of this package and of
// devbuildtest use. A *testing.T is one; so is a scope that outlives a
// single test, as the parity suite's batches do (one app serving several
// fixtures, stopped when the last of them ends).
type TB interface {
	Helper()
	Cleanup(func())
	TempDir() string
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// Root is the folder of this checkout of devserver.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// GoMod is a go.mod for module example.com/app requiring devserver from
// this checkout.
func GoMod() string {
	return "module example.com/app\n\ngo 1.24.0\n\nrequire github.com/devserver/devserver v0.0.0\n\nreplace github.com/devserver/devserver => " + Root() + "\n"
}

// WriteModule writes files into a new temporary folder, with GoMod and this
// checkout's go.sum unless files has its own, and returns the folder.
func WriteModule(t TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	sum, err := os.ReadFile(filepath.Join(Root(), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]string{"go.mod": GoMod(), "go.sum": string(sum)}
	for k, v := range files {
		all[k] = v
	}
	for name, content := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var readyRE = regexp.MustCompile(`ready on (http://\S+)`)

// RunBinary starts a binary made by devserver build on a free loopback
// port and returns its URL, from its ready line. It is interrupted when the
// test ends.
func RunBinary(t TB, bin string) string {
	t.Helper()
	cmd := exec.Command(bin, "-p", "0", "-H", "127.0.0.1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := readyRE.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	select {
	case u := <-urls:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("built binary printed no ready line")
		return ""
	}
}

// LockedBuffer is a bytes.Buffer that several goroutines (a logger, a
// flush timer) may write while a test reads it.
type LockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns what was written so far.
func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
