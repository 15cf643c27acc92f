//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// label is a system's column title.
func (c *config) label(s string) string {
	switch s {
	case "devserver":
		return "devserver"
	case "native":
		return "devserver build"
	case "next":
		return "next dev"
	case "air":
		return "air + net/http"
	}
	return s
}

func (c *config) detectVersions() map[string]string {
	v := map[string]string{}
	out := func(dir string, argv ...string) string {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = dir
		b, _ := cmd.CombinedOutput()
		return strings.TrimSpace(string(b))
	}
	v["go"] = strings.TrimPrefix(out("", "go", "version"), "go version ")
	v["devserver"] = out(c.root, "git", "describe", "--always", "--dirty")
	if d := out(c.root, "git", "log", "-1", "--format=%cs"); d != "" {
		v["devserver"] += " (" + d + ")"
	}
	if slices.Contains(c.systems, "next") {
		v["node"] = out("", c.node, "--version")
		var pkg struct{ Version string }
		b, _ := os.ReadFile(filepath.Join(c.nextModules, "node_modules", "next", "package.json"))
		json.Unmarshal(b, &pkg)
		v["next"] = pkg.Version
		for _, dep := range []string{"react", "typescript"} {
			var p struct{ Version string }
			b, _ := os.ReadFile(filepath.Join(c.nextModules, "node_modules", dep, "package.json"))
			json.Unmarshal(b, &p)
			v[dep] = p.Version
		}
	}
	if slices.Contains(c.systems, "air") {
		for _, line := range strings.Split(out("", c.air, "-v"), "\n") {
			if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], "v") {
				v["air"] = strings.TrimSuffix(f[0], ",")
			}
		}
	}
	if c.wrk != "" {
		v["wrk"] = strings.SplitN(out("", c.wrk, "-v"), "\n", 2)[0]
	}
	return v
}

// --- statistics --------------------------------------------------------------

// percentile is the p-th percentile of xs (linear interpolation between
// closest ranks), NaN for none. NaNs are ignored.
func percentile(xs []float64, p float64) float64 {
	s := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return math.NaN()
	}
	slices.Sort(s)
	pos := p / 100 * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

func median(xs []float64) float64 { return percentile(xs, 50) }

// roundRatio is the median over rounds of a[r]/b[r].
func roundRatio(a, b []float64) float64 {
	var rs []float64
	for r := range min(len(a), len(b)) {
		if !math.IsNaN(a[r]) && !math.IsNaN(b[r]) && b[r] > 0 {
			rs = append(rs, a[r]/b[r])
		}
	}
	return median(rs)
}

func wrkField(ws []wrkResult, f func(wrkResult) float64) []float64 {
	out := make([]float64, len(ws))
	for i, w := range ws {
		out[i] = math.NaN()
		if w.rps > 0 {
			out[i] = f(w)
		}
	}
	return out
}

func rps(w wrkResult) float64    { return w.rps }
func wrkP50(w wrkResult) float64 { return w.p50 }
func wrkP99(w wrkResult) float64 { return w.p99 }

// --- formatting ---------------------------------------------------------------

// num formats a measure: more decimals for small values, — for none.
func num(v float64) string {
	switch {
	case math.IsNaN(v):
		return "—"
	case v < 10:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case v < 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func pair(a, b float64) string {
	if math.IsNaN(a) {
		return "—"
	}
	return num(a) + " / " + num(b)
}

// met is "yes", "**no**" or "n/a".
func met(ok bool, v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case ok:
		return "yes"
	}
	return "**no**"
}

// --- the report -----------------------------------------------------------------

func (c *config) report(targets map[int]map[string]*target) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	has := func(s string) bool { return slices.Contains(c.systems, s) }
	v := c.versions

	title := "devserver compared with next dev, its own native build and air"
	if c.smoke {
		title = "bench/compare smoke run (not a measurement)"
	}
	p("# %s\n\n", title)
	p("- date: %s\n", c.started.UTC().Format("2006-01-02 15:04 UTC"))
	p("- machine: %d cores (nproc), %s, %s, %s RAM; load average %s at the start, %s at the end\n",
		runtime.NumCPU(), cpuModel(), kernel(), memTotal(), c.loadBefore, c.loadEnd)
	p("- devserver %s, built with %s", v["devserver"], v["go"])
	if !c.check {
		p(", run with `--check=false`")
	} else {
		p(", run as shipped: background type check on (the default), a log line per request")
	}
	p("\n")
	if has("native") {
		p("- devserver build: the same app compiled by `devserver build` (a log line per request too)\n")
	}
	if has("next") {
		p("- next dev: Next.js %s (Turbopack), node %s, react %s, typescript %s; `NEXT_TELEMETRY_DISABLED=1`, a fresh `.next` at each start\n",
			v["next"], v["node"], v["react"], v["typescript"])
	}
	if has("air") {
		p("- air %s (`delay = 1`) rebuilding and restarting one net/http `main.go` (ServeMux, the same handlers, no request log)\n", v["air"])
	}
	if c.wrk != "" {
		p("- %s: `wrk -t2 -c32 -d%ds --latency`, after a %s warm-up\n", v["wrk"], int(c.wrkDuration.Seconds()), c.wrkWarm)
	}
	p("- command: `%s`\n", c.command)
	p("- %d round(s); in each, for each N, every system is started afresh in turn (the order rotating by round); %d route edits and %d shared-package edits per system, N and round\n\n",
		c.rounds, c.edits, c.sharedEdits)

	for _, n := range c.ns {
		ts := targets[n]
		d := ts["devserver"]
		p("## N = %d routes\n\n", n)
		others := []string{}
		for _, s := range []string{"next", "native", "air"} {
			if has(s) && d != nil {
				others = append(others, s)
			}
		}
		p("| measure |")
		for _, s := range c.systems {
			p(" %s |", c.label(s))
		}
		for _, s := range others {
			p(" devserver / %s |", c.label(s))
		}
		p("\n|---|")
		for range len(c.systems) + len(others) {
			p("---|")
		}
		p("\n")
		row := func(name string, cell func(t *target) string, ratio func(d, o *target) float64) {
			p("| %s |", name)
			for _, s := range c.systems {
				p(" %s |", cell(ts[s]))
			}
			for _, s := range others {
				r := math.NaN()
				if ratio != nil {
					r = ratio(d, ts[s])
				}
				p(" %s |", ratioText(r))
			}
			p("\n")
		}
		pct := func(xs []float64) (float64, float64) { return percentile(xs, 50), percentile(xs, 95) }
		row("reload, edit a route: p50 / p95 (ms)", func(t *target) string { return pair(pct(t.m.reload)) },
			func(d, o *target) float64 { return percentile(d.m.reload, 50) / percentile(o.m.reload, 50) })
		if c.sharedEdits > 0 {
			row("reload, edit the shared package: p50 / p95 (ms)", func(t *target) string { return pair(pct(t.m.shared)) },
				func(d, o *target) float64 { return percentile(d.m.shared, 50) / percentile(o.m.shared, 50) })
		}
		row("cold start: launch → first 200 (ms)", func(t *target) string { return num(median(t.m.cold)) },
			func(d, o *target) float64 { return roundRatio(d.m.cold, o.m.cold) })
		row("then the first request to every route, in turn (ms)", func(t *target) string { return num(median(t.m.warmAll)) },
			func(d, o *target) float64 { return roundRatio(d.m.warmAll, o.m.warmAll) })
		if c.wrk != "" {
			for _, w := range []struct {
				name string
				get  func(t *target) []wrkResult
			}{{"JSON GET", func(t *target) []wrkResult { return t.m.get }}, {"JSON POST", func(t *target) []wrkResult { return t.m.post }}} {
				row(w.name+", wrk (req/s)", func(t *target) string { return num(median(wrkField(w.get(t), rps))) },
					func(d, o *target) float64 { return roundRatio(wrkField(w.get(d), rps), wrkField(w.get(o), rps)) })
				row(w.name+", wrk latency p50 / p99 (ms; ratio of the p50s)", func(t *target) string {
					return pair(median(wrkField(w.get(t), wrkP50)), median(wrkField(w.get(t), wrkP99)))
				}, func(d, o *target) float64 { return roundRatio(wrkField(w.get(d), wrkP50), wrkField(w.get(o), wrkP50)) })
			}
		}
		row("RSS of the process tree, idle after visiting every route (MB)", func(t *target) string { return num(median(t.m.rssIdle)) },
			func(d, o *target) float64 { return roundRatio(d.m.rssIdle, o.m.rssIdle) })
		if c.wrk != "" {
			row("RSS of the process tree after the edits and wrk (MB)", func(t *target) string { return num(median(t.m.rssLoad)) },
				func(d, o *target) float64 { return roundRatio(d.m.rssLoad, o.m.rssLoad) })
		}
		if has("native") {
			row("`devserver build` of the app, once (ms)", func(t *target) string {
				if t.sys != "native" {
					return "—"
				}
				return num(t.m.build)
			}, nil)
		}
		var timeouts []string
		for _, s := range c.systems {
			n := 0
			for r := range c.rounds {
				n += ts[s].m.get[r].timeouts + ts[s].m.post[r].timeouts
			}
			if n > 0 {
				timeouts = append(timeouts, fmt.Sprintf("%s %d", c.label(s), n))
			}
		}
		if len(timeouts) > 0 {
			p("\nwrk requests that timed out (no answer within 2 s): %s.\n", strings.Join(timeouts, ", "))
		}
		p("\n")
	}

	if len(c.failures) > 0 {
		p("## Failures\n\nThese sessions stopped early; their remaining measures are missing above.\n\n")
		for _, f := range c.failures {
			first, _, _ := strings.Cut(f, "\n")
			p("- %s\n", first)
		}
		p("\n")
	}
	c.leakSection(&b, targets)
	c.targetSection(&b, targets)
	c.methodSection(&b)
	return b.String()
}

func ratioText(r float64) string {
	switch {
	case math.IsNaN(r) || math.IsInf(r, 0):
		return "—"
	case r < 0.1:
		return strconv.FormatFloat(r, 'g', 2, 64) + "×"
	}
	return num(r) + "×"
}

func (c *config) leakSection(b *strings.Builder, targets map[int]map[string]*target) {
	if c.leakReloads == 0 || len(c.leakSystems) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("## RSS over %d reloads (N = %d)\n\n", c.leakReloads, c.leakN)
	p("Route edits back to back (no idle wait), rotating over the routes; the tree's RSS sampled once idle. Measured for %s",
		strings.Join(mapLabels(c, c.leakSystems), " and "))
	if slices.Contains(c.systems, "air") {
		p(" (not air: every reload is a new process)")
	}
	p(".\n\n")
	var pts []leakPoint
	for _, s := range c.leakSystems {
		if t := targets[c.leakN][s]; t != nil && len(t.m.leak) > len(pts) {
			pts = t.m.leak
		}
	}
	p("| system |")
	for _, pt := range pts {
		p(" after %d (MB) |", pt.reloads)
	}
	p(" growth (MB) |\n|---|")
	for range len(pts) + 1 {
		p("---|")
	}
	p("\n")
	for _, s := range c.leakSystems {
		t := targets[c.leakN][s]
		if t == nil || len(t.m.leak) == 0 {
			continue
		}
		p("| %s |", c.label(s))
		for _, pt := range t.m.leak {
			p(" %s |", num(pt.rss))
		}
		p(" %s |\n", signed(leakGrowth(t)))
	}
	p("\n")
}

func leakGrowth(t *target) float64 {
	if t == nil || len(t.m.leak) < 2 {
		return math.NaN()
	}
	return t.m.leak[len(t.m.leak)-1].rss - t.m.leak[0].rss
}

func signed(v float64) string {
	if v >= 0 {
		return "+" + num(v)
	}
	return "−" + num(-v)
}

func mapLabels(c *config, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = c.label(s)
	}
	return out
}

func (c *config) targetSection(b *strings.Builder, targets map[int]map[string]*target) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("## Targets (issue 5), devserver against the others in this run\n\n")
	p("| target | N | devserver | other | devserver / other | met |\n|---|---|---|---|---|---|\n")
	for _, n := range c.ns {
		ts := targets[n]
		d := ts["devserver"]
		if d == nil {
			continue
		}
		cmp := func(name, other string, dv, ov, ratio, limit float64, atMost bool) {
			if ts[other] == nil {
				return
			}
			ok := ratio <= limit
			if !atMost {
				ok = ratio >= limit
			}
			p("| %s | %d | %s | %s | %s | %s |\n", name, n, num(dv), num(ov), ratioText(ratio), met(ok, ratio))
		}
		dr, nr, ar := percentile(d.m.reload, 50), math.NaN(), math.NaN()
		if t := ts["next"]; t != nil {
			nr = percentile(t.m.reload, 50)
		}
		if t := ts["air"]; t != nil {
			ar = percentile(t.m.reload, 50)
		}
		cmp("reload p50 ≤ next dev's (ms)", "next", dr, nr, dr/nr, 1, true)
		cmp("reload p50 ≤ 1/15 of air's (ms)", "air", dr, ar, dr/ar, 1.0/15, true)
		if n == 10 {
			p("| reload p50 ≤ 15 ms | 10 | %s | — | — | %s |\n", num(dr), met(dr <= 15, dr))
		}
		if t := ts["next"]; t != nil {
			cmp("cold start ≤ 1/2 of next dev's (ms)", "next", median(d.m.cold), median(t.m.cold), roundRatio(d.m.cold, t.m.cold), 0.5, true)
		}
		if c.wrk != "" {
			dg := wrkField(d.m.get, rps)
			if t := ts["native"]; t != nil {
				og := wrkField(t.m.get, rps)
				cmp("JSON GET req/s ≥ 0.85 of devserver build's", "native", median(dg), median(og), roundRatio(dg, og), 0.85, false)
			}
			if t := ts["next"]; t != nil {
				og := wrkField(t.m.get, rps)
				cmp("JSON GET req/s ≥ 50× next dev's", "next", median(dg), median(og), roundRatio(dg, og), 50, false)
			}
		}
		if t := ts["next"]; t != nil {
			cmp("RSS idle ≤ 1/3 of next dev's tree (MB)", "next", median(d.m.rssIdle), median(t.m.rssIdle), roundRatio(d.m.rssIdle, t.m.rssIdle), 1.0/3, true)
			if c.wrk != "" {
				cmp("RSS after load ≤ 1/3 of next dev's tree (MB)", "next", median(d.m.rssLoad), median(t.m.rssLoad), roundRatio(d.m.rssLoad, t.m.rssLoad), 1.0/3, true)
			}
		}
	}
	if c.leakReloads > 0 && slices.Contains(c.leakSystems, "devserver") {
		g := leakGrowth(targets[c.leakN]["devserver"])
		p("| RSS growth over %d reloads ≤ 10 MB | %d | %s | — | — | %s |\n", c.leakReloads, c.leakN, signed(g), met(g <= 10, g))
	}
	p("\n")
}

func (c *config) methodSection(b *strings.Builder) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p(`## How it is measured

- The apps: N routes, N−2 of them rotating over static (`+"`app/s<i>`"+`), dynamic (`+"`app/r<i>/[id]`"+`) and
  catch-all (`+"`app/c<i>/[...slug]`"+`) folders, plus a JSON GET (`+"`/api/items/[id]?name=ada`"+`) and a JSON POST
  (`+"`/api/echo`"+`, the decoded body sent back); every route imports a shared package. Written as `+"`route.go`"+`
  files for devserver and devserver build, `+"`route.ts`"+` files and `+"`lib/shared.ts`"+` for next dev, and one
  net/http `+"`main.go`"+` (ServeMux patterns such as `+"`GET /r1/{id}`"+`, `+"`GET /c2/{slug...}`"+`) for air. Every
  answer of every system is checked against the same expected JSON, after the start and after the edits.
- Cold start: from just before the process is launched to the first 200 from a route. next dev compiles
  that route then; air builds the binary first (with a warm Go build cache).
- Then every route is requested once, so that next dev's first compile of a route is not counted as a reload.
- Reload: the system's process tree is first let go idle (at most 2 clock ticks of CPU in 400 ms, waiting at
  most %s), which also lets devserver's background type check finish; then a route file is written in place
  with a new token (rotating over the routes; for air, `+"`main.go`"+`, which holds every route), and the route
  is polled (a request, then 1 ms of sleep) until a 200 carries the token. The time runs from just before the
  write. For next dev it includes compiling the route on that request; for air, the rebuild and restart.
  The shared edit changes the shared package's version and polls the first route. p50/p95 over every edit of
  every round.
- Throughput: wrk against the JSON GET and the JSON POST, after the edits. Ratios of throughput, cold start
  and RSS are medians of the per-round ratios; ratios of reload times are ratios of the p50s.
- RSS: the sum of VmRSS (/proc/<pid>/status) of the process and all its descendants (through the ppid of
  every process): next dev's node server child, air's built binary, devserver's go build/go vet while they
  run. Pages shared between the processes count once per process.
`, c.idleLimit)
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func kernel() string {
	b, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return "Linux " + strings.TrimSpace(string(b))
}

func memTotal() string {
	b, _ := os.ReadFile("/proc/meminfo")
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseFloat(f[0], 64)
				return fmt.Sprintf("%.0f GB", kb/1024/1024)
			}
		}
	}
	return "?"
}

// --- the chart -------------------------------------------------------------------

// chart draws reload p50 against N, both on log axes: a solid line per
// system for route edits, a dashed one for shared-package edits.
func (c *config) chart(targets map[int]map[string]*target) string {
	const (
		w, h                 = 760, 440
		left, right, top, bo = 70, 220, 50, 60
	)
	colors := map[string]string{"devserver": "#1a7f37", "next": "#111111", "air": "#d9480f"}
	var systems []string
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range c.systems {
		if _, ok := colors[s]; !ok {
			continue
		}
		systems = append(systems, s)
		for _, n := range c.ns {
			if t := targets[n][s]; t != nil {
				for _, v := range []float64{percentile(t.m.reload, 50), percentile(t.m.shared, 50)} {
					if !math.IsNaN(v) && v > 0 {
						lo, hi = math.Min(lo, v), math.Max(hi, v)
					}
				}
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 1, 1000
	}
	// y ticks on a 1-2-5 series spanning the data
	var ticks []float64
	for e := math.Floor(math.Log10(lo)) - 1; e <= math.Ceil(math.Log10(hi)); e++ {
		for _, m := range []float64{1, 2, 5} {
			ticks = append(ticks, m*math.Pow(10, e))
		}
	}
	yMin, yMax := ticks[0], ticks[len(ticks)-1]
	// with a margin, so that no point sits on the frame
	for _, t := range ticks {
		if t <= lo/1.25 {
			yMin = t
		}
	}
	for i := len(ticks) - 1; i >= 0; i-- {
		if ticks[i] >= hi*1.25 {
			yMax = ticks[i]
		}
	}
	if yMax <= yMin {
		yMax = yMin * 10
	}
	nMin, nMax := float64(c.ns[0]), float64(c.ns[len(c.ns)-1])
	if nMax == nMin {
		nMin, nMax = nMin/2, nMax*2
	}
	pw, ph := float64(w-left-right), float64(h-top-bo)
	x := func(n float64) float64 {
		return left + 20 + (pw-40)*(math.Log(n)-math.Log(nMin))/(math.Log(nMax)-math.Log(nMin))
	}
	y := func(v float64) float64 {
		return top + ph - ph*(math.Log(v)-math.Log(yMin))/(math.Log(yMax)-math.Log(yMin))
	}

	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`+"\n", w, h, w, h)
	p(`<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", w, h)
	p(`<text x="%d" y="24" font-size="15" font-weight="600" fill="#111">Reload: file saved → first response with the new code (p50)</text>`+"\n", left)
	p(`<text x="%d" y="41" fill="#555">%s; %d core(s); log scales</text>`+"\n", left, c.started.UTC().Format("2006-01-02"), runtime.NumCPU())
	// grid and y labels
	for _, t := range ticks {
		if t < yMin || t > yMax {
			continue
		}
		p(`<line x1="%d" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#e5e5e5"/>`+"\n", left, float64(left)+pw, y(t), y(t))
		p(`<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>`+"\n", left-6, y(t)+4, tickText(t))
	}
	p(`<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle" fill="#333">ms (log)</text>`+"\n", top+ph/2)
	// x axis
	p(`<line x1="%d" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#888"/>`+"\n", left, float64(left)+pw, top+ph, top+ph)
	p(`<line x1="%d" x2="%d" y1="%d" y2="%.1f" stroke="#888"/>`+"\n", left, left, top, top+ph)
	for _, n := range c.ns {
		p(`<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#888"/>`+"\n", x(float64(n)), x(float64(n)), top+ph, top+ph+5)
		p(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333">%d</text>`+"\n", x(float64(n)), top+ph+19, n)
	}
	p(`<text x="%.1f" y="%d" text-anchor="middle" fill="#333">routes in the app (N, log)</text>`+"\n", float64(left)+pw/2, h-14)
	// lines
	for _, s := range systems {
		for _, kind := range []string{"route", "shared"} {
			var pts []string
			type dot struct{ x, y, v, shared float64 }
			var dots []dot
			for _, n := range c.ns {
				t := targets[n][s]
				if t == nil {
					continue
				}
				xs := t.m.reload
				if kind == "shared" {
					xs = t.m.shared
				}
				v := percentile(xs, 50)
				if math.IsNaN(v) || v <= 0 {
					continue
				}
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(float64(n)), y(v)))
				dots = append(dots, dot{x(float64(n)), y(v), v, percentile(t.m.shared, 50)})
			}
			if len(pts) == 0 {
				continue
			}
			dash := ""
			if kind == "shared" {
				dash = ` stroke-dasharray="6 4"`
			}
			p(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2.2"%s/>`+"\n", strings.Join(pts, " "), colors[s], dash)
			for _, d := range dots {
				if kind == "route" {
					p(`<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`+"\n", d.x, d.y, colors[s])
					// the value on the side away from the dashed line
					dy := -6.0
					if d.shared > d.v {
						dy = 15
					}
					p(`<text x="%.1f" y="%.1f" fill="%s" font-size="11">%s</text>`+"\n", d.x+6, d.y+dy, colors[s], num(d.v))
				} else {
					p(`<circle cx="%.1f" cy="%.1f" r="3" fill="#fff" stroke="%s" stroke-width="1.5"/>`+"\n", d.x, d.y, colors[s])
				}
			}
		}
	}
	// legend
	lx, ly := float64(w-right+20), float64(top+10)
	for i, s := range systems {
		yy := ly + float64(i)*22
		p(`<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2.2"/>`+"\n", lx, lx+24, yy, yy, colors[s])
		p(`<text x="%.1f" y="%.1f" fill="#111">%s</text>`+"\n", lx+30, yy+4, c.legend(s))
	}
	yy := ly + float64(len(systems))*22 + 8
	p(`<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#555" stroke-width="2.2"/>`+"\n", lx, lx+24, yy, yy)
	p(`<text x="%.1f" y="%.1f" fill="#555">edit a route</text>`+"\n", lx+30, yy+4)
	yy += 20
	p(`<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#555" stroke-width="2.2" stroke-dasharray="6 4"/>`+"\n", lx, lx+24, yy, yy)
	p(`<text x="%.1f" y="%.1f" fill="#555">edit the shared package</text>`+"\n", lx+30, yy+4)
	p("</svg>\n")
	return b.String()
}

func (c *config) legend(s string) string {
	switch s {
	case "next":
		return "next dev " + c.versions["next"]
	case "air":
		return "air " + c.versions["air"] + " + net/http"
	}
	return c.label(s)
}

func tickText(t float64) string {
	if t >= 1000 {
		return strconv.FormatFloat(t/1000, 'g', -1, 64) + " s"
	}
	return strconv.FormatFloat(t, 'g', -1, 64)
}
