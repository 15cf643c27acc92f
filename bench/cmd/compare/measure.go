//go:build unix

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// client talks to one running system over keep-alive connections.
type client struct {
	base string
	hc   *http.Client
}

func newClient(port int) *client {
	return &client{
		base: "http://127.0.0.1:" + strconv.Itoa(port),
		hc: &http.Client{
			Timeout:   120 * time.Second,
			Transport: &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true},
		},
	}
}

func (c *client) close() { c.hc.CloseIdleConnections() }

// get answers the status and body of GET path.
func (c *client) get(path string) (int, []byte, error) {
	return c.do(http.MethodGet, path, "")
}

func (c *client) do(method, path, body string) (int, []byte, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// pollInterval is the pause between two polls: with a request's own time,
// a poll every ≤ 5 ms.
const pollInterval = time.Millisecond

// waitFor polls path until it answers 200 with a body containing want
// (anything, when want is empty) and returns how long after t0 that was.
// It fails after limit, or when p exits.
func (c *client) waitFor(p *proc, t0 time.Time, path, want string, limit time.Duration) (time.Duration, error) {
	var last string
	for {
		code, body, err := c.get(path)
		if err == nil && code == http.StatusOK && strings.Contains(string(body), want) {
			return time.Since(t0), nil
		}
		if err != nil {
			last = err.Error()
		} else {
			last = strconv.Itoa(code) + " " + string(body)
		}
		if p.exited() {
			return 0, fmt.Errorf("the process exited; last answer to %s: %.300s\n%s", path, last, p.tail())
		}
		if time.Since(t0) > limit {
			return 0, fmt.Errorf("%s did not answer 200 with %q within %v; last answer: %.300s\n%s", path, want, limit, last, p.tail())
		}
		time.Sleep(pollInterval)
	}
}

// check requests path (POST body when body is set) and compares the
// decoded JSON answer with want.
func (c *client) check(method, path, body string, want map[string]any) error {
	code, b, err := c.do(method, path, body)
	if err != nil {
		return err
	}
	var got any
	if err := json.Unmarshal(b, &got); err != nil || code != http.StatusOK {
		return fmt.Errorf("%s %s: %d %.300s", method, path, code, b)
	}
	if !reflect.DeepEqual(got, any(want)) {
		w, _ := json.Marshal(want)
		return fmt.Errorf("%s %s answers %s, want %s", method, path, b, w)
	}
	return nil
}

// wrkResult is one wrk run.
type wrkResult struct {
	rps, p50, p99 float64 // req/s; latency in ms
	timeouts      int
}

// runWrk runs wrk -t2 -c32 for d against url (a POST of echoBody with
// script set), after a warm-up of warm (none when 0).
func runWrk(wrk, url, script string, d, warm time.Duration) (wrkResult, error) {
	args := func(d time.Duration) []string {
		a := []string{"-t2", "-c32", "-d" + strconv.Itoa(int(d.Seconds())) + "s", "--latency"}
		if script != "" {
			a = append(a, "-s", script)
		}
		return append(a, url)
	}
	if warm > 0 {
		if out, err := exec.Command(wrk, args(warm)...).CombinedOutput(); err != nil {
			return wrkResult{}, fmt.Errorf("wrk: %v\n%s", err, out)
		}
	}
	out, err := exec.Command(wrk, args(d)...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	return parseWrk(string(out))
}

// parseWrk reads Requests/sec and the 50 % and 99 % latencies of wrk
// --latency output. Non-2xx answers and connect, read or write errors are
// an error; timeouts (no answer within 2 s: a stalled, shared machine) are
// counted only.
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	if strings.Contains(out, "Non-2xx") {
		return r, fmt.Errorf("wrk saw non-2xx answers:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(strings.ReplaceAll(line, ",", ""))
		switch {
		case len(f) == 10 && f[0] == "Socket" && f[1] == "errors:":
			// Socket errors: connect 0, read 0, write 0, timeout 12
			for i := 2; i+1 < len(f); i += 2 {
				v, _ := strconv.Atoi(f[i+1])
				if f[i] == "timeout" {
					r.timeouts = v
				} else if v > 0 {
					return r, fmt.Errorf("wrk saw socket errors:\n%s", out)
				}
			}
		case len(f) == 2 && f[0] == "Requests/sec:":
			r.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			r.p50 = wrkDuration(f[1])
		case len(f) == 2 && f[0] == "99%":
			r.p99 = wrkDuration(f[1])
		}
	}
	if r.rps == 0 {
		return r, errors.New("no Requests/sec in wrk's output:\n" + out)
	}
	return r, nil
}

// wrkDuration is one of wrk's durations (812.00us, 1.23ms, 2.01s, 1.00m) in ms.
func wrkDuration(s string) float64 {
	for _, u := range []struct {
		suffix string
		ms     float64
	}{{"us", 0.001}, {"ms", 1}, {"s", 1000}, {"m", 60000}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f * u.ms
			}
		}
	}
	return 0
}

// writeWrkScript writes the wrk script that POSTs echoBody.
func writeWrkScript(path string) error {
	return os.WriteFile(path, []byte(`wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '`+echoBody+`'
`), 0o644)
}
