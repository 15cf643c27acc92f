package browsertest

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/devserver/devserver/dev"
)

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const apiRoute = "package route\n\nimport \"github.com/devserver/devserver/next\"\n\nfunc GET(req *next.Request) *next.Response { return next.NewResponse(\"api\") }\n"

// TestBrowserLoop: the page reloads itself after an edit, shows the error
// overlay with file:line:col while a route is broken (a screenshot goes to
// the test's artifacts: go test -artifacts), and clears it when fixed.
func TestBrowserLoop(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no chromium installed (.ci/run installs it)")
	}
	dir := t.TempDir()
	write(t, dir, "go.mod", "module example.com/app\n\ngo 1.24\n")
	write(t, dir, "app/page.html", "<html><body><h1 id=title>v1</h1></body></html>")
	write(t, dir, "app/api/route.go", apiRoute)
	d, err := dev.Start(context.Background(), dev.Options{Dir: dir, LiveReload: true, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ts := httptest.NewServer(d.Server)
	defer ts.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1000, 600))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	if _, err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	waitJS(t, ctx, `document.getElementById("title") && document.getElementById("title").textContent === "v1"`)
	// The live-reload stream must be connected before the edit.
	time.Sleep(500 * time.Millisecond)

	write(t, dir, "app/page.html", "<html><body><h1 id=title>v2</h1></body></html>")
	waitJS(t, ctx, `document.getElementById("title") && document.getElementById("title").textContent === "v2"`)
	time.Sleep(500 * time.Millisecond)

	write(t, dir, "app/api/route.go", "package route\n\nfunc GET( {\n")
	waitJS(t, ctx, `!!document.getElementById("__devserver_overlay")`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("__devserver_overlay").textContent`))
	if err != nil || !strings.Contains(got, "app/api/route.go:3:") {
		t.Errorf("overlay text %q (%v) lacks the position", got, err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), "overlay.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}

	write(t, dir, "app/api/route.go", apiRoute)
	waitJS(t, ctx, `!document.getElementById("__devserver_overlay") && document.getElementById("title") !== null`)
}

// waitJS polls a JavaScript condition in the page until it holds.
func waitJS(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("condition never held in the browser: %s", cond)
}
