package main

// The commands of the end-to-end scripts, beyond testscript's own: start
// the devserver command in the background, send requests and check their
// responses, wait for a reload, read event streams, check the server log.
// testdata/script/README.md describes them for script authors.

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/coder/websocket"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/devserver/devserver/server"
)

const (
	// waitTimeout bounds every wait of a script (for the server to be
	// ready, a condition, an event, a log line). It only stops a hung
	// script: the conditions waited for come within milliseconds.
	waitTimeout = 10 * time.Second
	// startTimeout bounds the server's start, which loads the whole app
	// (under the race detector, on a loaded machine).
	startTimeout = 60 * time.Second
	// pollEvery is how often waitfor and log look again.
	pollEvery = 5 * time.Millisecond
	// formBoundary is the multipart boundary of -F bodies, fixed so a
	// script can know the body's length.
	formBoundary = "devserver-script-boundary"
)

var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"serve":    cmdServe,
	"req":      func(ts *testscript.TestScript, neg bool, args []string) { cmdRequest(ts, neg, "", args) },
	"get":      func(ts *testscript.TestScript, neg bool, args []string) { cmdRequest(ts, neg, http.MethodGet, args) },
	"post":     func(ts *testscript.TestScript, neg bool, args []string) { cmdRequest(ts, neg, http.MethodPost, args) },
	"status":   cmdStatus,
	"header":   cmdHeader,
	"body":     cmdBody,
	"contains": cmdContains,
	"waitfor":  cmdWaitFor,
	"mark":     cmdMark,
	"newer":    cmdNewer,
	"log":      cmdLog,
	"open":     cmdOpen,
	"event":    cmdEvent,
	"close":    cmdClose,
	"repeat":   cmdRepeat,
	"send":     cmdSend,
	"follow":   cmdFollow,
	"ws":       cmdWS,
	"wsecho":   cmdWSEcho,
	"wsclosed": cmdWSClosed,
	"shutdown": cmdShutdown,
}

// scriptState is what the commands of one script share.
type scriptState struct {
	t       testscript.T
	envKeys []string // the environment's names, to pass it to the server
	server  *serverProcess
	last    *response // the last response, which the checks look at
	marked  uint64    // the generation mark saw
	streams map[string]*openStream
	sockets map[string]*websocket.Conn
}

type stateKey struct{}

func setupScript(env *testscript.Env) error {
	// Scripts that run the go command (devserver --check, build) share
	// this machine's caches; testscript's HOME leads nowhere.
	for k, v := range goEnv() {
		env.Setenv(k, v)
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	env.Setenv("DEVSERVER_SRC", root) // this checkout, for replace directives
	st := &scriptState{t: env.T(), streams: map[string]*openStream{}, sockets: map[string]*websocket.Conn{}}
	for _, kv := range env.Vars {
		if k, _, ok := strings.Cut(kv, "="); ok {
			st.envKeys = append(st.envKeys, k)
		}
	}
	env.Values[stateKey{}] = st
	return nil
}

// goEnv is the go command's cache and path settings of this machine.
var goEnv = sync.OnceValue(func() map[string]string {
	vars := map[string]string{"GOTOOLCHAIN": "local"}
	names := []string{"GOCACHE", "GOMODCACHE", "GOPATH"}
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		return vars // no go command: scripts needing it say [exec:go]
	}
	for i, v := range strings.SplitN(strings.TrimSpace(string(out)), "\n", len(names)) {
		vars[names[i]] = v
	}
	return vars
})

// scriptCondition evaluates the conditions testscript does not know:
// cgo, whether the go command builds cgo code (it does not without a C
// compiler).
func scriptCondition(cond string) (bool, error) {
	if cond != "cgo" {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	return cgoEnabled(), nil
}

var cgoEnabled = sync.OnceValue(func() bool {
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	return err == nil && strings.TrimSpace(string(out)) == "1"
})

func state(ts *testscript.TestScript) *scriptState {
	return ts.Value(stateKey{}).(*scriptState)
}

// serverProcess is the devserver command a script started.
type serverProcess struct {
	cmd  *exec.Cmd
	url  string // http://localhost:port
	addr string // localhost:port
	done chan struct{}

	mu  sync.Mutex
	log bytes.Buffer // stdout and stderr
}

func (p *serverProcess) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

var readyLine = regexp.MustCompile(`ready on (http://(\S+))`)

// cmdServe starts "devserver -p 0 --check=false args..." in the background
// (with the script's environment as testscript set it up, plus leading
// NAME=value arguments; "-built file args..." runs "file -p 0 args...", a
// binary devserver build wrote, instead),
// waits for its ready line and sets $URL (http://host:port), $ADDR
// (host:port) and $PORT. The server is interrupted when the script ends; its output
// is in the script's log.
func cmdServe(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! serve")
	}
	st := state(ts)
	if st.server != nil {
		ts.Fatalf("serve: a server is already running")
	}
	p := &serverProcess{cmd: serverCommand(ts, args), done: make(chan struct{})}
	ready := p.start(ts)
	st.server = p
	ts.Defer(func() { stopServer(ts, p) })
	select {
	case u := <-ready:
		p.url = u
		p.addr = strings.TrimPrefix(u, "http://")
	case <-p.done:
		ts.Fatalf("devserver exited before it was ready:\n%s", p.logText())
	case <-time.After(startTimeout):
		ts.Fatalf("devserver printed no ready line within %v:\n%s", startTimeout, p.logText())
	}
	ts.Setenv("URL", p.url)
	ts.Setenv("ADDR", p.addr)
	_, port, _ := net.SplitHostPort(p.addr)
	ts.Setenv("PORT", port)
}

// serverCommand is the command serve runs for args.
func serverCommand(ts *testscript.TestScript, args []string) *exec.Cmd {
	var env []string
	for _, k := range state(ts).envKeys {
		env = append(env, k+"="+ts.Getenv(k))
	}
	// Leading NAME=value arguments add to the environment, as in a shell.
	for len(args) > 0 && strings.Contains(args[0], "=") && !strings.HasPrefix(args[0], "-") {
		env, args = append(env, args[0]), args[1:]
	}
	var path string
	flags := []string{"-p", "0", "--check=false"}
	if len(args) >= 2 && args[0] == "-built" {
		// A binary devserver build wrote: it takes no --check.
		path, args, flags = ts.MkAbs(args[1]), args[2:], flags[:2]
	} else {
		// The script's PATH, not this process's, holds the devserver
		// command.
		var err error
		path, err = lookPathIn("devserver", ts.Getenv("PATH"))
		ts.Check(err)
	}
	cmd := exec.Command(path, append(flags, args...)...)
	cmd.Dir = ts.MkAbs(".")
	// Built with -race, the server would sleep a second or two on exit for
	// late race reports; a race is reported when it happens, so it need
	// not (the script fails on any report, see stopServer).
	cmd.Env = append(env, "GORACE="+strings.TrimSpace(ts.Getenv("GORACE")+" atexit_sleep_ms=0"))
	return cmd
}

// start starts the process, collecting its output, and returns a channel
// that receives the URL of its ready line.
func (p *serverProcess) start(ts *testscript.TestScript) <-chan string {
	pr, pw := io.Pipe()
	p.cmd.Stdout, p.cmd.Stderr = pw, pw
	ts.Check(p.cmd.Start())
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.log.Write(sc.Bytes())
			p.log.WriteByte('\n')
			p.mu.Unlock()
			if m := readyLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case ready <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, pr) // a line too long: keep the pipe flowing
	}()
	go func() {
		err := p.cmd.Wait()
		pw.CloseWithError(err)
		p.mu.Lock()
		fmt.Fprintf(&p.log, "[devserver exited: %v]\n", err)
		p.mu.Unlock()
		close(p.done)
	}()
	return ready
}

func lookPathIn(name, pathList string) (string, error) {
	for _, dir := range strings.Split(pathList, string(os.PathListSeparator)) {
		p := dir + string(os.PathSeparator) + name
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("no %s command on the script's PATH", name)
}

// stopServer interrupts the server as Ctrl-C would, kills it if it does
// not exit soon, and puts its output in the script's log. A data race the
// race detector reported in the server fails the script.
func stopServer(ts *testscript.TestScript, p *serverProcess) {
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-p.done:
	case <-time.After(3 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	out := p.logText()
	lines := strings.SplitAfter(out, "\n")
	if n := len(lines); n > 100 {
		lines = append([]string{fmt.Sprintf("[%d lines before]\n", n-100)}, lines[n-100:]...)
	}
	ts.Logf("devserver output:\n%s", strings.Join(lines, ""))
	if strings.Contains(out, "WARNING: DATA RACE") {
		// (Fatalf works in commands only, not in what they deferred.)
		t := state(ts).t
		t.Log("the race detector found a data race in devserver: see its output in the log")
		t.FailNow()
	}
}

// server returns the running server, or stops the script.
func server_(ts *testscript.TestScript) *serverProcess {
	p := state(ts).server
	if p == nil {
		ts.Fatalf("no server: run serve first")
	}
	return p
}

// response is a response as the checks look at it.
type response struct {
	status int
	header http.Header
	body   string
}

// generation is the response's X-Devserver-Generation, or 0.
func (r *response) generation() uint64 {
	n, _ := strconv.ParseUint(r.header.Get(server.GenerationHeader), 10, 64)
	return n
}

func (r *response) String() string {
	body := r.body
	if len(body) > 600 {
		body = body[:600] + "…"
	}
	return fmt.Sprintf("%d %q (generation %d)", r.status, body, r.generation())
}

// request is what the request commands send.
type request struct {
	method  string
	target  string
	headers []string // "Name: value"
	body    io.Reader
	raw     bool
	quoted  bool          // -q was given
	timeout time.Duration // 0: the client's
}

// headerList is a repeatable flag of header lines.
type headerList []string

func (h *headerList) String() string     { return strings.Join(*h, "\n") }
func (h *headerList) Set(v string) error { *h = append(*h, v); return nil }

// parseRequest reads the flags and arguments shared by req, get, post and
// waitfor: [-H 'Name: value']... [-d body | -F name=value...] [-raw] [-q]
// [method] target. method is "" when the arguments give it.
func parseRequest(ts *testscript.TestScript, fs *flag.FlagSet, method string, args []string) request {
	var headers, form headerList
	fs.Var(&headers, "H", "a request header line `Name: value`; repeatable")
	data := fs.String("d", "", "the request body; @file reads it from a file")
	fs.Var(&form, "F", "a multipart/form-data field `name=value`; name=@file sends the file; repeatable")
	raw := fs.Bool("raw", false, "send the target and headers exactly as given, over a plain connection")
	timeout := fs.Duration("timeout", 0, "fail unless the response comes within this time")
	quoted := fs.Bool("q", false, "-H and -d values are Go string literals without the quotes (for \\r, \\x00, ...)")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("%s: %v", fs.Name(), err)
	}
	rest := fs.Args()
	if method == "" {
		if len(rest) == 0 {
			ts.Fatalf("%s: no method", fs.Name())
		}
		method, rest = rest[0], rest[1:]
	}
	if len(rest) != 1 {
		ts.Fatalf("usage: %s [flags] %s", fs.Name(), map[bool]string{true: "method target", false: "target"}[method == ""])
	}
	unquote := func(s string) string {
		if !*quoted {
			return s
		}
		return unquote(ts, s)
	}
	r := request{method: method, target: rest[0], raw: *raw, quoted: *quoted, timeout: *timeout}
	for _, h := range headers {
		r.headers = append(r.headers, unquote(h))
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "d" {
			return
		}
		if file, ok := strings.CutPrefix(*data, "@"); ok {
			r.body = strings.NewReader(ts.ReadFile(file))
		} else {
			r.body = strings.NewReader(unquote(*data))
		}
	})
	if len(form) > 0 {
		var contentType string
		r.body, contentType = multipartBody(ts, form)
		r.headers = append([]string{"Content-Type: " + contentType}, r.headers...)
	}
	return r
}

// multipartBody encodes -F fields (name=value, or name=@file for a file) as
// multipart/form-data, and returns the body and its Content-Type.
func multipartBody(ts *testscript.TestScript, fields []string) (io.Reader, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	ts.Check(mw.SetBoundary(formBoundary))
	for _, f := range fields {
		name, value, _ := strings.Cut(f, "=")
		if file, ok := strings.CutPrefix(value, "@"); ok {
			w, err := mw.CreateFormFile(name, file)
			ts.Check(err)
			_, err = io.WriteString(w, ts.ReadFile(file))
			ts.Check(err)
		} else {
			ts.Check(mw.WriteField(name, value))
		}
	}
	ts.Check(mw.Close())
	return &buf, mw.FormDataContentType()
}

// unquote reads s as a Go string literal without its quotes: "\r\n" is
// CR LF, and a quote stands for itself.
func unquote(ts *testscript.TestScript, s string) string {
	u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
	if err != nil {
		ts.Fatalf("%q is not a Go string literal: %v", s, err)
	}
	return u
}

// client never follows redirects, so scripts see the 307/308 themselves.
var client = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       30 * time.Second,
}

// send sends r to the server and returns the response.
func send(ctx context.Context, p *serverProcess, r request) (*response, error) {
	if r.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.timeout)
		defer cancel()
	}
	var res *http.Response
	var err error
	if r.raw {
		res, err = sendRaw(ctx, p, r)
	} else {
		res, err = sendClient(ctx, p, r)
	}
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, fmt.Errorf("read the body of %s %s: %w (after %q)", r.method, r.target, err, b)
	}
	h := res.Header.Clone()
	if len(res.TransferEncoding) > 0 {
		h["Transfer-Encoding"] = res.TransferEncoding
	}
	return &response{status: res.StatusCode, header: h, body: string(b)}, nil
}

func targetURL(p *serverProcess, target string) string {
	if strings.HasPrefix(target, "/") {
		return p.url + target
	}
	return target
}

func sendClient(ctx context.Context, p *serverProcess, r request) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, r.method, targetURL(p, r.target), r.body)
	if err != nil {
		return nil, err
	}
	for _, h := range r.headers {
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			return nil, fmt.Errorf("header %q has no colon", h)
		}
		value = strings.TrimSpace(value)
		if strings.EqualFold(name, "Host") {
			req.Host = value
			continue
		}
		req.Header.Add(name, value)
	}
	return client.Do(req)
}

// sendRaw writes the request line and headers as given (a Host header for
// the server unless one is given), on a new connection.
func sendRaw(ctx context.Context, p *serverProcess, r request) (*http.Response, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", p.addr)
	if err != nil {
		return nil, err
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(waitTimeout)
	}
	_ = conn.SetDeadline(deadline)
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "%s %s HTTP/1.1\r\n", r.method, r.target)
	if !slices.ContainsFunc(r.headers, func(h string) bool { return strings.HasPrefix(strings.ToLower(h), "host:") }) {
		fmt.Fprintf(&msg, "Host: %s\r\n", p.addr)
	}
	for _, h := range r.headers {
		msg.WriteString(h + "\r\n")
	}
	var body []byte
	if r.body != nil {
		body, _ = io.ReadAll(r.body)
		fmt.Fprintf(&msg, "Content-Length: %d\r\n", len(body))
	}
	msg.WriteString("Connection: close\r\n\r\n")
	msg.Write(body)
	if _, err := conn.Write(msg.Bytes()); err != nil {
		conn.Close()
		return nil, err
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: r.method})
	if err != nil {
		conn.Close()
		return nil, err
	}
	res.Body = struct {
		io.Reader
		io.Closer
	}{res.Body, conn}
	return res, nil
}

// show writes the response for stdout and stderr checks: the body to
// stdout, exactly; the status line and the headers, one "Name: value" line
// each, sorted by name, to stderr.
func show(ts *testscript.TestScript, r *response) {
	_, _ = io.WriteString(ts.Stdout(), r.body)
	fmt.Fprintf(ts.Stderr(), "HTTP/1.1 %d %s\n", r.status, http.StatusText(r.status))
	names := make([]string, 0, len(r.header))
	for k := range r.header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if k == "Date" {
			continue // differs on every run; no script checks it
		}
		for _, v := range r.header[k] {
			fmt.Fprintf(ts.Stderr(), "%s: %s\n", k, v)
		}
	}
}

// cmdRequest sends one request (req: method and target; get, post: the
// target) and keeps the response for the checks; the body goes to stdout
// and the headers to stderr. With !, the request must fail (no response).
func cmdRequest(ts *testscript.TestScript, neg bool, method string, args []string) {
	name := "req"
	if method != "" {
		name = strings.ToLower(method)
	}
	r := parseRequest(ts, flag.NewFlagSet(name, flag.ContinueOnError), method, args)
	st := state(ts)
	st.last = nil
	res, err := send(context.Background(), server_(ts), r)
	if neg {
		if err == nil {
			ts.Fatalf("%s %s: got %s, want no response", r.method, r.target, res)
		}
		ts.Logf("%s %s: %v (as wanted)", r.method, r.target, err)
		return
	}
	if err != nil {
		ts.Fatalf("%s %s: %v", r.method, r.target, err)
	}
	st.last = res
	show(ts, res)
}

func last(ts *testscript.TestScript) *response {
	r := state(ts).last
	if r == nil {
		ts.Fatalf("no response to check")
	}
	return r
}

// cmdStatus checks the status of the last response is one of args.
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: status code...")
	}
	r := last(ts)
	if slices.Contains(args, strconv.Itoa(r.status)) == neg {
		ts.Fatalf("status %d, want %s%s", r.status, map[bool]string{true: "none of ", false: ""}[neg], strings.Join(args, " or "))
	}
}

// cmdHeader checks a header of the last response: header Name says it is
// set (not empty); header Name value... that its values are exactly these.
func cmdHeader(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: header name [value...]")
	}
	got := last(ts).header.Values(args[0])
	var ok bool
	if len(args) == 1 {
		ok = len(got) > 0 && got[0] != ""
	} else {
		ok = slices.Equal(got, args[1:])
	}
	if ok == neg {
		want := "set"
		if len(args) > 1 {
			want = fmt.Sprintf("%q", args[1:])
		}
		if neg {
			want = "not " + want
		}
		ts.Fatalf("header %s: %q, want %s", args[0], got, want)
	}
}

// cmdBody checks the last response's body is exactly the argument (-q: a
// Go string literal without its quotes).
func cmdBody(ts *testscript.TestScript, neg bool, args []string) {
	quoted := len(args) == 2 && args[0] == "-q"
	if quoted {
		args = args[1:]
	}
	if len(args) != 1 {
		ts.Fatalf("usage: body [-q] text")
	}
	want := args[0]
	if quoted {
		want = unquote(ts, want)
	}
	if got := last(ts).body; (got == want) == neg {
		ts.Fatalf("body\n%q\nwant %s\n%q", got, map[bool]string{true: "anything but", false: ""}[neg], want)
	}
}

// cmdContains checks the last response's body contains each argument
// (with !, none of them). -html unescapes the body's HTML entities first;
// -q takes the texts as Go string literals without their quotes.
func cmdContains(ts *testscript.TestScript, neg bool, args []string) {
	body := last(ts).body
	quoted := false
	for len(args) > 0 && (args[0] == "-html" || args[0] == "-q") {
		if args[0] == "-html" {
			body = html.UnescapeString(body)
		} else {
			quoted = true
		}
		args = args[1:]
	}
	if len(args) == 0 {
		ts.Fatalf("usage: contains [-html] [-q] text...")
	}
	for _, s := range args {
		if quoted {
			s = unquote(ts, s)
		}
		if strings.Contains(body, s) == neg {
			ts.Fatalf("body %s %q:\n%s", map[bool]string{true: "contains", false: "does not contain"}[neg], s, body)
		}
	}
}

// condition is what waitfor waits for.
type condition struct {
	status   int
	body     *string
	contains []string
	header   []string // "Name: value"
	match    *regexp.Regexp
	newer    bool
	marked   uint64
}

func (c condition) met(r *response) bool {
	if c.status != 0 && r.status != c.status {
		return false
	}
	if c.body != nil && r.body != *c.body {
		return false
	}
	for _, s := range c.contains {
		if !strings.Contains(r.body, s) {
			return false
		}
	}
	if c.match != nil && !c.match.MatchString(r.body) {
		return false
	}
	for _, h := range c.header {
		name, value, _ := strings.Cut(h, ":")
		if r.header.Get(name) != strings.TrimSpace(value) {
			return false
		}
	}
	return !c.newer || r.generation() > c.marked
}

// cmdWaitFor sends GET target (-X: another method) every 5 ms until the
// response meets the conditions (-status, -body, -contains, -match regexp,
// -header 'Name: value', -newer: from a generation later than mark's), and keeps
// that response. It fails after 10 s with the last response.
func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! waitfor")
	}
	fs := flag.NewFlagSet("waitfor", flag.ContinueOnError)
	method := fs.String("X", http.MethodGet, "the request method")
	var c condition
	var contains, header headerList
	fs.IntVar(&c.status, "status", 0, "the status to wait for")
	fs.Func("body", "the exact body to wait for", func(s string) error { c.body = &s; return nil })
	fs.Var(&contains, "contains", "a text the body must contain; repeatable")
	fs.Var(&header, "header", "a header `Name: value` the response must have; repeatable")
	fs.Func("match", "a regular expression the body must match", func(s string) error {
		re, err := regexp.Compile(s)
		c.match = re
		return err
	})
	fs.BoolVar(&c.newer, "newer", false, "wait for a generation later than the one mark saw")
	r := parseRequest(ts, fs, http.MethodGet, args)
	r.method = *method
	c.contains, c.header, c.marked = contains, header, state(ts).marked
	if c.body != nil && r.quoted {
		b := unquote(ts, *c.body)
		c.body = &b
	}
	if r.body != nil {
		ts.Fatalf("waitfor: no request body (each attempt would need it again)")
	}
	p := server_(ts)
	deadline := time.Now().Add(waitTimeout)
	var lastSeen string
	for {
		res, err := send(context.Background(), p, r)
		if err == nil && c.met(res) {
			state(ts).last = res
			show(ts, res)
			return
		}
		if err != nil {
			lastSeen = "error: " + err.Error()
		} else {
			lastSeen = res.String()
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s %s: condition not met within %v; last response: %s", r.method, r.target, waitTimeout, lastSeen)
		}
		time.Sleep(pollEvery)
	}
}

// cmdMark remembers the generation of the last response, for newer and
// waitfor -newer.
func cmdMark(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: mark")
	}
	g := last(ts).generation()
	if g == 0 {
		ts.Fatalf("mark: the last response has no %s", server.GenerationHeader)
	}
	state(ts).marked = g
}

// cmdNewer checks the last response came from a later generation than the
// one mark saw (-most n: by at most n generations).
func cmdNewer(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("newer", flag.ContinueOnError)
	most := fs.Uint64("most", 0, "how many generations later it may be at most")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		ts.Fatalf("usage: newer [-most n]")
	}
	g, m := last(ts).generation(), state(ts).marked
	ok := g > m && (*most == 0 || g-m <= *most)
	if ok == neg {
		ts.Fatalf("generation %d, marked %d", g, m)
	}
}

// cmdLog waits until the server's output matches the regular expression
// (-count n: in n places, then checks there are exactly n). With !, it
// checks at once that nothing matches.
func cmdLog(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("log", flag.ContinueOnError)
	count := fs.Int("count", 0, "how many matches there must be")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		ts.Fatalf("usage: log [-count n] regexp")
	}
	re, err := regexp.Compile("(?m)" + fs.Arg(0))
	ts.Check(err)
	p := server_(ts)
	if neg {
		if out := p.logText(); re.MatchString(out) {
			ts.Fatalf("the server output matches %s:\n%s", re, out)
		}
		return
	}
	want := max(*count, 1)
	deadline := time.Now().Add(waitTimeout)
	for {
		n := len(re.FindAllStringIndex(p.logText(), -1))
		if n >= want {
			if *count > 0 && n != *count {
				ts.Fatalf("%d matches of %s in the server output, want %d:\n%s", n, re, *count, p.logText())
			}
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%d matches of %s in the server output within %v, want %d:\n%s", n, re, waitTimeout, want, p.logText())
		}
		time.Sleep(pollEvery)
	}
}

// openStream is a response whose body a script reads part by part.
type openStream struct {
	opened time.Time
	cancel context.CancelFunc
	res    chan streamStart
	body   *bufio.Reader
}

type streamStart struct {
	res *http.Response
	err error
}

// cmdOpen sends GET target (request flags as for get) in the background
// and names it. Unless -nowait, it waits for the response's headers and
// shows them as get does (stdout stays empty).
func cmdOpen(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! open")
	}
	fs := flag.NewFlagSet("open", flag.ContinueOnError)
	noWait := fs.Bool("nowait", false, "do not wait for the response")
	if len(args) == 0 {
		ts.Fatalf("usage: open [-nowait] [flags] name target")
	}
	// The name comes before the target: parse flags, then take it.
	var name string
	for i, a := range args {
		if !strings.HasPrefix(a, "-") && (i == 0 || !slices.Contains([]string{"-H", "-d", "-F"}, args[i-1])) {
			name, args = a, slices.Delete(slices.Clone(args), i, i+1)
			break
		}
	}
	r := parseRequest(ts, fs, http.MethodGet, args)
	st := state(ts)
	if name == "" || st.streams[name] != nil {
		ts.Fatalf("open: a new name is needed (%q)", name)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &openStream{opened: time.Now(), cancel: cancel, res: make(chan streamStart, 1)}
	st.streams[name] = s
	ts.Defer(s.close)
	p := server_(ts)
	go func() {
		res, err := sendClient(ctx, p, r)
		s.res <- streamStart{res, err}
	}()
	if !*noWait {
		s.wait(ts, name)
		show(ts, state(ts).last)
	}
}

// wait waits for the stream's response headers and makes them the last
// response (with an empty body) for the checks.
func (s *openStream) wait(ts *testscript.TestScript, name string) {
	if s.body != nil {
		return
	}
	select {
	case st := <-s.res:
		if st.err != nil {
			ts.Fatalf("open %s: %v", name, st.err)
		}
		s.body = bufio.NewReader(st.res.Body)
		state(ts).last = &response{status: st.res.StatusCode, header: st.res.Header}
		s.res <- st // for close
	case <-time.After(waitTimeout):
		ts.Fatalf("open %s: no response within %v", name, waitTimeout)
	}
}

func (s *openStream) close() {
	s.cancel()
	select {
	case st := <-s.res:
		if st.err == nil {
			st.res.Body.Close()
		}
	default:
	}
}

// cmdEvent reads the next event of an open stream (-count n: the next n)
// to stdout: its lines, without the blank line that ends it. -within d
// fails unless it came within d of the open.
func cmdEvent(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("event", flag.ContinueOnError)
	count := fs.Int("count", 1, "how many events to read")
	within := fs.Duration("within", waitTimeout, "how long after the open the events must have come")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); neg || err != nil || fs.NArg() != 1 {
		ts.Fatalf("usage: event [-count n] [-within d] name")
	}
	name := fs.Arg(0)
	s := state(ts).streams[name]
	if s == nil {
		ts.Fatalf("event: no stream %q", name)
	}
	s.wait(ts, name)
	type result struct {
		events string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		var evs strings.Builder
		for n, size := 0, 0; n < *count; {
			line, err := s.body.ReadString('\n')
			if err != nil {
				done <- result{evs.String() + line, err}
				return
			}
			if line == "\n" {
				if evs.Len() > size { // an event ended
					n++
					size = evs.Len()
				}
				continue
			}
			evs.WriteString(line)
		}
		done <- result{evs.String(), nil}
	}()
	// The bound is the later of -within after the open and the general
	// wait: -within is a check, the other a guard against hangs.
	check := time.Until(s.opened.Add(*within))
	select {
	case r := <-done:
		if r.err != nil {
			ts.Fatalf("event %s: %v (read so far: %q)", name, r.err, r.events)
		}
		if *within != waitTimeout && time.Since(s.opened) > *within {
			ts.Fatalf("event %s: came %v after the open, want within %v", name, time.Since(s.opened).Round(time.Millisecond), *within)
		}
		_, _ = io.WriteString(ts.Stdout(), r.events)
	case <-time.After(max(check, waitTimeout)):
		s.cancel() // ends the read
		ts.Fatalf("event %s: %d event(s) not read within %v", name, *count, waitTimeout)
	}
}

// cmdClose ends an open stream, as a client going away.
func cmdClose(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: close name")
	}
	s := state(ts).streams[args[0]]
	if s == nil {
		ts.Fatalf("close: no stream %q", args[0])
	}
	s.close()
}

// cmdRepeat sets the variable name to text repeated count times, for
// bodies and headers too long to write out.
func cmdRepeat(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: repeat name count text")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	ts.Setenv(args[0], strings.Repeat(args[2], n))
}

// cmdSend writes text (-q: a Go string literal without its quotes, for
// \r\n) on a new connection as it is, and reads every response until the
// server closes it: the first is the last response for the checks, its
// body goes to stdout, and the status line of each to stderr. End the
// last request with Connection: close.
func cmdSend(ts *testscript.TestScript, neg bool, args []string) {
	quoted := len(args) == 2 && args[0] == "-q"
	if quoted {
		args = args[1:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: send [-q] text")
	}
	text := args[0]
	if quoted {
		text = unquote(ts, text)
	}
	p := server_(ts)
	conn, err := net.Dial("tcp", p.addr)
	ts.Check(err)
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(waitTimeout))
	_, err = io.WriteString(conn, text)
	ts.Check(err)
	br := bufio.NewReader(conn)
	st := state(ts)
	st.last = nil
	for {
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			if st.last == nil {
				ts.Fatalf("send: no response: %v", err)
			}
			return
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		ts.Check(err)
		fmt.Fprintf(ts.Stderr(), "HTTP/1.1 %d %s\n", res.StatusCode, http.StatusText(res.StatusCode))
		if st.last == nil {
			st.last = &response{status: res.StatusCode, header: res.Header, body: string(b)}
			_, _ = io.WriteString(ts.Stdout(), st.last.body)
		}
	}
}

// cmdFollow follows a redirect: when the last response has a Location, it
// sends GET there as given (raw) and keeps that response instead;
// otherwise it keeps the last response. For checks that must hold whether
// or not the server redirects first.
func cmdFollow(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: follow")
	}
	loc := last(ts).header.Get("Location")
	if loc == "" {
		return
	}
	res, err := send(context.Background(), server_(ts), request{method: http.MethodGet, target: loc, raw: true})
	if err != nil {
		ts.Fatalf("GET %s: %v", loc, err)
	}
	state(ts).last = res
	show(ts, res)
}

// cmdWS opens a WebSocket to target and names it; with !, expects the
// upgrade refused, and its response becomes the last one.
func cmdWS(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("ws", flag.ContinueOnError)
	var headers headerList
	fs.Var(&headers, "H", "a request header")
	if err := fs.Parse(args); err != nil || fs.NArg() != 2 {
		ts.Fatalf("usage: ws [-H 'Name: value'] name target")
	}
	name, target := fs.Arg(0), fs.Arg(1)
	h := http.Header{}
	for _, kv := range headers {
		k, v, _ := strings.Cut(kv, ":")
		h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	url := "ws" + strings.TrimPrefix(targetURL(server_(ts), target), "http")
	conn, res, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: h})
	if neg {
		if err == nil {
			conn.CloseNow()
			ts.Fatalf("ws %s: upgraded, want it refused", target)
		}
		if res == nil {
			ts.Fatalf("ws %s: %v (no response)", target, err)
		}
		b, _ := io.ReadAll(res.Body)
		state(ts).last = &response{status: res.StatusCode, header: res.Header, body: string(b)}
		show(ts, state(ts).last)
		return
	}
	if err != nil {
		ts.Fatalf("ws %s: %v", target, err)
	}
	state(ts).sockets[name] = conn
	ts.Defer(func() { conn.CloseNow() })
}

// socket returns the WebSocket named name, or stops the script.
func socket(ts *testscript.TestScript, name string) *websocket.Conn {
	c := state(ts).sockets[name]
	if c == nil {
		ts.Fatalf("no WebSocket %q: open one with ws", name)
	}
	return c
}

// cmdWSEcho sends text on a WebSocket and writes the message that comes
// back to stdout.
func cmdWSEcho(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: wsecho name text")
	}
	c := socket(ts, args[0])
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(args[1])); err != nil {
		ts.Fatalf("wsecho %s: write: %v", args[0], err)
	}
	_, msg, err := c.Read(ctx)
	if err != nil {
		ts.Fatalf("wsecho %s: read: %v", args[0], err)
	}
	fmt.Fprint(ts.Stdout(), string(msg))
}

// cmdWSClosed waits until the server closes a WebSocket with status code.
func cmdWSClosed(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: wsclosed name code")
	}
	want, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("wsclosed: code %q: %v", args[1], err)
	}
	c := socket(ts, args[0])
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	for {
		_, msg, err := c.Read(ctx)
		if err == nil {
			ts.Logf("wsclosed %s: message %q before the close", args[0], msg)
			continue
		}
		if got := websocket.CloseStatus(err); int(got) != want {
			ts.Fatalf("wsclosed %s: %v (close status %d), want close status %d", args[0], err, got, want)
		}
		return
	}
}

// cmdShutdown shuts the server down gracefully (SIGINT), as Ctrl-C does, and
// waits until it has exited: -nowait only signals, -nosignal only waits.
func cmdShutdown(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("shutdown", flag.ContinueOnError)
	noWait := fs.Bool("nowait", false, "do not wait for the server to exit")
	noSignal := fs.Bool("nosignal", false, "only wait for the server to exit")
	if err := fs.Parse(args); neg || err != nil || fs.NArg() != 0 {
		ts.Fatalf("usage: shutdown [-nowait | -nosignal]")
	}
	p := server_(ts)
	if !*noSignal {
		_ = p.cmd.Process.Signal(syscall.SIGINT)
	}
	if *noWait {
		return
	}
	select {
	case <-p.done:
	case <-time.After(waitTimeout):
		ts.Fatalf("shutdown: the server did not exit within %v", waitTimeout)
	}
}
