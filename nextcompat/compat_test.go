package nextcompat_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devserver/devserver/internal/apptest"
	"github.com/devserver/devserver/internal/devbuildtest"
)

// testCase is one request of testdata/cases.json.
type testCase struct {
	Name        string      `json:"name"`
	Method      string      `json:"method"`
	Path        string      `json:"path"`
	Headers     [][2]string `json:"headers"`
	Body        string      `json:"body"`
	EmptyParams int         `json:"emptyParams"` // append this many empty query parameters
	Repeat      [2]any      `json:"repeat"`      // append this text this many times
	Compare     *[]string   `json:"compare"`     // headers to compare, when not the default list
	IgnoreBody  bool        `json:"ignoreBody"`  // Next's HTML error pages
}

// target is the request target, exactly as sent.
func (c testCase) target() string {
	p := c.Path
	if c.EmptyParams > 0 {
		p += strings.Repeat("&", c.EmptyParams-1)
	}
	if text, ok := c.Repeat[0].(string); ok {
		p += strings.Repeat(text, int(c.Repeat[1].(float64)))
	}
	return p
}

// answer is a response as record.mjs stores it.
type answer struct {
	Status  int                 `json:"status"`
	Headers map[string][]string `json:"headers"`
	Body    string              `json:"body"`
}

// departures are the cases where devserver answers otherwise than next dev,
// on purpose; docs/nextjs-16.5.md
// says why. The reason is reported if the case ever agrees.
var departures = map[string]string{
	"max duration exceeded":                "devserver enforces MaxDuration as the route's time limit (504), in dev as in the build; next dev lets the route run on and leaves the limit to the deployment platform",
	"many non-empty params unmatched path": "devserver answers 414 to a query of more than 4,096 parameters on every path, next dev only on paths its proxy matches: Go's query parser stops at 10,000, so a route would see none",
}

func load(t *testing.T) (compare []string, cases []testCase, want map[string]answer) {
	t.Helper()
	var c struct {
		Compare []string   `json:"compare"`
		Cases   []testCase `json:"cases"`
	}
	var e struct {
		Answers map[string]answer `json:"answers"`
	}
	for name, v := range map[string]any{"cases.json": &c, "expected.json": &e} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return c.Compare, c.Cases, e.Answers
}

// TestCompat serves testdata/project with the dev server and as a built
// binary, and checks every answer against next dev's.
func TestCompat(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	compare, cases, want := load(t)
	dir := copyProject(t)
	before := snapshot(t, dir)
	t.Cleanup(func() {
		after := snapshot(t, dir)
		for name := range maps.Keys(after) {
			if before[name] != after[name] {
				t.Errorf("serving and building the project wrote %s", name)
			}
		}
		for name := range maps.Keys(before) {
			if _, ok := after[name]; !ok {
				t.Errorf("serving and building the project removed %s", name)
			}
		}
	})

	d := devbuildtest.Dev(t, dir)
	for _, p := range d.Server.Current().Problems() {
		if p.Err != nil {
			t.Fatalf("dev server: %s: %v", p.File, p.Err)
		}
	}
	devURL := devbuildtest.Serve(t, d)
	builtURL := apptest.RunBinary(t, devbuildtest.Build(t, dir))

	for _, server := range []struct{ name, url string }{{"dev", devURL}, {"build", builtURL}} {
		t.Run(server.name, func(t *testing.T) {
			addr := strings.TrimPrefix(server.url, "http://")
			for _, c := range cases {
				w, ok := want[c.Name]
				if !ok {
					t.Errorf("%s: no answer recorded (run record.mjs)", c.Name)
					continue
				}
				got := send(t, addr, c)
				_, port, _ := net.SplitHostPort(addr)
				w = withPort(w, port)
				names := compare
				if c.Compare != nil {
					names = *c.Compare
				}
				diff := differences(w, got, names, c.IgnoreBody)
				why, departs := departures[c.Name]
				switch {
				case diff != "" && !departs:
					t.Errorf("%s (%s %s): devserver answers otherwise than next dev:\n%s", c.Name, c.Method, c.Path, diff)
				case diff == "" && departs:
					t.Errorf("%s: now answers as next dev; remove its departure (%s)", c.Name, why)
				}
			}
		})
	}
}

// copyProject copies testdata/project into a temporary folder: the dev
// server and the build get a project exactly as the user has it, and
// nothing is written beside the test.
func copyProject(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS(filepath.Join("testdata", "project")))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// send writes c's request, target and headers as they are, on a new
// connection to addr, and reads the answer.
func send(t *testing.T, addr string, c testCase) answer {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	_, port, _ := net.SplitHostPort(addr)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: localhost:%s\r\nConnection: close\r\nUser-Agent: nextcompat\r\n", c.Method, c.target(), port)
	for _, h := range c.Headers {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	if c.Body != "" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(c.Body))
	}
	b.WriteString("\r\n" + c.Body)
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(c.Method, "/", nil)
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s: read body: %v", c.Name, err)
	}
	a := answer{Status: res.StatusCode, Headers: map[string][]string{}, Body: string(body)}
	for k, vs := range res.Header {
		a.Headers[strings.ToLower(k)] = vs
	}
	return a
}

// differences describes how got differs from want: status, body, and the
// headers named. Next adds Accept-Encoding to Vary on every response of a
// compressible type, its compression middleware wrapping every handler;
// devserver adds it to what it answers for a next handler, not to what a
// func(w, r) handler writes itself, so that token is left out.
func differences(want, got answer, names []string, ignoreBody bool) string {
	var out []string
	if want.Status != got.Status {
		out = append(out, fmt.Sprintf("status %d, want %d", got.Status, want.Status))
	}
	if !ignoreBody && want.Body != got.Body {
		out = append(out, fmt.Sprintf("body %q, want %q", got.Body, want.Body))
	}
	for _, name := range names {
		w, g := want.Headers[name], got.Headers[name]
		if name == "vary" {
			w, g = withoutAcceptEncoding(w), withoutAcceptEncoding(g)
		}
		if !slices.Equal(w, g) {
			out = append(out, fmt.Sprintf("%s: %q, want %q", name, g, w))
		}
	}
	return strings.Join(out, "\n")
}

func withoutAcceptEncoding(values []string) []string {
	var out []string
	for _, v := range values {
		var keep []string
		for _, tok := range strings.Split(v, ",") {
			if tok = strings.TrimSpace(tok); tok != "" && !strings.EqualFold(tok, "Accept-Encoding") {
				keep = append(keep, tok)
			}
		}
		if len(keep) > 0 {
			out = append(out, strings.Join(keep, ", "))
		}
	}
	return out
}

// withPort puts port where record.mjs wrote $PORT for next dev's.
func withPort(a answer, port string) answer {
	out := answer{Status: a.Status, Headers: map[string][]string{}, Body: strings.ReplaceAll(a.Body, "$PORT", port)}
	for k, vs := range a.Headers {
		for _, v := range vs {
			out.Headers[k] = append(out.Headers[k], strings.ReplaceAll(v, "$PORT", port))
		}
	}
	return out
}

// snapshot maps every file under dir to its content, to tell that nothing
// was written there.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := make(map[string]string)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
