package parity_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/devserver/devserver/internal/apptest"
	"github.com/devserver/devserver/internal/devbuildtest"
	"github.com/devserver/devserver/server"
	"golang.org/x/tools/txtar"
)

// expiresAttr is a Set-Cookie header's Expires attribute.
var expiresAttr = regexp.MustCompile(`(?i)(; *Expires=)[^;]*`)

// derivedExpires blanks the Expires of a Set-Cookie header that also has a
// Max-Age: the server computed it from the clock (now + Max-Age), so two
// servers asked a moment apart may differ by a second. Max-Age itself is
// compared; so is an Expires the route set on its own.
func derivedExpires(v string) string {
	if !strings.Contains(strings.ToLower(v), "max-age=") {
		return v
	}
	return expiresAttr.ReplaceAllString(v, "${1}(now+Max-Age)")
}

// ignoredHeaders differ between any two servers, or between two runs.
// Last-Modified and the ETag made of it: a built binary embeds public/,
// and embedded files carry no modification time (the binary's stands for
// it).
var ignoredHeaders = []string{"Date", "X-Devserver-Generation", "Last-Modified", "Etag"}

// TestSampleApp runs the sample app's requests against both servers.
func TestSampleApp(t *testing.T) {
	t.Parallel()
	reqs, err := parseRequests(sampleRequests)
	if err != nil {
		t.Fatal(err)
	}
	compare(t, serveBoth(t, filepath.Join(apptest.Root(), "sample-app")), nil, reqs, nil)
}

const sampleRequests = `
GET /
GET /api/users
GET /api/users/1
GET /api/users/999
POST /api/users {"name":"Grace","email":"grace@example.com"}
POST /api/users {"name":
GET /api/users
PUT /api/users/2 {"name":"Grace H.","email":"gh@example.com"}
GET /api/users/2
DELETE /api/users/2
GET /api/users/2
PATCH /api/users/1
OPTIONS /api/users/1
HEAD /api/users/1
GET /api/docs/a/b%20c
GET /api/docs
GET /api/shop
GET /api/shop/x/y
GET /about
GET /api/search?q=go&page=2
GET /api/me
POST /api/login name=ada&password=pw
GET /api/me
DELETE /api/login
GET /old-docs/x
GET /api/echo?x=1
GET /hello.txt
HEAD /hello.txt
GET /robots.txt
GET /nope
GET /api/users/
GET /api/users/%zz
GET /%2e%2e/go.mod
GET /api/stats
GET /api/stats
GET /api/find?q=go
GET /api/admin
GET /api/docs/x/y/z
`

// TestFixtures runs every testdata/*.txtar: an app (its files) and a file
// named "requests". PARITY_FIXTURES names another folder of fixtures to
// run instead (the apps parity/gen writes). Fixtures that cannot see each
// other share one app (batch_test.go); each is still a subtest of its own.
func TestFixtures(t *testing.T) {
	t.Parallel()
	dir := "testdata"
	if d := os.Getenv("PARITY_FIXTURES"); d != "" {
		dir = d
	}
	fixtures, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if len(fixtures) == 0 {
		t.Fatal("no fixtures")
	}
	var bs batches
	for _, f := range fixtures {
		name := strings.TrimSuffix(filepath.Base(f), ".txtar")
		t.Run(name, func(t *testing.T) {
			// Up to t.Parallel this runs in the loop's order, for the
			// fixtures -run selects: which batches they form is decided
			// here, before any of them runs.
			a, err := txtar.ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if raceEnabled && !startsGoroutines(a) {
				t.Skip("under -race only the fixtures starting goroutines run; go test ./parity runs them all")
			}
			files := archiveFiles(a)
			reqs, err := parseRequests(files["requests"])
			if err != nil {
				t.Fatal(err)
			}
			delete(files, "requests")
			// A fixture's "interpreted" lists the route files that must
			// run in the fast tier, not compiled.
			interpreted := strings.Fields(files["interpreted"])
			delete(files, "interpreted")
			for line := range knownDifferences[name] {
				isRequest := slices.ContainsFunc(reqs, func(r request) bool { return r.String() == line })
				if _, isFile := files[strings.TrimPrefix(line, "load ")]; !isRequest && !isFile {
					t.Fatalf("knownDifferences lists %q, neither a request nor a file of the fixture", line)
				}
			}
			// A fixture's own go.mod names this checkout as $DEVSERVER.
			for name, content := range files {
				files[name] = strings.ReplaceAll(content, "$DEVSERVER", apptest.Root())
			}
			// A fixture's go.sum lists the modules it adds to this
			// checkout's (which the app needs too).
			if extra, ok := files["go.sum"]; ok {
				sum, err := os.ReadFile(filepath.Join(apptest.Root(), "go.sum"))
				if err != nil {
					t.Fatal(err)
				}
				files["go.sum"] = string(sum) + extra
			}
			var b *batch
			if key, owned, ok := batchKey(files, reqs); ok {
				m := &member{name: name, files: files, owned: owned, segments: map[string]bool{}}
				for _, r := range reqs {
					seg, _ := requestSegment(r)
					m.segments[seg] = true
				}
				b = bs.join(key, m)
			}
			t.Parallel()
			if b != nil {
				defer b.end()
				b.start(t)
				if b.err == nil {
					compare(t, b.served, files, reqs, knownDifferences[name], interpreted...)
					return
				}
				t.Logf("the app of fixtures %s did not start (%v); this one runs alone", b.names(), b.err)
			}
			compare(t, serveBoth(t, apptest.WriteModule(t, files)), nil, reqs, knownDifferences[name], interpreted...)
		})
	}
}

// goStatement matches a go statement at the start of a line or after
// { or ; (not "go 1.24" in a go.mod: no identifier starts with a digit).
var goStatement = regexp.MustCompile(`(?m)(^|[{;])\s*go\s+[A-Za-z_(]`)

// startsGoroutines reports whether a fixture's Go files hold a go
// statement. Under the race detector TestFixtures runs only those: data
// races in the interpreter show where route code runs concurrently, and
// the detector makes the interpreter about three times slower, which over
// every fixture would double the suite (CI runs go test ./parity as well,
// without it).
func startsGoroutines(a *txtar.Archive) bool {
	for _, f := range a.Files {
		if strings.HasSuffix(f.Name, ".go") && goStatement.Match(f.Data) {
			return true
		}
	}
	return false
}

// knownDifferences are the requests of a fixture whose dev answer still
// differs from the build's, with the reason, by fixture and then by
// request line ("load <file>" for a file the dev server refuses). Such a
// request must still differ: one that answers alike fails the test until
// it is taken off this list, so the list only shrinks as differences are
// fixed.
var knownDifferences = map[string]map[string]string{}

// request is one line of a request table: METHOD PATH [BODY]. A body
// starting with { or [ is sent as JSON, any other as a form.
type request struct {
	method, path, body string
}

func (r request) String() string { return strings.TrimSpace(r.method + " " + r.path + " " + r.body) }

func parseRequests(s string) ([]request, error) {
	var out []request
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, " ", 3)
		if len(parts) < 2 {
			return nil, fmt.Errorf("bad request line %q", line)
		}
		r := request{method: parts[0], path: parts[1]}
		if len(parts) == 3 {
			r.body = parts[2]
		}
		out = append(out, r)
	}
	return out, nil
}

// archiveFiles maps each file of a txtar archive to its content; a name
// given twice keeps its last content, as writing the files in order would.
func archiveFiles(a *txtar.Archive) map[string]string {
	files := make(map[string]string, len(a.Files))
	for _, f := range a.Files {
		files[f.Name] = string(f.Data)
	}
	return files
}

// served is an app served both ways: by the dev server (its log, and the
// problems of its first generation) and as the built binary.
type served struct {
	dir              string
	log              *lockedBuffer
	problems         []server.Problem
	devURL, builtURL string
}

// serveBoth serves dir with the dev server and as a built binary, until
// t's end.
func serveBoth(t apptest.TB, dir string) *served {
	t.Helper()
	s := &served{dir: dir, log: &lockedBuffer{}}
	d := devbuildtest.DevLogging(t, dir, s.log)
	s.problems = d.Server.Current().Problems()
	s.devURL = devbuildtest.Serve(t, d)
	s.builtURL = apptest.StartBinary(t, devbuildtest.Build(t, dir), nil, "--error-details").URL // error bodies compared too
	return s
}

// compare sends reqs to both of s's servers in order, and fails on any
// difference but the known ones (by request line, with the reason), which
// must still differ, and when one of the route files interpreted (slash
// paths relative to the app) runs compiled. files, when not nil, are the
// fixture's among the app's: only their load problems are its.
func compare(t *testing.T, s *served, files map[string]string, reqs []request, known map[string]string, interpreted ...string) {
	t.Helper()
	defer checkInterpreted(t, s.log, interpreted)
	refused := map[string]bool{}
	for _, p := range s.problems {
		if p.Err == nil {
			continue
		}
		rel, _ := filepath.Rel(s.dir, p.File)
		rel = filepath.ToSlash(rel)
		if _, ours := files[rel]; files != nil && !ours {
			continue
		}
		line := "load " + rel
		if why, ok := known[line]; ok {
			t.Logf("%s: known difference: %s (%v)", line, why, p.Err)
			refused[line] = true
			continue
		}
		// Errorf, not Fatalf: the other routes' answers are compared
		// still (a generated app holds many routes).
		t.Errorf("dev server: %s: %v", p.File, p.Err)
	}
	for line, why := range known {
		if strings.HasPrefix(line, "load ") && !refused[line] {
			t.Errorf("%s: listed as a known difference (%s) but loads: take it off knownDifferences", line, why)
		}
	}
	devC, builtC := newClient(t), newClient(t)
	for _, r := range reqs {
		want := do(t, devC, s.devURL, r)
		got := do(t, builtC, s.builtURL, r)
		why, isKnown := known[r.String()]
		switch {
		case got != want && isKnown:
			t.Logf("%s: known difference: %s", r, why)
		case got != want:
			t.Errorf("%s: the built binary differs from the dev server\n--- dev\n%s\n--- build\n%s", r, want, got)
		case isKnown:
			t.Errorf("%s: listed as a known difference (%s) but answers alike: take it off knownDifferences", r, why)
		}
	}
}

// checkInterpreted fails when the dev server's log says that one of the
// route files runs compiled.
func checkInterpreted(t *testing.T, log *lockedBuffer, routes []string) {
	t.Helper()
	for _, line := range strings.Split(log.String(), "\n") {
		for _, r := range routes {
			if strings.Contains(line, filepath.FromSlash(r)+" runs compiled") {
				t.Errorf("%s runs compiled, want it interpreted: %s", r, line)
			}
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent use: the dev
// server's log.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{
		Jar:           jar,
		Timeout:       requestTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// do sends r to base and renders the answer as text to compare: status,
// headers (minus the ignored ones, with the server's address replaced) and
// body.
func do(t *testing.T, c *http.Client, base string, r request) string {
	t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req, err := http.NewRequest(r.method, base+"/", body)
	if err != nil {
		t.Fatal(err)
	}
	// Keep the path exactly as written (%zz, %2e%2e): url.Parse would
	// refuse or clean it.
	path, query, _ := strings.Cut(r.path, "?")
	req.URL.Opaque, req.URL.RawQuery = path, query
	if r.body != "" {
		if strings.HasPrefix(r.body, "{") || strings.HasPrefix(r.body, "[") {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	res, err := c.Do(req)
	if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) {
		// The server closed the connection without an answer, as
		// net/http does for a handler panicking http.ErrAbortHandler.
		return "no response\n"
	}
	if err != nil {
		t.Fatalf("%s: %v", r, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s: read body: %v", r, err)
	}
	host := strings.TrimPrefix(base, "http://")
	// NextURL writes a loopback host as localhost, as Next.js does.
	hosts := strings.NewReplacer(host, "HOST", "localhost:"+host[strings.LastIndexByte(host, ':')+1:], "HOST")
	var out strings.Builder
	fmt.Fprintf(&out, "%d\n", res.StatusCode)
	keys := make([]string, 0, len(res.Header))
	for k := range res.Header {
		if !slices.Contains(ignoredHeaders, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range res.Header[k] {
			if k == "Set-Cookie" {
				v = derivedExpires(v)
			}
			fmt.Fprintf(&out, "%s: %s\n", k, hosts.Replace(v))
		}
	}
	out.WriteString("\n")
	out.WriteString(hosts.Replace(string(b)))
	return out.String()
}
