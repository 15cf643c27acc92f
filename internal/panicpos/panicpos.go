// Package panicpos records where route code was when it panicked: the
// file and line of each function of the project's own code that a panic
// left, innermost first, by goroutine. The interpreter knows only which
// function panicked, not the line, so the rewrite of route source (interp's
// panicLines pass) keeps the line of the statement each function runs in a
// variable of its own and defers Leave, which records it when the function
// is left by a panic. Whoever recovers the panic on the same goroutine
// (the dev server, around a handler) takes the frames.
package panicpos

import (
	"bytes"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Frame is a function of route code that a panic left.
type Frame struct {
	File string // absolute
	Line int
}

// maxGoroutines bounds the goroutines holding frames nobody took (their
// panic ended the goroutine through runtime.Goexit, or compiled code
// recovered it): past it, the oldest are forgotten.
const maxGoroutines = 256

var (
	mu sync.Mutex
	// frames are the recorded frames, innermost first, by goroutine.
	frames = make(map[uint64][]Frame)
	// order lists the goroutines of frames, oldest first.
	order []uint64
	// skip are the goroutines whose next Leave is of the function that
	// recovered the panic (see Recovered).
	skip = make(map[uint64]bool)
	// texts are what the values route code panicked with say of
	// themselves, by goroutine (see Describe).
	texts = make(map[uint64]description)
)

// description is the text of a panic's value, and how compiled code
// prints the value without it.
type description struct{ shown, text string }

// Leave is deferred by each function of route code with the address of
// its line variable: the line of the statement it runs, 0 once it
// returns. A function left at a statement (line > 0) is left by a panic,
// and its frame is recorded for the goroutine.
func Leave(line *int, file string) {
	if *line <= 0 {
		return
	}
	id := goroutine()
	mu.Lock()
	defer mu.Unlock()
	if skip[id] {
		delete(skip, id)
		return
	}
	if _, ok := frames[id]; !ok {
		order = append(order, id)
		if len(order) > maxGoroutines {
			delete(frames, order[0])
			order = order[1:]
		}
	}
	frames[id] = append(frames[id], Frame{File: file, Line: *line})
}

// LeaveRecovering is Leave for a function that calls recover itself (a
// deferred function): left at a statement after its recover took a
// panic, it panicked anew (recover, log, re-panic), and its frame is the
// new panic's innermost, not that of the function whose panic it
// recovered, which Recovered skips.
func LeaveRecovering(line *int, file string) {
	if *line <= 0 {
		return
	}
	id := goroutine()
	mu.Lock()
	delete(skip, id)
	mu.Unlock()
	Leave(line, file)
}

// Describe records, for the goroutine, the text a value route code is
// about to panic with gives of itself (its Error or String method): the
// interpreter hands compiled code its values without their methods, so
// the 500 printed the value's fields (&{42}) where a build prints its
// Error. shown is how compiled code prints the value without them.
func Describe(shown, text string) {
	id := goroutine()
	mu.Lock()
	defer mu.Unlock()
	if len(texts) >= maxGoroutines {
		clear(texts) // of panics nobody took: forgotten
	}
	texts[id] = description{shown, text}
}

// Described returns the text recorded for the goroutine's panic when the
// value it panicked with prints as shown (it is that panic's), and
// forgets it.
func Described(shown string) (string, bool) {
	id := goroutine()
	mu.Lock()
	defer mu.Unlock()
	d, ok := texts[id]
	delete(texts, id)
	return d.text, ok && d.shown == shown
}

// Recovered forgets the frames of the goroutine's panic, which route code
// has recovered: the function that recovered it is left normally, though
// it is left at a statement, so its own Leave, which comes next, records
// nothing.
func Recovered() {
	id := goroutine()
	mu.Lock()
	defer mu.Unlock()
	delete(frames, id)
	// The text stays: a deferred function that recovers a value often
	// panics with it again (panic(r)), and the text is only taken for a
	// panic printing as the value described did.
	skip[id] = true
}

// Forget forgets the frames of the goroutine's panic, which compiled code
// recovered (fmt printing a String method's panic): left behind, they
// would be taken as the innermost frames of the goroutine's next panic,
// naming another route's file.
func Forget() {
	Take()
}

// Begin forgets what code that ran before on the calling goroutine left
// for it: frames, a recovery's mark, a panic's text. The server calls it
// before it runs route code: net/http serves the requests of a
// connection one after the other on one goroutine, and what one request
// left (a panic compiled code recovered, a function whose line was not
// cleared) would otherwise name another route's file in the next one's
// 500. It costs a lock when nothing was left, as in a build, whose
// compiled route code records nothing.
func Begin() {
	mu.Lock()
	empty := len(frames) == 0 && len(skip) == 0 && len(texts) == 0
	mu.Unlock()
	if empty {
		return
	}
	id := goroutine()
	mu.Lock()
	defer mu.Unlock()
	delete(frames, id)
	delete(skip, id)
	delete(texts, id)
}

// Take returns the frames the goroutine's panic left, innermost first, and
// forgets them.
func Take() []Frame {
	id := goroutine()
	mu.Lock()
	defer mu.Unlock()
	f := frames[id]
	delete(frames, id)
	delete(skip, id)
	return f
}

// goroutine returns the id of the calling goroutine, from the first line
// of its trace ("goroutine 12 [running]:"). It is slow, and only called
// on a panic's way.
func goroutine() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}

// AddedFilePrefix starts the names of the files devserver build adds to
// the project's packages (what os.Exit becomes, say): their frames are
// not the project's code.
const AddedFilePrefix = "zz_devserver_"

// Sources maps the import paths a binary was compiled with to the folders
// of their files: a binary built with -trimpath names a file by its
// package's import path, and a compiled worker of the dev server compiles
// the project's packages under other paths than their own. A path stands
// for the paths under it too (the module's path for its packages).
type Sources map[string]string

// File returns the file name (as such a binary names it, import path and
// file name) stands for, if it is one of the folders of s.
func (s Sources) File(name string) (string, bool) {
	if strings.Contains(name, "@") {
		return "", false // a module dependency's: module@version/...
	}
	if strings.HasPrefix(path.Base(name), AddedFilePrefix) {
		return "", false // not the project's, though in its package
	}
	for dir := path.Dir(name); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if folder, ok := s[dir]; ok {
			return filepath.Join(folder, filepath.FromSlash(strings.TrimPrefix(name, dir+"/"))), true
		}
	}
	return "", false
}
