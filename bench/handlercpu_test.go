//go:build unix

package bench

import (
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
)

// BenchmarkJSONGetCPU serves the JSON GET through the built server's
// handler (serve.Built, as a binary of devserver build runs it) and
// through the bare net/http handler, with no network and a response
// writer that keeps nothing, and reports the process's CPU time per
// request (cpu-ns/op: user and system, the collector's included) beside
// the allocations. On a machine busy with other work, CPU time moves less
// than wall time; what it leaves out is net/http's connection handling,
// which is the same for both (BenchmarkBuiltVsNetHTTP has it).
func BenchmarkJSONGetCPU(b *testing.B) {
	for _, v := range []struct {
		name    string
		handler func() http.Handler
	}{
		{"built", func() http.Handler { srv, _, _ := builtHandler(); return srv }},
		{"nethttp", bareHandler},
	} {
		b.Run(v.name, func(b *testing.B) {
			h := v.handler()
			req := httptest.NewRequest(http.MethodGet, jsonURL, nil)
			req.Host = "127.0.0.1:3000" // as over loopback: the Host check passes
			req.Body = http.NoBody      // as net/http gives a GET
			w := &discardWriter{}
			b.ReportAllocs()
			b.ResetTimer()
			start := processCPU()
			for i := 0; i < b.N; i++ {
				w.header, w.code = make(http.Header), 0
				r := *req // net/http makes a request per request
				h.ServeHTTP(w, &r)
				if w.code != http.StatusOK {
					b.Fatalf("status %d", w.code)
				}
			}
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// discardWriter is an http.ResponseWriter that keeps the status and
// nothing else, as cheap as one can be.
type discardWriter struct {
	header http.Header
	code   int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *discardWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}

// processCPU returns the CPU time the process has used, in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
