package serve

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSupervisorReapsOrphans runs a supervisor with Reap set in a process
// of its own, makes its child start a process and crash, and checks that
// the orphan comes to the supervisor (not to init) and is reaped once it
// ends, not left a zombie.
func TestSupervisorReapsOrphans(t *testing.T) {
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("no sleep command")
	}
	sup := exec.Command(os.Args[0], "-test.run=^$")
	sup.Env = append(os.Environ(), reaperMode+"=1")
	out, err := sup.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sup.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sup.Process.Signal(syscall.SIGTERM)
		sup.Wait()
	})
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("the supervisor's address: %v", err)
	}
	url := "http://" + strings.TrimSpace(addr)

	status, body := get(t, url+"/orphan?for=1.5")
	orphan, err := strconv.Atoi(body)
	if status != 200 || err != nil {
		t.Fatalf("GET /orphan: %d %q", status, body)
	}
	// The child crashes; the orphan comes to the supervisor, and is
	// reaped once its second and a half is over.
	deadline := time.Now().Add(15 * time.Second)
	adopted := false
	for {
		ppid, state, alive := procStat(orphan)
		if !alive {
			break
		}
		if ppid == sup.Process.Pid {
			adopted = true
		}
		if time.Now().After(deadline) {
			t.Fatalf("the orphan %d is still there (parent %d, state %c), 15 s on", orphan, ppid, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !adopted {
		t.Error("the orphan never had the supervisor as its parent")
	}
	// And the server answers, from a new child.
	if status, body := get(t, url+"/ok"); status != 200 || !strings.HasPrefix(body, "ok ") {
		t.Errorf("after the crash: %d %q", status, body)
	}
}
