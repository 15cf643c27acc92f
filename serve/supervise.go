package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/charmbracelet/log"
)

// Supervisor keeps a server alive through the crashes Go cannot recover
// from in-process (concurrent map writes, stack exhaustion, running out of
// memory, a panic in a goroutine nobody recovers): it owns the listening
// socket and runs the real server in a child process that inherits it.
// When the child dies of a crash, the supervisor logs what crashed and
// where, and starts a new child on the same socket: connections made
// meanwhile wait in the socket's backlog and are served by the new child,
// none is refused. Signals are passed on to the child, which shuts down
// gracefully on the first and quits at once on the second.
type Supervisor struct {
	// Listener is the socket the children serve. It stays open here for as
	// long as Run runs.
	Listener *net.TCPListener
	// Path is the program to run as the child; "" means this one.
	Path string
	// Args are the child's arguments.
	Args []string
	// Dir is the project directory: a crash is located at the first frame
	// naming a file in it.
	Dir string
	// Logger says what crashed and that the server restarts; nil logs
	// nothing.
	Logger *log.Logger
	// Stderr receives the child's standard error, passed through as it
	// comes; nil means os.Stderr.
	Stderr io.Writer
	// PanicStacks passes the interpreter's line for each frame a panic
	// unwinds through to Stderr even when the server recovers the panic
	// (DEVSERVER_PANIC_STACKS=1); by default they are shown only before a
	// crash (see panicLineFilter).
	PanicStacks bool
	// Started, when set, is called with each child process as it starts.
	Started func(pid int)
	// Reap makes the supervisor the reaper of the processes its children
	// leave behind (Linux: PR_SET_CHILD_SUBREAPER), and reaps them as they
	// end: the go commands a crashed child was running, say. As PID 1 of a
	// container, where every orphan comes to it, this is what keeps the
	// process table clean. Set it only in a process that starts no child
	// of its own but the supervisor's: it waits for any other that ends.
	Reap bool

	child atomic.Int64 // the pid of the running child, for the reaper
}

// ExitError is returned by Supervisor.Run when the child ended on its own
// other than by crashing (a start-up error it has reported, say): the
// supervisor's process should exit with Code, saying nothing more.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("the server exited with status %d", e.Code) }

// Environment variables a supervisor passes to its child. The child
// removes them from its environment at once (see ChildOf): route code and
// the commands it runs never see them.
const (
	envChild = "DEVSERVER_SUPERVISED" // "1", or "tty" when the supervisor's stderr is a terminal
	envCrash = "DEVSERVER_CRASH"      // the crash the previous child died of, as JSON
)

// The supervisor's file descriptors in the child: the listening socket and
// the pipe the child says it is ready on.
const (
	listenerFD = 3
	readyFD    = 4
)

// Restart pacing: a child that crashes while starting, or soon after
// without a request to blame, is restarted after a delay that doubles from
// minBackoff up to maxBackoff, so that an app that cannot start does not
// spin the CPU; otherwise it restarts at once.
const (
	minBackoff = 250 * time.Millisecond
	maxBackoff = 5 * time.Second
	settled    = time.Second
)

// tailSize bounds how much of the child's standard error is kept for
// reading a crash: a crash's own report (reason and the crashing
// goroutine's frames) is a few kilobytes; other goroutines' may follow.
const tailSize = 256 << 10

// killAfter is how long the child gets to end after a second signal
// before it is killed.
const killAfter = 2 * time.Second

// Run runs children until one ends by a signal's request or on its own, and
// returns nil when it ended cleanly. A second signal that made the child
// quit at once is raised again on this process once the child is gone.
// ctx being done counts as a first signal.
func (s *Supervisor) Run(ctx context.Context) error {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if s.Reap {
		stop, err := reapOrphans(func() int { return int(s.child.Load()) })
		if err != nil && s.Logger != nil {
			s.Logger.Warn("orphaned processes are not reaped", "err", err)
		}
		if err == nil {
			defer stop()
		}
	}
	var crash *Crash
	var backoff time.Duration
	for {
		c, err := s.start(crash)
		if err != nil {
			return err
		}
		end := s.wait(ctx, c, sigs)
		if end.signals > 0 {
			return s.stopped(c, end)
		}
		if crash, err = c.ended(s.Dir); crash == nil {
			return err
		}
		backoff = s.nextBackoff(c, crash, backoff)
		s.logCrash(crash, c, backoff)
		if !s.pause(ctx, sigs, c, crash, backoff) {
			return nil
		}
	}
}

// ended says how a child that no signal stopped ended: the crash it died
// of, or else nil and what Run returns (nil for a clean exit).
func (c *child) ended(dir string) (*Crash, error) {
	ws, _ := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
	switch {
	case ws.Exited() && ws.ExitStatus() == 0:
		return nil, nil
	case ws.Exited() && ws.ExitStatus() != 2: // 2: Go's status for a panic or fatal error
		return nil, &ExitError{Code: ws.ExitStatus()}
	}
	return c.crash(ws, dir), nil
}

// nextBackoff is the delay before restarting after c's crash, given the
// previous one.
func (s *Supervisor) nextBackoff(c *child, crash *Crash, prev time.Duration) time.Duration {
	if s.hotLoop(c, crash) {
		return min(max(2*prev, minBackoff), maxBackoff)
	}
	return 0
}

// pause waits backoff before the next start, and reports false when a
// signal or ctx asked to stop meanwhile.
func (s *Supervisor) pause(ctx context.Context, sigs chan os.Signal, c *child, crash *Crash, backoff time.Duration) bool {
	if backoff == 0 {
		return true
	}
	if c.readyAt.IsZero() { // it may never start: say so rather than hang
		defer s.answerMeanwhile(crash)()
	}
	select {
	case <-time.After(backoff):
		return true
	case <-sigs:
	case <-ctx.Done():
	}
	return false
}

// answerMeanwhile answers the requests that arrive while no child runs,
// until stop is called, with a 503 saying why: a client should not hang
// on an app that cannot start. (A child that crashed soon after it
// started, for no request, may well start again: requests wait for it.) It serves a copy of the listener, whose
// closing leaves the socket open for the next child.
func (s *Supervisor) answerMeanwhile(crash *Crash) (stop func()) {
	f, err := s.Listener.File()
	if err != nil {
		return func() {}
	}
	ln, err := net.FileListener(f)
	f.Close()
	if err != nil {
		return func() {}
	}
	msg := "503 the dev server crashed while starting and restarts in a moment: " + crash.Reason + "\n"
	if w := crash.Where(s.Dir); w != "" {
		msg += "at " + w + "\n"
	}
	hs := &http.Server{
		ReadHeaderTimeout: ReadHeaderTimeout,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Cache-Control", "no-store")
			// The next request goes to whoever holds the socket then,
			// the new child perhaps, not to this stand-in.
			w.Header().Set("Connection", "close")
			http.Error(w, msg, http.StatusServiceUnavailable)
		}),
	}
	go hs.Serve(ln)
	return func() {
		// A request it accepted still gets its 503: closing its
		// connection mid-request answered the client nothing (EOF).
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if hs.Shutdown(ctx) != nil {
			hs.Close()
		}
	}
}

// hotLoop reports whether restarting at once could spin: the child crashed
// while starting, or soon after with no request to blame (a goroutine
// started at init, say). A crash a request caused needs another request to
// happen again.
func (s *Supervisor) hotLoop(c *child, crash *Crash) bool {
	return c.readyAt.IsZero() || crash.Request == "" && time.Since(c.readyAt) < settled
}

// child is one run of the server.
type child struct {
	cmd     *exec.Cmd
	tail    *tail
	copied  chan struct{} // closed when the child's stderr is drained
	ready   chan struct{} // closed when the child says it serves
	said    chan struct{} // closed when the ready pipe is read to its end
	exited  chan struct{} // closed once the process is reaped
	readyAt time.Time     // set by wait
}

// ending is how wait saw the child end.
type ending struct {
	signals int       // signals passed on to it
	last    os.Signal // the last of them
}

func (s *Supervisor) start(crash *Crash) (*child, error) {
	path := s.Path
	if path == "" {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("supervisor: find this program to run the server: %w", err)
		}
		path = exe
	}
	lf, err := s.Listener.File()
	if err != nil {
		return nil, fmt.Errorf("supervisor: pass the listener on: %w", err)
	}
	defer lf.Close()
	readyR, readyW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("supervisor: ready pipe: %w", err)
	}
	defer readyW.Close()
	errR, errW, err := os.Pipe()
	if err != nil {
		readyR.Close()
		return nil, fmt.Errorf("supervisor: stderr pipe: %w", err)
	}
	defer errW.Close()

	cmd := exec.Command(path, s.Args...)
	cmd.Env = childEnv(crash)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, errW
	cmd.ExtraFiles = []*os.File{lf, readyW} // listenerFD, readyFD
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		readyR.Close()
		errR.Close()
		return nil, fmt.Errorf("supervisor: start the server: %w", err)
	}
	s.child.Store(int64(cmd.Process.Pid))
	if s.Started != nil {
		s.Started(cmd.Process.Pid)
	}
	c := &child{cmd: cmd, tail: &tail{max: tailSize}, copied: make(chan struct{}), ready: make(chan struct{}), said: make(chan struct{}), exited: make(chan struct{})}
	stderr := s.Stderr
	if stderr == nil {
		stderr = os.Stderr
	}
	go func() {
		defer close(c.copied)
		defer errR.Close()
		if !s.PanicStacks {
			filtered := &panicLineFilter{w: stderr}
			defer filtered.Close()
			stderr = filtered
		}
		_, _ = io.Copy(io.MultiWriter(stderr, c.tail), errR)
	}()
	go func() {
		defer close(c.said)
		defer readyR.Close()
		if line, _ := bufio.NewReader(readyR).ReadString('\n'); line == "ready\n" {
			close(c.ready)
		}
	}()
	go func() {
		_ = cmd.Wait()
		close(c.exited)
	}()
	return c, nil
}

// childEnv is this process's environment for a child: marked as
// supervised, told about the crash before it, and with goroutine labels in
// tracebacks, where the request a crashing goroutine served shows.
func childEnv(crash *Crash) []string {
	env := make([]string, 0, len(os.Environ())+3)
	godebug := "tracebacklabels=1"
	for _, kv := range os.Environ() {
		switch k, v, _ := strings.Cut(kv, "="); k {
		case envChild, envCrash:
			continue
		case "GODEBUG":
			if v != "" {
				godebug = v + "," + godebug // later settings win
			}
			continue
		}
		env = append(env, kv)
	}
	mode := "1"
	if isTerminal(os.Stderr) {
		mode = "tty"
	}
	env = append(env, envChild+"="+mode, "GODEBUG="+godebug)
	if crash != nil {
		env = append(env, envCrash+"="+crash.encode())
	}
	return env
}

// wait follows the child until it is reaped, passing signals on: the child
// gets SIGTERM for each (the terminal's Ctrl-C may reach it too, and it
// ignores SIGINT when supervised, so that a Ctrl-C counts once).
func (s *Supervisor) wait(ctx context.Context, c *child, sigs chan os.Signal) ending {
	var end ending
	var kill <-chan time.Time
	ready, done := c.ready, ctx.Done()
	stop := func(sig os.Signal) {
		end.signals++
		end.last = sig
		_ = c.cmd.Process.Signal(syscall.SIGTERM)
		if end.signals == 2 {
			kill = time.After(killAfter)
		}
	}
	for {
		select {
		case <-ready:
			c.readyAt, ready = time.Now(), nil
		case sig := <-sigs:
			stop(sig)
		case <-done:
			done = nil
			stop(nil)
		case <-kill:
			_ = c.cmd.Process.Kill()
		case <-c.exited:
			// Whether it said it was ready is in the pipe, which its end
			// closed: read it to the end, however late this process got
			// to it (on a loaded machine a child can serve and crash
			// before the reader ran, and would be taken for one that
			// never started).
			select {
			case <-c.said:
			case <-time.After(500 * time.Millisecond):
			}
			select {
			case <-ready: // said before it ended
				c.readyAt = time.Now()
			default:
			}
			// The child's last words may still be in the pipe (or a
			// grandchild may hold it open): wait a little for them.
			select {
			case <-c.copied:
			case <-time.After(500 * time.Millisecond):
			}
			return end
		}
	}
}

// stopped ends Run after a signal stopped the child: with the child's
// status after one signal, by the signal itself after two.
func (s *Supervisor) stopped(c *child, end ending) error {
	if end.signals >= 2 {
		if sig, ok := end.last.(syscall.Signal); ok {
			raise(sig)
		}
	}
	if code := c.cmd.ProcessState.ExitCode(); code != 0 {
		return &ExitError{Code: max(code, 1)}
	}
	return nil
}

// crash says why the child died: what its standard error says, or how it
// ended when it said nothing.
func (c *child) crash(ws syscall.WaitStatus, dir string) *Crash {
	if cr := ParseCrash(c.tail.bytes(), dir); cr != nil {
		return cr
	}
	if ws.Signaled() {
		reason := "killed by signal: " + ws.Signal().String()
		if ws.Signal() == syscall.SIGKILL {
			reason += " (the system's out-of-memory killer does this)"
		}
		return &Crash{Reason: reason}
	}
	return &Crash{Reason: fmt.Sprintf("exit status %d", ws.ExitStatus())}
}

func (s *Supervisor) logCrash(crash *Crash, c *child, backoff time.Duration) {
	if s.Logger == nil {
		return
	}
	kv := []any{}
	if crash.Request != "" {
		kv = append(kv, "request", crash.Request)
	}
	if w := crash.Where(s.Dir); w != "" && crash.GoStatement {
		kv = append(kv, "go_statement", w)
	} else if w != "" {
		kv = append(kv, "at", w)
	}
	s.Logger.Error("✗ the server crashed: "+crash.Reason, kv...)
	switch {
	case c.readyAt.IsZero():
		s.Logger.Warn(fmt.Sprintf("↻ restarting in %v: it crashed while starting", backoff))
	case backoff > 0:
		s.Logger.Warn(fmt.Sprintf("↻ restarting in %v: it crashed soon after starting", backoff))
	default:
		s.Logger.Warn("↻ restarting: state held in memory is lost, as after any crash")
	}
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]byte(nil), t.buf...)
}

// Child is what a supervised server process gets from its supervisor.
type Child struct {
	// Listener is the supervisor's socket, to serve on.
	Listener net.Listener
	// Crash is what the previous child died of; nil on the first start.
	Crash *Crash

	ready *os.File
}

// Supervised reports whether a Supervisor started this process, until
// ChildOf takes the supervisor's variables out of the environment: work
// the supervisor did before starting it (a warning, seeding the module
// cache) need not be done again.
func Supervised() bool {
	_, ok := os.LookupEnv(envChild)
	return ok
}

// ChildOf returns the Child this process is when a Supervisor started it,
// and nil otherwise. It takes the supervisor's variables out of the
// environment, so call it once, early.
func ChildOf() (*Child, error) {
	mode, ok := os.LookupEnv(envChild)
	if !ok {
		return nil, nil
	}
	crashJSON := os.Getenv(envCrash)
	os.Unsetenv(envChild)
	os.Unsetenv(envCrash)
	if mode == "tty" {
		styledStderr = true
	}
	ln, err := net.FileListener(os.NewFile(listenerFD, "listener"))
	if err != nil {
		return nil, fmt.Errorf("supervised: the listener passed on as descriptor %d: %w", listenerFD, err)
	}
	c := &Child{Listener: ln, ready: os.NewFile(readyFD, "ready")}
	if crashJSON != "" {
		c.Crash = decodeCrash(crashJSON)
	}
	return c, nil
}

// Ready tells the supervisor that the child serves: a crash from now on is
// not a failure to start.
func (c *Child) Ready() error {
	if c.ready == nil {
		return errors.New("supervised: ready already said")
	}
	_, err := io.WriteString(c.ready, "ready\n")
	c.ready.Close()
	c.ready = nil
	return err
}
