//go:build unix

// Command compare is the driver of bench/compare: it generates equivalent
// apps of N routes for devserver, for devserver build (the same app compiled
// natively), for next dev (route.ts files) and for air over a net/http
// main.go, runs each as a real child process on a loopback port, and
// measures reload latency, cold start, wrk throughput and latency, and the
// RSS of each process tree, interleaving the systems round by round. It
// writes a markdown report and an SVG chart.
//
// bench/compare builds the tools and calls it; see docs/compare.md. It
// runs on Unix only: it signals process groups.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The systems, in table order.
var allSystems = []string{"devserver", "native", "next", "air"}

type config struct {
	root, work          string
	devserver, air      string
	nextModules, node   string
	wrk                 string
	ns                  []int
	systems             []string
	rounds              int
	edits, sharedEdits  int
	wrkDuration         time.Duration
	wrkWarm             time.Duration
	leakReloads, leakN  int
	leakSystems         []string
	check               bool
	smoke               bool
	mdPath, svgPath     string
	command             string
	idleLimit           time.Duration
	versions            map[string]string
	started             time.Time
	loadBefore, loadEnd string
	failures            []string
	settled             time.Duration // waiting for idle, this session
	unsettled           int           // waits that hit idleLimit, this session
}

func main() {
	c, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fmt.Fprintln(os.Stderr, "compare: interrupted; stopping the servers")
		stopAll()
		os.Exit(130)
	}()
	if err := c.run(); err != nil {
		stopAll()
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func parseFlags() (*config, error) {
	c := &config{}
	var ns, systems, leakSystems string
	flag.StringVar(&c.root, "root", ".", "the devserver checkout (the generated apps require devserver from it)")
	flag.StringVar(&c.work, "work", "", "a scratch folder for apps, binaries and logs (required)")
	flag.StringVar(&c.devserver, "devserver", "", "the devserver binary (required)")
	flag.StringVar(&c.air, "air", "", "the air binary (for the air system)")
	flag.StringVar(&c.nextModules, "next-modules", "", "a folder where next, react and react-dom are installed (node_modules, package.json, package-lock.json), for the next system")
	flag.StringVar(&c.wrk, "wrk", "", "the wrk binary; none: no throughput rows")
	flag.StringVar(&ns, "n", "10,50,200", "the app sizes, in routes")
	flag.StringVar(&systems, "systems", strings.Join(allSystems, ","), "the systems to measure: devserver, native, next, air")
	flag.IntVar(&c.rounds, "rounds", 3, "interleaved rounds; each starts every system afresh")
	flag.IntVar(&c.edits, "edits", 15, "route edits per system, N and round")
	flag.IntVar(&c.sharedEdits, "shared-edits", 5, "edits of the shared package per system, N and round")
	flag.DurationVar(&c.wrkDuration, "wrk-duration", 5*time.Second, "each wrk run (whole seconds)")
	flag.DurationVar(&c.wrkWarm, "wrk-warm", time.Second, "a wrk warm-up before each run (0: none)")
	flag.IntVar(&c.leakReloads, "leak-reloads", 500, "reloads in the RSS growth (leak) measure; 0: skip it")
	flag.IntVar(&c.leakN, "leak-n", 0, "the app size of the leak measure (default: the middle one of -n)")
	flag.StringVar(&leakSystems, "leak-systems", "devserver,next", "the systems of the leak measure (those also in -systems)")
	flag.BoolVar(&c.check, "check", true, "run devserver with its default background type check (--check=false when false)")
	flag.BoolVar(&c.smoke, "smoke", false, "a quick run that checks the suite works: N=3, 5 edits, devserver (--check=false) and native, 1 s wrk when wrk is there, 20 leak reloads")
	flag.StringVar(&c.mdPath, "md", "", "write the markdown report here (default: standard output only)")
	flag.StringVar(&c.svgPath, "svg", "", "write the SVG chart here")
	flag.StringVar(&c.command, "command", "", "the command line to quote in the report")
	flag.DurationVar(&c.idleLimit, "idle-limit", 30*time.Second, "the longest wait for a system to be idle before an edit or an RSS sample")
	flag.Parse()
	if flag.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %s", strings.Join(flag.Args(), " "))
	}
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if c.smoke {
		// Only what the user did not set.
		defaults := map[string]func(){
			"n":            func() { ns = "3" },
			"systems":      func() { systems = "devserver,native" },
			"rounds":       func() { c.rounds = 1 },
			"edits":        func() { c.edits = 5 },
			"shared-edits": func() { c.sharedEdits = 2 },
			"wrk-duration": func() { c.wrkDuration = time.Second },
			"wrk-warm":     func() { c.wrkWarm = 0 },
			"leak-reloads": func() { c.leakReloads = 20 },
			"leak-systems": func() { leakSystems = "devserver" },
			"idle-limit":   func() { c.idleLimit = 2 * time.Second },
			// the type check would be waited for after every edit
			"check": func() { c.check = false },
		}
		for name, f := range defaults {
			if !set[name] {
				f()
			}
		}
	}
	if c.work == "" || c.devserver == "" {
		return nil, fmt.Errorf("-work and -devserver are required")
	}
	for _, s := range strings.Split(ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 3 {
			return nil, fmt.Errorf("-n: %q is not a number of routes ≥ 3", s)
		}
		c.ns = append(c.ns, n)
	}
	slices.Sort(c.ns)
	var err error
	if c.systems, err = systemList(systems); err != nil {
		return nil, err
	}
	leak, err := systemList(leakSystems)
	if err != nil {
		return nil, err
	}
	for _, s := range leak {
		if slices.Contains(c.systems, s) && s != "native" {
			c.leakSystems = append(c.leakSystems, s)
		}
	}
	if c.leakN == 0 {
		c.leakN = c.ns[len(c.ns)/2]
	}
	if c.rounds < 1 || c.edits < 1 {
		return nil, fmt.Errorf("-rounds and -edits must be at least 1")
	}
	for _, abs := range []*string{&c.root, &c.work, &c.devserver, &c.air, &c.nextModules, &c.mdPath, &c.svgPath} {
		if *abs != "" {
			*abs, _ = filepath.Abs(*abs)
		}
	}
	if slices.Contains(c.systems, "air") && c.air == "" {
		return nil, fmt.Errorf("the air system needs -air")
	}
	if slices.Contains(c.systems, "next") {
		if c.nextModules == "" {
			return nil, fmt.Errorf("the next system needs -next-modules")
		}
		if c.node, err = exec.LookPath("node"); err != nil {
			return nil, err
		}
	}
	if c.command == "" {
		c.command = strings.Join(os.Args, " ")
	}
	return c, nil
}

func systemList(s string) ([]string, error) {
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(allSystems, name) {
			return nil, fmt.Errorf("unknown system %q (known: %s)", name, strings.Join(allSystems, ", "))
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	// table order
	slices.SortFunc(out, func(a, b string) int { return slices.Index(allSystems, a) - slices.Index(allSystems, b) })
	return out, nil
}

// target is one system serving the app of one size.
type target struct {
	sys string
	app app
	dir string // the app's folder
	bin string // native: the built binary
	st  *state
	fl  flavour
	m   *metrics
}

// metrics are a target's measures: per edit for reloads, per round for
// the rest (NaN where a round has none).
type metrics struct {
	reload, shared   []float64 // ms
	cold, warmAll    []float64 // ms
	rssIdle, rssLoad []float64 // MB
	get, post        []wrkResult
	build            float64 // native: devserver build time, ms
	leak             []leakPoint
}

type leakPoint struct {
	reloads int
	rss     float64
}

func newMetrics(rounds int) *metrics {
	nan := func() []float64 {
		s := make([]float64, rounds)
		for i := range s {
			s[i] = math.NaN()
		}
		return s
	}
	return &metrics{cold: nan(), warmAll: nan(), rssIdle: nan(), rssLoad: nan(),
		get: make([]wrkResult, rounds), post: make([]wrkResult, rounds)}
}

var logStart = time.Now()

// logf prints a progress line, with the seconds since the driver started.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "== %5.1fs "+format+"\n", append([]any{time.Since(logStart).Seconds()}, args...)...)
}

func (c *config) run() error {
	c.started = time.Now()
	c.loadBefore = loadavg()
	c.versions = c.detectVersions()
	for _, d := range []string{"apps", "logs", "bin"} {
		if err := os.MkdirAll(filepath.Join(c.work, d), 0o755); err != nil {
			return err
		}
	}
	script := filepath.Join(c.work, "post.lua")
	if err := writeWrkScript(script); err != nil {
		return err
	}

	// Write the apps, build the native binaries, warm air's build cache.
	targets := map[int]map[string]*target{}
	for _, n := range c.ns {
		targets[n] = map[string]*target{}
		for _, s := range c.systems {
			t, err := c.prepare(s, n)
			if err != nil {
				return err
			}
			targets[n][s] = t
		}
	}

	for r := range c.rounds {
		order := append(slices.Clone(c.systems[r%len(c.systems):]), c.systems[:r%len(c.systems)]...)
		for _, n := range c.ns {
			for _, s := range order {
				logf("round %d/%d, N=%d: %s", r+1, c.rounds, n, s)
				if err := c.session(targets[n][s], r, script); err != nil {
					c.fail(fmt.Errorf("%s, N=%d, round %d: %w", s, n, r+1, err))
				}
			}
		}
	}

	if c.leakReloads > 0 {
		for _, s := range c.leakSystems {
			t := targets[c.leakN][s]
			if t == nil {
				// -leak-n outside -n: an app of its own
				var err error
				if t, err = c.prepare(s, c.leakN); err != nil {
					return err
				}
			}
			logf("leak: %s, N=%d, %d reloads", s, c.leakN, c.leakReloads)
			if err := c.leak(t); err != nil {
				c.fail(fmt.Errorf("leak, %s, N=%d: %w", s, c.leakN, err))
			}
			if targets[c.leakN][s] == nil {
				targets[c.leakN][s] = t
			}
		}
	}
	c.loadEnd = loadavg()

	md := c.report(targets)
	fmt.Print(md)
	if c.mdPath != "" {
		if err := os.WriteFile(c.mdPath, []byte(md), 0o644); err != nil {
			return err
		}
	}
	if c.svgPath != "" {
		if err := os.WriteFile(c.svgPath, []byte(c.chart(targets)), 0o644); err != nil {
			return err
		}
	}
	if len(c.failures) > 0 {
		return fmt.Errorf("%d session(s) failed; the report lists them", len(c.failures))
	}
	return nil
}

// fail records a session that failed: the run goes on without the rest of
// its measures, the report lists it, and the driver exits with status 1.
func (c *config) fail(err error) {
	logf("FAILED: %v", err)
	c.failures = append(c.failures, err.Error())
}

// prepare writes the app of system s at size n and whatever must exist
// before the first start.
func (c *config) prepare(s string, n int) (*target, error) {
	a := newApp(n)
	t := &target{sys: s, app: a, dir: filepath.Join(c.work, "apps", s+"-"+strconv.Itoa(n)), st: newState(a), m: newMetrics(c.rounds)}
	switch s {
	case "devserver", "native":
		t.fl = goRoutes{root: c.root}
	case "next":
		t.fl = tsRoutes{modules: c.nextModules}
	case "air":
		t.fl = netHTTP{}
	}
	logf("writing the %s app of %d routes", s, n)
	if err := t.fl.write(t.dir, a, t.st); err != nil {
		return nil, err
	}
	switch s {
	case "native":
		t.bin = filepath.Join(c.work, "bin", "native-"+strconv.Itoa(n))
		t0 := time.Now()
		if err := run(t.dir, nil, c.devserver, "build", "-o", t.bin, "."); err != nil {
			return nil, err
		}
		t.m.build = ms(time.Since(t0))
		logf("devserver build, N=%d: %.0f ms", n, t.m.build)
	case "air":
		// Warm the build cache, so that the first round's start builds as
		// fast as the others'.
		if err := run(t.dir, nil, "go", "build", "-o", os.DevNull, "."); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// launch starts t's system on a free port.
func (c *config) launch(t *target, logName string) (*proc, *client, time.Time, error) {
	port, err := freePort()
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	ps := strconv.Itoa(port)
	var argv, env []string
	switch t.sys {
	case "devserver":
		argv = []string{c.devserver, "-H", "127.0.0.1", "-p", ps}
		if !c.check {
			argv = append(argv, "--check=false")
		}
		argv = append(argv, t.dir)
	case "native":
		argv = []string{t.bin, "-H", "127.0.0.1", "-p", ps}
	case "next":
		// A fresh .next each start: every round starts as the first.
		os.RemoveAll(filepath.Join(t.dir, ".next"))
		argv = []string{c.node, filepath.Join(t.dir, "node_modules", "next", "dist", "bin", "next"), "dev", "-H", "127.0.0.1", "-p", ps}
		env = []string{"NEXT_TELEMETRY_DISABLED=1"}
	case "air":
		os.RemoveAll(filepath.Join(t.dir, "tmp"))
		argv = []string{c.air, "-c", ".air.toml"}
		env = []string{"PORT=" + ps}
	}
	t0 := time.Now()
	p, err := start(t.dir, filepath.Join(c.work, "logs", logName), env, argv...)
	if err != nil {
		return nil, nil, t0, err
	}
	return p, newClient(port), t0, nil
}

// startLimit bounds a start and a first request to a route (next dev
// compiles it then).
const startLimit = 180 * time.Second

// reloadLimit bounds one reload.
const reloadLimit = 60 * time.Second

// session starts t's system once and measures it: cold start, first
// request to every route, idle RSS, route edits and shared edits (if it
// reloads), wrk on the JSON GET and POST, RSS after that load.
func (c *config) session(t *target, r int, script string) error {
	p, cl, t0, err := c.launch(t, fmt.Sprintf("%s-%d-round%d.log", t.sys, t.app.n, r+1))
	if err != nil {
		return err
	}
	c.settled, c.unsettled = 0, 0
	defer func() {
		logf("  waited %.1fs for the system to be idle; %d waits hit the %v limit", c.settled.Seconds(), c.unsettled, c.idleLimit)
	}()
	defer p.stop()
	defer cl.close()
	m := t.m
	routes := t.app.routes
	cold, err := cl.waitFor(p, t0, routes[0].url(), "", startLimit)
	if err != nil {
		return err
	}
	m.cold[r] = ms(cold)
	if err := c.visitAll(t, p, cl, r); err != nil {
		return err
	}
	c.settle(p)
	m.rssIdle[r] = treeRSS(p.pid())

	if t.sys != "native" {
		for e := range c.edits {
			i := (r*c.edits + e) % len(routes)
			d, err := c.edit(t, p, cl, i, true)
			if err != nil {
				return err
			}
			m.reload = append(m.reload, d)
		}
		for range c.sharedEdits {
			c.settle(p)
			t.st.version = newToken("v")
			t1 := time.Now()
			if err := t.fl.writeShared(t.dir, t.st); err != nil {
				return err
			}
			d, err := cl.waitFor(p, t1, routes[0].url(), `"`+t.st.version+`"`, reloadLimit)
			if err != nil {
				return fmt.Errorf("shared edit: %w", err)
			}
			m.shared = append(m.shared, ms(d))
		}
		// Every route answers the new code (and next dev has compiled the
		// API routes again before wrk).
		if err := c.verify(t, cl); err != nil {
			return err
		}
	}

	if c.wrk != "" {
		// Each run and the sample after them at rest: no type check of
		// devserver's, no rebuild of air's running alongside.
		c.settle(p)
		if m.get[r], err = runWrk(c.wrk, cl.base+itemsURL, "", c.wrkDuration, c.wrkWarm); err != nil {
			return err
		}
		c.settle(p)
		if m.post[r], err = runWrk(c.wrk, cl.base+echoURL, script, c.wrkDuration, c.wrkWarm); err != nil {
			return err
		}
		c.settle(p)
		m.rssLoad[r] = treeRSS(p.pid())
		logf("  cold %.0f ms, idle %.0f MB, GET %.0f req/s, POST %.0f req/s, after load %.0f MB",
			m.cold[r], m.rssIdle[r], m.get[r].rps, m.post[r].rps, m.rssLoad[r])
		if n := m.get[r].timeouts + m.post[r].timeouts; n > 0 {
			logf("  wrk: %d requests timed out (no answer within 2 s)", n)
		}
	} else {
		logf("  cold %.0f ms, idle %.0f MB", m.cold[r], m.rssIdle[r])
	}
	if len(m.reload) > 0 {
		logf("  reload p50 so far %.1f ms, shared %.1f ms", percentile(m.reload, 50), percentile(m.shared, 50))
	}
	return nil
}

// visitAll requests every route once (next dev compiles each on its first
// request), checks every answer, and records how long that took.
func (c *config) visitAll(t *target, p *proc, cl *client, r int) error {
	t0 := time.Now()
	for _, rt := range t.app.routes {
		if _, err := cl.waitFor(p, time.Now(), rt.url(), "", startLimit); err != nil {
			return err
		}
	}
	if err := c.verify(t, cl); err != nil {
		return err
	}
	if r >= 0 {
		t.m.warmAll[r] = ms(time.Since(t0))
	}
	return nil
}

// verify checks that every route answers what the app's state says, so
// that the systems are known to serve equivalent apps.
func (c *config) verify(t *target, cl *client) error {
	for i, rt := range t.app.routes {
		if err := cl.check("GET", rt.url(), "", rt.expected(t.st.tokens[i], t.st.version)); err != nil {
			return err
		}
	}
	if err := cl.check("GET", itemsURL, "", itemsExpected(t.st.version)); err != nil {
		return err
	}
	return cl.check("POST", echoURL, echoBody, echoExpected(t.st.version))
}

// edit rewrites page route i with a new token and answers the time from
// the write to the first 200 carrying it, in ms. With idle, it first
// waits for the system to be idle.
func (c *config) edit(t *target, p *proc, cl *client, i int, idle bool) (float64, error) {
	if idle {
		c.settle(p)
	}
	t.st.tokens[i] = newToken("t")
	t0 := time.Now()
	if err := t.fl.writeRoute(t.dir, t.app, t.st, i); err != nil {
		return 0, err
	}
	d, err := cl.waitFor(p, t0, t.app.routes[i].url(), `"`+t.st.tokens[i]+`"`, reloadLimit)
	if err != nil {
		return 0, fmt.Errorf("edit of %s: %w", t.app.routes[i].name, err)
	}
	return ms(d), nil
}

// leak reloads t's app leakReloads times back to back (no idle wait) and
// samples the tree's RSS, idle, every fifth of the way.
func (c *config) leak(t *target) error {
	p, cl, t0, err := c.launch(t, fmt.Sprintf("%s-%d-leak.log", t.sys, t.app.n))
	if err != nil {
		return err
	}
	defer p.stop()
	defer cl.close()
	if _, err := cl.waitFor(p, t0, t.app.routes[0].url(), "", startLimit); err != nil {
		return err
	}
	if err := c.visitAll(t, p, cl, -1); err != nil {
		return err
	}
	sample := func(k int) {
		c.settle(p)
		rss := treeRSS(p.pid())
		t.m.leak = append(t.m.leak, leakPoint{k, rss})
		logf("  after %d reloads: %.1f MB (%d processes)", k, rss, len(descendants(p.pid()))+1)
	}
	sample(0)
	step := max(c.leakReloads/5, 1)
	for k := 1; k <= c.leakReloads; k++ {
		if _, err := c.edit(t, p, cl, k%len(t.app.routes), false); err != nil {
			return err
		}
		if k%step == 0 || k == c.leakReloads {
			sample(k)
		}
	}
	return c.verify(t, cl)
}

// settle waits for p's tree to be idle (see waitIdle), for at most
// idleLimit, and counts the time and the waits that hit the limit.
func (c *config) settle(p *proc) {
	d := waitIdle(p.pid(), c.idleLimit)
	c.settled += d
	if d >= c.idleLimit {
		c.unsettled++
	}
}

var tokenSeq int

// newToken is a token no file has held before.
func newToken(prefix string) string {
	tokenSeq++
	return prefix + strconv.FormatInt(time.Now().UnixNano()%1e9, 36) + "x" + strconv.Itoa(tokenSeq)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
