package serve_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/devserver/devserver/build"
	"github.com/devserver/devserver/internal/apptest"
)

// sharedCacheApp is tagged and path-revalidated across replicas. Each
// answer names the process that rendered it.
var sharedCacheApp = map[string]string{
	"app/posts/route.go": `package route

import (
	"fmt"
	"os"
	"time"

	"github.com/devserver/devserver/next"
)

const Dynamic = "force-static"

func GET(req *next.Request) *next.Response {
	next.CacheTag(req, "posts")
	return next.NewResponse(fmt.Sprint("rendered by ", os.Getpid(), " at ", time.Now().UnixNano()))
}
`,
	"app/blog/[slug]/route.go": `package route

import (
	"fmt"
	"os"
	"time"

	"github.com/devserver/devserver/next"
)

var Revalidate = 3600

func GET(req *next.Request, ctx next.RouteContext) *next.Response {
	return next.NewResponse(fmt.Sprint(ctx.Params.Get("slug"), " rendered by ", os.Getpid(), " at ", time.Now().UnixNano()))
}
`,
	"app/data/route.go": `package route

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/devserver/devserver/next"
)

type value struct{ By string }

// GET answers a value of next.Cached tagged "posts", naming the process
// that computed it.
func GET(req *next.Request) *next.Response {
	var v value
	err := next.Cached(req, "by", &v, next.CacheOptions{Tags: []string{"posts"}}, func(ctx context.Context) (any, error) {
		return value{By: fmt.Sprint(os.Getpid(), " at ", time.Now().UnixNano())}, nil
	})
	if err != nil {
		return next.NewResponse(err.Error(), next.Init{Status: 500})
	}
	return next.NewResponse(v.By)
}
`,
	"app/revalidate/route.go": `package route

import (
	"strings"

	"github.com/devserver/devserver/next"
)

func POST(req *next.Request) *next.Response {
	text, _ := req.Text()
	kind, arg, _ := strings.Cut(text, " ")
	switch kind {
	case "tag":
		next.RevalidateTag(arg)
	case "stale":
		next.RevalidateTag(arg, next.LifeMax)
	case "layout":
		next.RevalidatePath(arg, next.PathLayout)
	default:
		next.RevalidatePath(arg)
	}
	return next.NewResponse("ok")
}
`,
}

// TestSharedCache runs two replicas of one build on one Redis server: a GET
// rendered by one is served by the other, a revalidation on either reaches
// both (for responses and for values of next.Cached), and while the store
// is away both answer (rendering afresh), log it once, and use it again
// when it is back.
func TestSharedCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	redisBin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("needs redis-server on PATH (Debian: apt-get install redis-server)")
	}
	port := freePort(t)
	redis := startRedis(t, redisBin, port)

	dir := apptest.WriteModule(t, sharedCacheApp)
	bin := filepath.Join(t.TempDir(), "server")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := build.Build(ctx, build.Options{Dir: dir, Output: bin}); err != nil {
		t.Fatal(err)
	}
	url := "redis://127.0.0.1:" + strconv.Itoa(port) + "/0"
	a := apptest.StartBinary(t, bin, nil, "--cache-url", url)
	b := apptest.StartBinary(t, bin, []string{"DEVSERVER_CACHE_URL=" + url})

	// One renders, the other serves it.
	first := expectCache(t, a.URL+"/posts", "MISS", "")
	expectCache(t, b.URL+"/posts", "HIT", first)
	expectCache(t, a.URL+"/posts", "HIT", first)

	// A tag revalidated on b expires the response for a.
	post(t, b.URL+"/revalidate", "tag posts")
	second := expectCache(t, a.URL+"/posts", "MISS", "")
	if second == first {
		t.Fatalf("after RevalidateTag: %q again", first)
	}
	expectCache(t, b.URL+"/posts", "HIT", second)

	// A value of next.Cached computed by one is read by the other, and a
	// revalidation of its tag on either reaches both.
	data := expectCache(t, a.URL+"/data", "", "")
	expectCache(t, b.URL+"/data", "", data)
	post(t, a.URL+"/revalidate", "tag posts")
	newData := expectCache(t, b.URL+"/data", "", "")
	if newData == data {
		t.Fatalf("next.Cached after RevalidateTag: %q again", data)
	}
	expectCache(t, a.URL+"/data", "", newData)

	// A soft revalidation (with a profile) on a: b serves the stale
	// response while one refresh runs, then both serve the new one.
	stale := expectCache(t, a.URL+"/posts", "MISS", "")
	post(t, a.URL+"/revalidate", "stale posts")
	expectCache(t, b.URL+"/posts", "STALE", stale)
	if fresh := waitHit(t, b, ""); fresh == stale {
		t.Fatalf("after a soft RevalidateTag: %q HIT again", stale)
	}

	// A path revalidated on a expires it for b; other paths stay.
	blogA := expectCache(t, b.URL+"/blog/a", "MISS", "")
	blogB := expectCache(t, b.URL+"/blog/b", "MISS", "")
	expectCache(t, a.URL+"/blog/a", "HIT", blogA)
	post(t, a.URL+"/revalidate", "path /blog/a")
	expectCache(t, b.URL+"/blog/a", "MISS", "")
	expectCache(t, a.URL+"/blog/b", "HIT", blogB)
	post(t, a.URL+"/revalidate", "layout /blog/[slug]")
	expectCache(t, b.URL+"/blog/b", "MISS", "")

	// The store goes away: both answer, rendering responses and computing
	// next.Cached values afresh, and say so once.
	redis.stop()
	for range 3 {
		for _, r := range []*apptest.Started{a, b} {
			expectCache(t, r.URL+"/posts", "MISS", "")
			before := expectCache(t, r.URL+"/data", "", "")
			if again := expectCache(t, r.URL+"/data", "", ""); again == before {
				t.Fatalf("GET %s/data with the store away: %q twice, want it computed afresh", r.URL, again)
			}
		}
	}
	for _, r := range []*apptest.Started{a, b} {
		if !r.WaitLog("store unreachable", 5*time.Second) {
			t.Fatalf("no log line about the store being away:\n%s", r.Log)
		}
		if n := strings.Count(r.Log.String(), "store unreachable"); n != 1 {
			t.Errorf("the store being away logged %d times, want once:\n%s", n, r.Log)
		}
	}

	// It is back: the replicas use it again (each within a second or so:
	// after a failure, a replica leaves the store alone for a second).
	redis = startRedis(t, redisBin, port)
	waitHit(t, a, "")
	shared := waitHit(t, b, "")
	expectCache(t, a.URL+"/posts", "HIT", shared)
	if !a.WaitLog("store reachable again", 5*time.Second) {
		t.Errorf("no log line about the store being back:\n%s", a.Log)
	}
	// And revalidations reach both again.
	post(t, b.URL+"/revalidate", "tag posts")
	renewed := expectCache(t, a.URL+"/posts", "MISS", "")
	expectCache(t, b.URL+"/posts", "HIT", renewed)

	// The store hangs (stopped, as behind a network partition dropping
	// packets): requests still answer, within the client's timeouts, and
	// this second outage is logged once too.
	redis.signal(syscall.SIGSTOP)
	start := time.Now()
	expectCache(t, a.URL+"/posts", "MISS", "")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("GET /posts with the store hung took %v", d)
	} else {
		t.Logf("GET /posts with the store hung took %v", d)
	}
	expectCache(t, a.URL+"/posts", "MISS", "")
	if !waitLogCount(a, "store unreachable", 2, 5*time.Second) {
		t.Errorf("the second outage not logged once:\n%s", a.Log)
	}
	redis.signal(syscall.SIGCONT)
	waitHit(t, a, "")
}

// waitLogCount waits until r's log has text n times, for d at most.
func waitLogCount(r *apptest.Started, text string, n int, d time.Duration) bool {
	for deadline := time.Now().Add(d); ; time.Sleep(20 * time.Millisecond) {
		if strings.Count(r.Log.String(), text) == n {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// waitHit GETs /posts of r until it is a HIT, whose body must be want
// unless want is "", and returns its body.
func waitHit(t *testing.T, r *apptest.Started, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		state, body := get(t, r.URL+"/posts")
		if state == "HIT" {
			if want != "" && body != want {
				t.Fatalf("GET %s/posts: HIT %q, want %q", r.URL, body, want)
			}
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never served from the store once it was back:\n%s", r.URL, r.Log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// expectCache GETs url and checks its X-Devserver-Cache and, unless want
// is "", its body. It returns the body.
func expectCache(t *testing.T, url, state, want string) string {
	t.Helper()
	got, body := get(t, url)
	if got != state || (want != "" && body != want) {
		t.Fatalf("GET %s: %s %q, want %s %q", url, got, body, state, want)
	}
	return body
}

func get(t *testing.T, url string) (state, body string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %s", url, res.Status, b)
	}
	return res.Header.Get("X-Devserver-Cache"), string(b)
}

func post(t *testing.T, url, body string) {
	t.Helper()
	res, err := http.Post(url, "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST %s %q: %s", url, body, res.Status)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// redisServer is a redis-server the test started.
type redisServer struct {
	t    *testing.T
	cmd  *exec.Cmd
	done chan struct{}
}

// stop ends the server and waits until it has.
func (r *redisServer) stop() {
	r.cmd.Process.Signal(syscall.SIGCONT) // a stopped server ends on SIGKILL too
	r.cmd.Process.Kill()
	<-r.done
}

// signal sends sig to the server.
func (r *redisServer) signal(sig syscall.Signal) {
	r.t.Helper()
	if err := r.cmd.Process.Signal(sig); err != nil {
		r.t.Fatalf("signalling redis-server: %v", err)
	}
}

// startRedis runs a Redis server without persistence on port until the
// test ends or it is stopped, and waits until it accepts connections.
func startRedis(t *testing.T, bin string, port int) *redisServer {
	t.Helper()
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	r := &redisServer{t: t, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(r.done) }()
	t.Cleanup(r.stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			c.Close()
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server did not listen on %d: %v", port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
