package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/scanner"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Crash is what a supervisor could learn about why its child died: the
// Go runtime's last words, read from the child's standard error.
type Crash struct {
	// Reason is the runtime's one-line account ("fatal error: concurrent
	// map writes", "fatal error: stack overflow", "fatal error: runtime:
	// out of memory", "panic: boom"), or how the process ended when it
	// printed none ("killed by signal: killed").
	Reason string `json:"reason"`
	// Request is the request the crashing goroutine was serving, or that
	// started it ("GET /users/1"), when the dump names one.
	Request string `json:"request,omitempty"`
	// File, Line and Column locate the crash in the project, when a frame
	// of the crashing goroutine, or the interpreter's panic line, names a
	// file there. File is absolute; Line and Column are 0 when unknown.
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	// GoStatement is true when the position is that of the go statement
	// that started the crashing goroutine (its "go" label, see
	// routego.Started), not of the crash itself: the interpreter's frames
	// name no file, but that goroutine's code is what crashed.
	GoStatement bool `json:"go_statement,omitempty"`
	// Route is the route file serving Request, relative to the project,
	// when the restarted server could tell (see Child).
	Route string `json:"route,omitempty"`
}

// Where returns the crash's position relative to dir ("app/x/route.go:12:3"),
// or "" when it has none.
func (c *Crash) Where(dir string) string {
	if c.File == "" {
		return ""
	}
	file := c.File
	if rel, err := filepath.Rel(dir, file); err == nil {
		file = filepath.ToSlash(rel)
	}
	where := file + ":" + strconv.Itoa(c.Line)
	if c.Column > 0 {
		where += ":" + strconv.Itoa(c.Column)
	}
	return where
}

var (
	// goroutineRE matches a goroutine's header in a traceback; with
	// GODEBUG=tracebacklabels=1 it carries the goroutine's pprof labels.
	goroutineRE = regexp.MustCompile(`^goroutine \d+ .*\[.*\]:$`)
	requestRE   = regexp.MustCompile(`labels:\{.*"` + requestLabel + `": "([^"]*)"`)
	// goLabelRE finds the go statement that started a goroutine of route
	// code: "go": "/abs/route.go:12:2".
	goLabelRE = regexp.MustCompile(`labels:\{.*"go": "(.+\.go):(\d+):(\d+)"`)
	// frameFileRE matches the file line of a frame: "\t/abs/x.go:12 +0x1d".
	frameFileRE = regexp.MustCompile(`^\t(.+\.go):(\d+)(?: \+0x[0-9a-f]+)?`)
	// panicLineRE matches the line the interpreter prints for each
	// interpreted frame a panic unwinds: "/abs/route.go:11:3: panic: ...".
	panicLineRE = regexp.MustCompile(`^(.+\.go):(\d+):(\d+): panic`)
)

// requestLabel is the pprof label a supervised child sets on the goroutine
// serving a request (see Child.Handler); goroutines it starts inherit it.
const requestLabel = "request"

// ParseCrash reads the tail of a crashed Go program's standard error: the
// last "fatal error:" or "panic:" line that a goroutine dump follows, the
// request label of the first goroutine after it (the one that crashed), and
// the first place in dir its frames — or, for a panic, the interpreter's
// panic lines just before it — name. It returns nil when out holds no crash.
func ParseCrash(out []byte, dir string) *Crash {
	lines := strings.Split(string(bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n"))), "\n")
	start := -1
	for i := len(lines) - 1; i >= 0; i-- {
		if isReason(lines[i]) && goroutineFollows(lines[i+1:]) {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}
	c := &Crash{Reason: lines[start]}
	c.fromDump(lines[start+1:], dir)
	if c.File == "" && strings.HasPrefix(c.Reason, "panic: ") {
		c.fromPanicLines(lines[:start], dir)
	}
	return c
}

func isReason(line string) bool {
	return strings.HasPrefix(line, "fatal error: ") || strings.HasPrefix(line, "panic: ")
}

// goroutineFollows reports whether a goroutine header comes before the next
// crash reason: a logged line that merely starts with "panic: " has none.
func goroutineFollows(lines []string) bool {
	for _, l := range lines {
		if goroutineRE.MatchString(l) {
			return true
		}
		if isReason(l) {
			return false
		}
	}
	return false
}

// fromDump reads the first goroutine of a dump: its request label and its
// innermost frame inside dir.
func (c *Crash) fromDump(lines []string, dir string) {
	i := 0
	for i < len(lines) && !goroutineRE.MatchString(lines[i]) {
		i++
	}
	if i == len(lines) {
		return
	}
	if m := requestRE.FindStringSubmatch(lines[i]); m != nil {
		c.Request = m[1]
	}
	for _, l := range lines[i+1:] {
		if l == "" {
			break // the end of this goroutine's frames
		}
		if m := frameFileRE.FindStringSubmatch(l); m != nil && inside(dir, m[1]) {
			c.File, c.Line = m[1], atoi(m[2])
			return
		}
	}
	// No frame in the project (interpreted code): the go statement that
	// started the goroutine, when route code did.
	if m := goLabelRE.FindStringSubmatch(lines[i]); m != nil && inside(dir, m[1]) {
		c.File, c.Line, c.Column, c.GoStatement = m[1], atoi(m[2]), atoi(m[3]), true
	}
}

// fromPanicLines takes the position from the interpreter's panic lines
// right before the reason: one per interpreted frame, innermost first.
func (c *Crash) fromPanicLines(before []string, dir string) {
	first := len(before)
	for first > 0 && panicLineRE.MatchString(before[first-1]) {
		first--
	}
	for _, l := range before[first:] {
		if m := panicLineRE.FindStringSubmatch(l); inside(dir, m[1]) {
			c.File, c.Line, c.Column = m[1], atoi(m[2]), atoi(m[3])
			return
		}
	}
}

// inside reports whether file is in dir.
func inside(dir, file string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(dir, file)
	return err == nil && filepath.IsAbs(file) && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// Err is c as an error to show: "reason (serving GET /x)", a
// scanner.ErrorList at its place in the project when it has one.
func (c *Crash) Err() error {
	msg := c.Reason
	if c.GoStatement && c.File != "" {
		msg += " in the goroutine started here"
	}
	switch {
	case c.Route != "":
		msg += " (serving " + c.Request + ", route " + c.Route + ")"
	case c.Request != "":
		msg += " (serving " + c.Request + ")"
	}
	if c.File == "" {
		return errors.New(msg)
	}
	return scanner.ErrorList{{Pos: token.Position{Filename: c.File, Line: c.Line, Column: c.Column}, Msg: msg}}
}

// encode is c as the supervisor passes it to the next child.
func (c *Crash) encode() string {
	b, _ := json.Marshal(c)
	return string(b)
}

// decodeCrash reads what encode wrote; a value that does not parse still
// says that there was a crash.
func decodeCrash(s string) *Crash {
	var c Crash
	if err := json.Unmarshal([]byte(s), &c); err != nil || c.Reason == "" {
		return &Crash{Reason: "unknown"}
	}
	return &c
}
