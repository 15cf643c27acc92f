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
// overlay with file:line:col while its own route is broken (a screenshot
// goes to the test's artifacts: go test -artifacts), and clears it when
// fixed.
func TestBrowserLoop(t *testing.T) {
	browser := findBrowser(t)
	dir := t.TempDir()
	write(t, dir, "go.mod", "module example.com/app\n\ngo 1.24\n")
	write(t, dir, "app/page.html", "<html><body><h1 id=title>v1</h1></body></html>")
	write(t, dir, "app/api/route.go", apiRoute)
	ts := serveDev(t, dir, dev.Options{})
	ctx := openBrowser(t, browser)

	if _, err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	waitJS(t, ctx, `document.getElementById("title") && document.getElementById("title").textContent === "v1"`)
	// The live-reload stream must be connected before the edit.
	time.Sleep(500 * time.Millisecond)

	write(t, dir, "app/page.html", "<html><body><h1 id=title>v2</h1></body></html>")
	waitJS(t, ctx, `document.getElementById("title") && document.getElementById("title").textContent === "v2"`)
	time.Sleep(500 * time.Millisecond)

	write(t, dir, "app/page.html", "<html><body>\n<h1 id=title>{{.Nope</h1></body></html>")
	waitJS(t, ctx, `!!document.getElementById("__devserver_overlay")`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("__devserver_overlay").textContent`))
	if err != nil || !strings.Contains(got, "app/page.html:2:") {
		t.Errorf("overlay text %q (%v) lacks the position", got, err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), "overlay.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}

	write(t, dir, "app/page.html", "<html><body><h1 id=title>v3</h1></body></html>")
	waitJS(t, ctx, `!document.getElementById("__devserver_overlay") && document.getElementById("title") !== null && document.getElementById("title").textContent === "v3"`)
}

// TestOverlay: an error in another route does not cover a working page:
// a badge counts it, and opens the list; the page's own error covers it,
// until closed (the button or Escape) or fixed; a save reloads the page
// once.
func TestOverlay(t *testing.T) {
	browser := findBrowser(t)
	dir := t.TempDir()
	// The page counts its loads in the tab's session storage.
	page := func(title string) string {
		return "<html><body><h1 id=title>" + title + "</h1><script>sessionStorage.loads = Number(sessionStorage.loads || 0) + 1</script></body></html>"
	}
	write(t, dir, "go.mod", "module example.com/app\n\ngo 1.24\n")
	write(t, dir, "app/page.html", page("v1"))
	write(t, dir, "app/api/route.go", apiRoute)
	ts := serveDev(t, dir, dev.Options{})
	ctx := openBrowser(t, browser)
	if _, err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatalf("open the page: %v", err)
	}
	waitJS(t, ctx, `document.getElementById("title").textContent === "v1"`)
	time.Sleep(500 * time.Millisecond) // the event stream connects

	// One save, one reload.
	write(t, dir, "app/page.html", page("v2"))
	waitJS(t, ctx, `document.getElementById("title").textContent === "v2"`)
	time.Sleep(time.Second) // time for a second reload, if one came
	if loads := evalString(t, ctx, `sessionStorage.loads`); loads != "2" {
		t.Errorf("the page loaded %s times for its first load and one save, want 2", loads)
	}

	// Another route breaks: the page works, a badge counts the error.
	write(t, dir, "app/api/route.go", "package route\n\nfunc GET( {\n")
	waitJS(t, ctx, `!!document.getElementById("__devserver_badge")`)
	if got := evalString(t, ctx, `document.getElementById("__devserver_badge").textContent`); got != "1 error" {
		t.Errorf("badge %q, want %q", got, "1 error")
	}
	if evalBool(t, ctx, `!!document.getElementById("__devserver_overlay")`) {
		t.Errorf("an error of another route covers the page")
	}
	// The badge opens the list of errors; Escape closes it.
	evalBool(t, ctx, `document.getElementById("__devserver_badge").click(), true`)
	waitJS(t, ctx, `!!document.getElementById("__devserver_overlay")`)
	if got := evalString(t, ctx, `document.getElementById("__devserver_overlay").textContent`); !strings.Contains(got, "1 error in other routes") || !strings.Contains(got, "app/api/route.go:3:") {
		t.Errorf("the opened overlay says %q, want the other route's error", got)
	}
	evalBool(t, ctx, `document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true})), true`)
	waitJS(t, ctx, `!document.getElementById("__devserver_overlay") && !!document.getElementById("__devserver_badge")`)

	// The page's own route breaks: the overlay covers it, with the other
	// error counted; closed with its button, it leaves the badge.
	write(t, dir, "app/page.html", "<html><body>\n\n<h1 id=title>{{.Nope</h1></body></html>")
	waitJS(t, ctx, `!!document.getElementById("__devserver_overlay")`)
	got := evalString(t, ctx, `document.getElementById("__devserver_overlay").textContent`)
	if !strings.Contains(got, "This page (/)") || !strings.Contains(got, "app/page.html:3:") || !strings.Contains(got, "1 error in other routes") {
		t.Errorf("overlay %q, want the page's error at app/page.html:3 and one other", got)
	}
	evalBool(t, ctx, `document.getElementById("__devserver_close").click(), true`)
	waitJS(t, ctx, `!document.getElementById("__devserver_overlay") && document.getElementById("__devserver_badge").textContent === "2 errors"`)

	// Fixed, both: the page reloads, and nothing is left on it.
	write(t, dir, "app/api/route.go", apiRoute)
	write(t, dir, "app/page.html", page("v3"))
	waitJS(t, ctx, `document.getElementById("title").textContent === "v3"`)
	waitJS(t, ctx, `!document.getElementById("__devserver_overlay") && !document.getElementById("__devserver_badge")`)
}

// evalString evaluates a JavaScript expression in the page.
func evalString(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return got
}

// evalBool evaluates a JavaScript condition in the page.
func evalBool(t *testing.T, ctx context.Context, expr string) bool {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return got
}

// findBrowser returns the chromium to drive, or skips the test.
func findBrowser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium installed (.ci/run installs it)")
	return ""
}

// serveDev serves the app in dir with the dev server, live reload on, over
// loopback, until the test ends.
func serveDev(t *testing.T, dir string, opts dev.Options) *httptest.Server {
	t.Helper()
	opts.Dir, opts.LiveReload = dir, true
	if opts.Stdout == nil {
		opts.Stdout, opts.Stderr = io.Discard, io.Discard
	}
	d, err := dev.Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	ts := httptest.NewServer(d.Server)
	t.Cleanup(ts.Close)
	return ts
}

// openBrowser starts a headless browser for the test; its context ends
// with the test, or after 90 s.
func openBrowser(t *testing.T, browser string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1000, 600))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return ctx
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
