//go:build unix

package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is one system under test: a child process in a process group of its
// own, with whatever it spawns (next dev's node server, air's built binary,
// devserver's background go build and go vet).
type proc struct {
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{}
}

// running holds every proc started and not yet stopped, so that an
// interrupt stops them all.
var running struct {
	sync.Mutex
	procs map[*proc]bool
}

// start launches argv in dir with extra environment variables, its output
// going to logPath.
func start(dir, logPath string, env []string, argv ...string) (*proc, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = f
	cmd.Stderr = f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, err
	}
	p := &proc{cmd: cmd, log: f, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	running.Lock()
	if running.procs == nil {
		running.procs = map[*proc]bool{}
	}
	running.procs[p] = true
	running.Unlock()
	return p, nil
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

// exited reports whether the root process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the process, its group and every descendant it had: SIGTERM,
// then SIGKILL for whatever is left after 5 s.
func (p *proc) stop() {
	running.Lock()
	delete(running.procs, p)
	running.Unlock()
	tree := descendants(p.pid())
	syscall.Kill(-p.pid(), syscall.SIGTERM)
	for _, pid := range tree {
		syscall.Kill(pid, syscall.SIGTERM)
	}
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
	}
	syscall.Kill(-p.pid(), syscall.SIGKILL)
	for _, pid := range tree {
		// a descendant in a group of its own (air starts the app so)
		syscall.Kill(-pid, syscall.SIGKILL)
		syscall.Kill(pid, syscall.SIGKILL)
	}
	<-p.done
	p.log.Close()
}

// stopAll stops every running proc (on an interrupt or a fatal error).
func stopAll() {
	running.Lock()
	ps := make([]*proc, 0, len(running.procs))
	for p := range running.procs {
		ps = append(ps, p)
	}
	running.Unlock()
	for _, p := range ps {
		p.stop()
	}
}

// tail is the end of the proc's log, for error messages.
func (p *proc) tail() string {
	b, _ := os.ReadFile(p.log.Name())
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 25 {
		lines = lines[len(lines)-25:]
	}
	return p.log.Name() + ":\n  " + strings.Join(lines, "\n  ")
}

// stat is what /proc/<pid>/stat says of one process.
type stat struct {
	ppid int
	cpu  int64 // utime + stime + cutime + cstime, in clock ticks
}

func readStat(pid int) (stat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return stat{}, false
	}
	// pid (comm) state ppid ...: comm may hold spaces and parentheses.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return stat{}, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 15 {
		return stat{}, false
	}
	var s stat
	s.ppid, _ = strconv.Atoi(f[1])
	for _, k := range f[11:15] {
		v, _ := strconv.ParseInt(k, 10, 64)
		s.cpu += v
	}
	return s, true
}

// processes maps every pid on the machine to its stat.
func processes() map[int]stat {
	ents, _ := os.ReadDir("/proc")
	m := make(map[int]stat, len(ents))
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if s, ok := readStat(pid); ok {
			m[pid] = s
		}
	}
	return m
}

// tree is root and all its descendants, found through the ppid of every
// process.
func tree(root int, all map[int]stat) []int {
	children := map[int][]int{}
	for pid, s := range all {
		children[s.ppid] = append(children[s.ppid], pid)
	}
	out := []int{root}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

func descendants(root int) []int { return tree(root, processes())[1:] }

// treeRSS is the sum of VmRSS over root and its descendants, in MB. Pages
// shared between processes count once per process, as RSS does.
func treeRSS(root int) float64 {
	var kb int64
	for _, pid := range tree(root, processes()) {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				f := strings.Fields(rest)
				if len(f) > 0 {
					v, _ := strconv.ParseInt(f[0], 10, 64)
					kb += v
				}
			}
		}
	}
	return float64(kb) / 1024
}

// treeCPU is the CPU time of root and its descendants (including children
// they have reaped), in clock ticks.
func treeCPU(root int) int64 {
	all := processes()
	var t int64
	for _, pid := range tree(root, all) {
		t += all[pid].cpu
	}
	return t
}

// Idle detection: the tree is idle once, over idleWindow, it used at most
// idleTicks clock ticks (10 ms each) of CPU and none of its threads was
// seen running or in uninterruptible sleep (sampled every idleSample): a
// go build waiting on the disk of a busy machine uses little CPU. The window
// is longer than the 250 ms after which devserver starts its background type
// check, so a check about to start is waited for too.
const (
	idleWindow = 400 * time.Millisecond
	idleSample = 50 * time.Millisecond
	idleTicks  = 2
)

// waitIdle waits until the tree of root is idle, for at most limit, and
// returns how long it waited.
func waitIdle(root int, limit time.Duration) time.Duration {
	t0 := time.Now()
	for time.Since(t0) < limit {
		before := treeCPU(root)
		busy := false
		for range idleWindow / idleSample {
			time.Sleep(idleSample)
			busy = busy || treeRunning(root)
		}
		if !busy && treeCPU(root)-before <= idleTicks {
			break
		}
	}
	return time.Since(t0)
}

// treeRunning reports whether a thread of root's tree is running (R) or in
// uninterruptible sleep (D).
func treeRunning(root int) bool {
	for _, pid := range tree(root, processes()) {
		tasks, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
		for _, t := range tasks {
			b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + t.Name() + "/stat")
			if err != nil {
				continue
			}
			if i := bytes.LastIndexByte(b, ')'); i >= 0 && i+2 < len(b) && (b[i+2] == 'R' || b[i+2] == 'D') {
				return true
			}
		}
	}
	return false
}

// freePort is a loopback TCP port nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// run runs a command to completion in dir, returning an error with its
// output when it fails.
func run(dir string, env []string, argv ...string) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s (in %s): %v\n%s", strings.Join(argv, " "), filepath.Base(dir), err, out)
	}
	return nil
}
