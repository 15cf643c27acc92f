package main

// The README's quick start, run as written: a newcomer pastes that block
// into a shell on a fresh clone, so CI does the same.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readmeTestCommand is the README's command for the tests. The quick start ends
// with it and .ci/run runs it as its test step, so here it is checked, not
// run: running it would run this test inside itself, and the whole suite
// twice.
const readmeTestCommand = "go test -race ./..."

// TestReadmeQuickStart runs the first sh block of README.md with bash, line
// for line, in a copy of the repository's files. Two things differ from a
// newcomer's terminal, both outside the block: PORT names a free port, and
// curl is a wrapper that sends localhost:3000 there (port 3000 may be taken
// on a CI machine); go is a wrapper that records a go test command line
// instead of running it (see readmeTestCommand). Whatever the block starts in the
// background is ended with it.
func TestReadmeQuickStart(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds devserver and the sample app: not in -short")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the quick start is a POSIX shell block")
	}
	bash, realGo, realCurl := needCommand(t, "bash"), needCommand(t, "go"), needCommand(t, "curl")
	block, err := quickStart("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(block, "\n"+readmeTestCommand) {
		t.Fatalf("README.md: the quick start does not end with %q:\n%s", readmeTestCommand, block)
	}
	ci, err := os.ReadFile(".ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(readmeTestCommand) + `$`).Match(ci) {
		t.Fatalf(".ci/run does not run %q, the README's test command", readmeTestCommand)
	}

	repo := filepath.Join(t.TempDir(), "devserver")
	copyRepository(t, repo)
	shims := t.TempDir()
	goLog := filepath.Join(t.TempDir(), "go-test.log")
	writeShim(t, shims, "go", `if [ "$1" = test ]; then echo "$(pwd) go $*" >>"$QUICKSTART_GO_TEST_LOG"; exit 0; fi
exec "$QUICKSTART_GO" "$@"`)
	writeShim(t, shims, "curl", `for a do
	shift
	case $a in *localhost:3000*) a="${a%%localhost:3000*}localhost:$PORT${a#*localhost:3000}" ;; esac
	set -- "$@" "$a"
done
exec "$QUICKSTART_CURL" "$@"`)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bash, "-e", "-c", block)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(),
		"PATH="+shims+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PORT="+quickStartPort(t),
		"QUICKSTART_GO="+realGo, "QUICKSTART_CURL="+realCurl, "QUICKSTART_GO_TEST_LOG="+goLog,
	)
	// Its own process group, so that a server the block left running is
	// ended with it, whatever happens.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	if err != nil {
		t.Fatalf("the README's quick start failed: %v\n%s\n--- output:\n%s", err, block, out.String())
	}

	// Both servers, the interpreted and the compiled one, answered.
	if n := strings.Count(out.String(), `"name":"Ada"`); n != 2 {
		t.Errorf("the quick start's curls got %d answers with user 1, want 2 (dev server, built binary):\n%s", n, out.String())
	}
	logged, err := os.ReadFile(goLog)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if want := repo + " " + readmeTestCommand + "\n"; string(logged) != want {
		t.Errorf("go test command lines of the quick start:\n%q\nwant\n%q", logged, want)
	}
}

// quickStart returns the first sh code block of the markdown file name.
func quickStart(name string) (string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	_, rest, ok := strings.Cut(string(data), "\n```sh\n")
	if !ok {
		return "", fmt.Errorf("%s: no ```sh block", name)
	}
	block, _, ok := strings.Cut(rest, "\n```")
	if !ok {
		return "", fmt.Errorf("%s: the first ```sh block does not end", name)
	}
	return block + "\n", nil
}

// copyRepository copies the files git tracks, and untracked files it does
// not ignore, into dir: what a fresh clone holds, plus work in progress.
func copyRepository(t *testing.T, dir string) {
	t.Helper()
	git := needCommand(t, "git")
	list, err := exec.Command(git, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("needs a git checkout to know the repository's files: %v", err)
	}
	for _, name := range strings.Split(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		fi, err := os.Lstat(name)
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the work tree
		}
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			target, err := os.Readlink(name)
			if err == nil {
				err = os.Symlink(target, dst)
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, err := os.ReadFile(name)
		if err == nil {
			err = os.WriteFile(dst, data, fi.Mode().Perm())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// writeShim writes an executable sh script called name into dir.
func writeShim(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// needCommand finds a command the test needs, or skips the test.
func needCommand(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("needs %s: %v", name, err)
	}
	return p
}

// quickStartPort returns a loopback port that was free a moment ago.
func quickStartPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}
