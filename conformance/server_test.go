package conformance_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
)

// serverChoices are the exchanges where devserver differs on purpose
// (docs/handler-api.md, "Next.js semantics, checked against Next.js itself").
// A key is the method unless GET, the target, then each header sent as
// " [name: value]".
var serverChoices = map[string]string{
	"/go?to=/relative": "next.Redirect also plays redirect(), which takes a path",
	// next start means 416 and 412 here (its router passes them on from
	// send to the error page of that status), but an App Router app has no
	// such page and it answers 500 Internal Server Error instead.
	"/robots.txt [Range: bytes=999-]":                                  "an unsatisfiable range answers 416, as next start intends",
	`/robots.txt [If-Match: "nope"]`:                                   "a failed precondition answers 412, as next start intends",
	"/robots.txt [If-Unmodified-Since: Mon, 01 Jan 2001 00:00:00 GMT]": "a failed precondition answers 412, as next start intends",
	// The same for these: 405 with Allow: GET, HEAD, and send's refusal of
	// a file named with a dot, which next start's router turns into 400.
	"POST /robots.txt":    "another method than GET or HEAD on a file of public/ answers 405, as next start intends",
	"PUT /robots.txt":     "another method than GET or HEAD on a file of public/ answers 405, as next start intends",
	"DELETE /robots.txt":  "another method than GET or HEAD on a file of public/ answers 405, as next start intends",
	"OPTIONS /robots.txt": "another method than GET or HEAD on a file of public/ answers 405, as next start intends",
	"/.hidden":            "a file of public/ whose name starts with a dot is not served: 404, where next start means 400",
	// docs/routing.md: a 405 names what the route answers.
	"POST /target":   "a 405 carries Allow (RFC 9110 requires it) and says it in its body; Next sends neither",
	"DELETE /target": "a 405 carries Allow (RFC 9110 requires it) and says it in its body; Next sends neither",
	"PATCH /target":  "a 405 carries Allow (RFC 9110 requires it) and says it in its body; Next sends neither",
}

// choiceKey is the key of an exchange in serverChoices.
func choiceKey(method, target string, sent [][2]string) string {
	if method != "" && method != http.MethodGet {
		target = method + " " + target
	}
	for _, h := range sent {
		target += " [" + h[0] + ": " + h[1] + "]"
	}
	return target
}

// TestNextStart sends devserver, running testdata/goapp, the requests
// recorded from next start running nextapp/, and compares the answers:
// status, the recorded headers, and the body (JSON compared as values,
// with the query's pairs in any order; a 500's body is each server's own).
func TestNextStart(t *testing.T) {
	b, err := os.ReadFile("testdata/server.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Next  string            `json:"next"`
		Cases []json.RawMessage `json:"cases"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	base := startGoApp(t)
	host := strings.TrimPrefix(base, "http://")
	port := host[strings.LastIndexByte(host, ':')+1:]
	norm := strings.NewReplacer("localhost:"+port, "HOST", host, "HOST")
	c := &tally{t: t, name: "next start exchanges"}
	for _, raw := range f.Cases {
		var tc struct {
			Method  string              `json:"method"` // GET when empty
			Target  string              `json:"target"`
			Sent    [][2]string         `json:"sent"`
			Status  int                 `json:"status"`
			Headers map[string][]string `json:"headers"`
			JSON    any                 `json:"json"`
			Body    *string             `json:"body"`
		}
		if err := json.Unmarshal(raw, &tc); err != nil {
			t.Fatal(err)
		}
		if why, ok := serverChoices[choiceKey(tc.Method, tc.Target, tc.Sent)]; ok {
			t.Logf("%s: a choice: %s", tc.Target, why)
			c.skip()
			continue
		}
		if tc.Method == "" {
			tc.Method = http.MethodGet
		}
		res, body := sendRaw(t, host, tc.Method, tc.Target, tc.Sent)
		c.check(res.StatusCode == tc.Status, "%s %s: status %d; Next: %d", tc.Method, tc.Target, res.StatusCode, tc.Status)
		for _, k := range keptHeaders {
			got := res.Header.Values(k)
			for i := range got {
				got[i] = norm.Replace(got[i])
			}
			want := tc.Headers[k]
			if k == "content-type" && (tc.Status == 500 || len(want) == 0 && len(got) > 0) {
				continue // a 500 page, or a type Go writes where Next sends none
			}
			if k == "cache-control" && tc.Status == 500 {
				continue // an error page is never stored, on purpose (no-store)
			}
			c.check(slices.Equal(got, want) || len(got) == 0 && len(want) == 0, "%s %s: %s %q; Next: %q", tc.Method, tc.Target, k, got, want)
		}
		if tc.Status == 500 || res.StatusCode == 500 {
			continue
		}
		body = norm.Replace(body)
		if tc.JSON != nil {
			var got any
			err := json.Unmarshal([]byte(body), &got)
			c.check(err == nil && reflect.DeepEqual(sortPairs(got), sortPairs(tc.JSON)), "%s %s: body %s; Next: %s", tc.Method, tc.Target, body, mustJSON(tc.JSON))
		} else if tc.Body != nil && tc.Status == http.StatusNotFound && strings.HasPrefix(*tc.Body, "<!DOCTYPE html>") {
			// Next's 404 page carries its scripts and build IDs: the
			// same page is one with the same title.
			const title = "<title>404: This page could not be found.</title>"
			c.check(strings.Contains(*tc.Body, title) && strings.Contains(body, title), "%s %s: body %q; Next's 404 page has %q", tc.Method, tc.Target, body, title)
		} else if tc.Body != nil {
			c.check(body == *tc.Body, "%s %s: body %q; Next: %q", tc.Method, tc.Target, body, *tc.Body)
		}
	}
	c.report(f.Next)
}

// keptHeaders are the response headers record-server.mjs keeps.
var keptHeaders = []string{"location", "set-cookie", "x-same", "x-proxy-only", "x-proxied", "content-type", "x-middleware-rewrite", "cache-control", "content-range", "allow"}

// sortPairs orders the searchParams and cookies lists of an echoed body,
// which a Go map cannot keep in the query's order.
func sortPairs(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for _, k := range []string{"searchParams", "cookies"} {
		if list, ok := m[k].([]any); ok {
			slices.SortFunc(list, func(a, b any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		}
	}
	return m
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// startGoApp serves testdata/goapp with the dev server and returns its URL.
func startGoApp(t *testing.T) string {
	t.Helper()
	files := map[string]string{}
	root := "testdata/goapp"
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := apptest.WriteModule(t, files)
	d, err := dev.Start(context.Background(), dev.Options{Dir: dir, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatalf("dev.Start: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	ts := httptest.NewServer(d.Server)
	t.Cleanup(ts.Close)
	return ts.URL
}

// sendRaw sends target and headers as written, Host localhost:port as
// record-server.mjs does, and reads the answer.
func sendRaw(t *testing.T, host, method, target string, headers [][2]string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	port := host[strings.LastIndexByte(host, ':')+1:]
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: localhost:%s\r\nConnection: close\r\n", method, target, port)
	for _, h := range headers {
		fmt.Fprintf(conn, "%s: %s\r\n", h[0], h[1])
	}
	fmt.Fprint(conn, "\r\n")
	res, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}
