// Package bench holds devserver's benchmarks: reload latency, JSON GET
// throughput (interpreted, compiled through the same server, bare net/http)
// and idle memory. Run them with bench/run; docs/benchmarks.md has results.
package bench
