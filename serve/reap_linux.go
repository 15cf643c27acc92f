package serve

import (
	"bytes"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

// prSetChildSubreaper is prctl's PR_SET_CHILD_SUBREAPER.
const prSetChildSubreaper = 36

// reapEvery is how often the reaper looks for orphans when no SIGCHLD
// came: a signal may be coalesced with one exec.Cmd consumed.
const reapEvery = time.Second

// reapOrphans makes this process the reaper of its orphaned descendants
// (PR_SET_CHILD_SUBREAPER; as PID 1 of a container it is anyway) and reaps
// them as they end: the go commands and workers the dev server's child
// runs outlive it when it crashes, and a zombie nobody waits for stays in
// the process table for as long as the supervisor runs. The supervisor's
// own child (child reports its pid) is left to exec.Cmd, which waits for
// it: so this is only safe in a process that starts no other children.
// It returns a function that stops it.
func reapOrphans(child func() int) (stop func(), err error) {
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		return nil, os.NewSyscallError("prctl(PR_SET_CHILD_SUBREAPER)", errno)
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGCHLD)
	done := make(chan struct{})
	var stopped atomic.Bool
	go func() {
		t := time.NewTicker(reapEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-sigs:
			case <-t.C:
			}
			reapZombies(os.Getpid(), child())
		}
	}()
	return func() {
		if stopped.CompareAndSwap(false, true) {
			signal.Stop(sigs)
			close(done)
		}
	}, nil
}

// reapZombies waits for every child of the process self that has ended
// (a zombie), except keep.
func reapZombies(self, keep int) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == keep {
			continue
		}
		if ppid, state, ok := procStat(pid); ok && ppid == self && state == 'Z' {
			var ws syscall.WaitStatus
			_, _ = syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
		}
	}
}

// procStat reads the parent and the state of the process pid from
// /proc/pid/stat: "pid (comm) state ppid ...", where comm may hold spaces
// and parentheses, so the fields are read after its last ')'.
func procStat(pid int) (ppid int, state byte, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 2 || len(f[0]) != 1 {
		return 0, 0, false
	}
	ppid, err = strconv.Atoi(string(f[1]))
	return ppid, f[0][0], err == nil
}
