package parity_test

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/devserver/devserver/internal/apptest"
	"golang.org/x/mod/modfile"
)

// Most of the suite's time went to building: one go build (and link) and
// one dev server per fixture, for apps of four routes on average. A batch
// serves several fixtures as one app instead: the union of their files,
// one dev server, one built binary. Each fixture is still its own subtest,
// with its own requests, clients and known differences, so a failure
// names it. Only fixtures that cannot see each other share an app:
//
//   - their files are all in folders (app/, internal/, lib/, ...; not
//     src/ or public/), and no two share a path; the go.mod is the same
//     (or none: apptest's), and none adds modules (a go.sum): a module's
//     package state is one in a build and one per interpreter in dev;
//   - the first path segment of each route is a plain name, and no
//     fixture sends a request to a segment another one owns (a request
//     to a segment nobody owns, such as /nope, answers 404 either way);
//   - their Go code touches no process-wide state that another fixture
//     could see or that a second registration would refuse (processWide).
//
// A fixture that does not qualify, or that sends an unusual path (.., an
// escaped dot or slash), runs alone as before. PARITY_SOLO=1 runs every
// fixture alone, to rule a batch out when a failure looks like cross-talk.

// maxBatch is how many fixtures one app serves at most: enough to make
// the link a small part of the suite, few enough that a batch's members
// still run on every core while another batch builds.
const maxBatch = 12

// processWide matches Go code that sets or counts state the whole process
// shares, which fixtures in one app would see of each other: the
// environment, arguments, working directory and standard files, the
// default logger, serve mux and transport, the runtime's counters and
// settings (goroutines, memory), flags, global registries that refuse a
// name twice, and the clock's location. Reading the environment is not:
// no fixture that may share an app sets it.
var processWide = regexp.MustCompile(`\b(os\.(Setenv|Unsetenv|Clearenv|Chdir|Exit|Args|Stdout|Stderr|Stdin)|log\.Set|log\.Default|slog\.Set|slog\.Default|http\.Default|http\.Handle(Func)?\(|runtime\.(NumGoroutine|GC|ReadMemStats|GOMAXPROCS|SetFinalizer|AddCleanup|LockOSThread|Stack|MemProfile)|debug\.|flag\.|time\.Local|rand\.Seed|signal\.|expvar|gob\.Register|sql\.Register|mime\.AddExtensionType|image\.RegisterFormat|pprof|testing\.)`)

// batchKey reports the key of the batches a fixture may join (its go.mod)
// and the first path segments its routes own, or ok false when it must
// run alone.
func batchKey(files map[string]string, reqs []request) (key string, owned []string, ok bool) {
	if os.Getenv("PARITY_SOLO") != "" {
		return "", nil, false
	}
	seen := map[string]bool{}
	for name, content := range files {
		top, _, nested := strings.Cut(name, "/")
		switch {
		case name == "go.sum":
			// It adds modules, whose packages hold state (uuid's
			// random source) that all routes of a build share and
			// each interpreter of the dev server has its own of:
			// fixtures beside it would see its draws in one server
			// and not in the other.
			return "", nil, false
		case name == "go.mod":
			if addsModules(content) {
				return "", nil, false // as a go.sum does
			}
			continue
		case top == "app":
			if path.Base(name) == "route.go" && strings.Count(name, "/") == 1 {
				return "", nil, false // app/route.go answers /, which every app has
			}
			seg, _, _ := strings.Cut(strings.TrimPrefix(name, "app/"), "/")
			if seg == "" || strings.ContainsAny(seg[:1], "[(@_.") {
				return "", nil, false // a dynamic segment, group or slot answers more than its name
			}
			seen[seg] = true
		case !nested || top == "src" || top == "public" || strings.HasPrefix(top, "."):
			return "", nil, false // proxy.go, instrumentation.go, .env, public/, src/app/, ...
		}
		if strings.HasSuffix(name, ".go") && processWide.MatchString(content) {
			return "", nil, false
		}
	}
	if len(seen) == 0 {
		return "", nil, false
	}
	for _, r := range reqs {
		if _, ok := requestSegment(r); !ok {
			return "", nil, false
		}
	}
	return files["go.mod"], slices.Sorted(maps.Keys(seen)), true
}

// addsModules reports whether a fixture's go.mod requires a module other
// than devserver (or does not parse).
func addsModules(gomod string) bool {
	f, err := modfile.ParseLax("go.mod", []byte(gomod), nil)
	if err != nil {
		return true
	}
	for _, r := range f.Require {
		if r.Mod.Path != "github.com/devserver/devserver" {
			return true
		}
	}
	return false
}

// requestSegment is the first segment of r's path, as the router would
// see it, or ok false for a path whose segment is not plain to read (one
// that dot segments or escaped separators could move elsewhere).
func requestSegment(r request) (string, bool) {
	p, _, _ := strings.Cut(r.path, "?")
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "..") || strings.Contains(p, "//") || strings.Contains(p, `\`) {
		return "", false
	}
	seg, _, _ := strings.Cut(p[1:], "/")
	dec, err := url.PathUnescape(seg)
	if err != nil || dec != seg && strings.ContainsAny(dec, "./\\") {
		return "", false
	}
	return dec, true
}

// member is one fixture of a batch.
type member struct {
	name     string
	files    map[string]string
	owned    []string
	segments map[string]bool // the first segments of its requests
}

// batches assigns fixtures to batches in the order they register, which
// is the order of TestFixtures' loop: the same batches every run.
type batches struct {
	mu   sync.Mutex
	open []*batch
}

// join puts m in the first batch of its key that it cannot see and that
// cannot see it, or in a new one.
func (bs *batches) join(key string, m *member) *batch {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	for _, b := range bs.open {
		if b.key == key && len(b.members) < maxBatch && b.admits(m) {
			b.add(m)
			return b
		}
	}
	b := &batch{key: key, owner: map[string]string{}, paths: map[string]bool{}, asked: map[string]bool{}}
	b.add(m)
	bs.open = append(bs.open, b)
	return b
}

// batch is an app serving several fixtures, started by the first of them
// to run and stopped when the last one ends.
type batch struct {
	key     string
	members []*member
	owner   map[string]string // first segment → the fixture whose routes own it
	paths   map[string]bool   // every file of every member
	asked   map[string]bool   // the first segments of every member's requests

	once   sync.Once
	scope  *scope
	err    error // starting failed: the members run alone
	served *served

	mu    sync.Mutex
	ended int
}

// admits reports whether m may share b's app: no file in common, no
// segment owned by both, and no request of either to a segment the other
// owns.
func (b *batch) admits(m *member) bool {
	for p := range m.files {
		if p != "go.mod" && b.paths[p] {
			return false
		}
	}
	for _, s := range m.owned {
		if _, taken := b.owner[s]; taken || b.asked[s] {
			return false
		}
	}
	for s := range m.segments {
		if owner, ok := b.owner[s]; ok && owner != m.name {
			return false
		}
	}
	return true
}

func (b *batch) add(m *member) {
	b.members = append(b.members, m)
	for p := range m.files {
		b.paths[p] = true
	}
	for _, s := range m.owned {
		b.owner[s] = m.name
	}
	for s := range m.segments {
		b.asked[s] = true
	}
}

// names lists the batch's fixtures, for messages.
func (b *batch) names() string {
	var ns []string
	for _, m := range b.members {
		ns = append(ns, m.name)
	}
	return strings.Join(ns, ", ")
}

// start serves the union of the members' files with the dev server and
// as a built binary, once; a failure is kept in b.err.
func (b *batch) start(t *testing.T) {
	b.once.Do(func() {
		b.scope = &scope{}
		defer func() {
			if r := recover(); r != nil {
				f, ok := r.(scopeFailure)
				if !ok {
					panic(r)
				}
				b.err = f
				b.scope.close()
			}
		}()
		files := map[string]string{}
		for _, m := range b.members {
			maps.Copy(files, m.files)
		}
		b.served = serveBoth(b.scope, apptest.WriteModule(b.scope, files))
		t.Logf("serving %d fixtures as one app: %s", len(b.members), b.names())
	})
}

// end records that a member is done; the last one stops the servers.
func (b *batch) end() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ended++
	if b.ended == len(b.members) && b.scope != nil && b.err == nil {
		b.scope.close()
	}
}

// scope stands for a test (apptest.TB) over a batch's lifetime, which
// spans several tests: what it is asked to clean up runs when the batch
// ends, and a Fatal unwinds to batch.start, whose members then run alone.
type scope struct {
	mu       sync.Mutex
	cleanups []func()
	dirs     []string
}

// scopeFailure is what a scope's Fatal panics with.
type scopeFailure string

func (f scopeFailure) Error() string { return string(f) }

func (s *scope) Helper() {}

func (s *scope) Cleanup(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cleanups = append(s.cleanups, f)
}

func (s *scope) TempDir() string {
	dir, err := os.MkdirTemp("", "parity-batch-")
	if err != nil {
		s.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirs = append(s.dirs, dir)
	return dir
}

func (s *scope) Fatal(args ...any) { panic(scopeFailure(fmt.Sprint(args...))) }

func (s *scope) Fatalf(format string, args ...any) { panic(scopeFailure(fmt.Sprintf(format, args...))) }

func (s *scope) Logf(string, ...any) {}

// close runs the cleanups, last first, as a test would, and removes the
// temporary folders.
func (s *scope) close() {
	s.mu.Lock()
	cleanups, dirs := s.cleanups, s.dirs
	s.cleanups, s.dirs = nil, nil
	s.mu.Unlock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	for _, d := range dirs {
		os.RemoveAll(d)
	}
}

var _ apptest.TB = (*scope)(nil)
