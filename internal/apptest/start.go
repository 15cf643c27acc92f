package apptest

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Started is a binary made by devserver build, running.
type Started struct {
	URL string        // from its ready line
	Log *LockedBuffer // what it wrote to stderr so far
	Cmd *exec.Cmd
}

// StartBinary starts bin with args (after "-p 0 -H 127.0.0.1") and env
// (KEY=value, added to the test's environment) and waits for its ready
// line. It is interrupted when the test ends.
func StartBinary(t TB, bin string, env []string, args ...string) *Started {
	t.Helper()
	return StartBinaryIn(t, "", bin, env, args...)
}

// StartBinaryIn is StartBinary with dir as the working directory ("": the
// test's).
func StartBinaryIn(t TB, dir, bin string, env []string, args ...string) *Started {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-p", "0", "-H", "127.0.0.1"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &Started{Log: &LockedBuffer{}, Cmd: cmd}
	urls := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			s.Log.Write([]byte(sc.Text() + "\n"))
			if m := readyRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		<-done
		cmd.Wait()
	})
	select {
	case s.URL = <-urls:
		return s
	case <-time.After(30 * time.Second):
		t.Fatalf("built binary printed no ready line:\n%s", s.Log)
		return nil
	}
}

// WaitLog waits up to d for the log to contain want, and reports whether it
// did.
func (s *Started) WaitLog(want string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if strings.Contains(s.Log.String(), want) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return strings.Contains(s.Log.String(), want)
}
