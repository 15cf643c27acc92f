package telemetry_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/devserver/devserver/approuter"
	"github.com/devserver/devserver/internal/telemetry"
	"github.com/devserver/devserver/next"
	"github.com/devserver/devserver/serve"
	"github.com/devserver/devserver/server"
)

func TestEnabled(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{nil, false},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, true},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, true},
		{map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, true},
		{map[string]string{"OTEL_TRACES_EXPORTER": "console"}, true},
		{map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, false},
		{map[string]string{"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, false},
		{map[string]string{"OTEL_SERVICE_NAME": "shop"}, false},
	} {
		if got := telemetry.Enabled(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("Enabled(%v) = %v, want %v", c.env, got, c.want)
		}
	}
}

// testServer serves a compiled app: /users/[id] answers its id, /boom
// panics.
func testServer(t testing.TB) *server.Server {
	t.Helper()
	s := serve.Compiled(server.App{Dir: ".", AppDir: "app", Routes: []string{"users/[id]/route.go", "boom/route.go"}}, []approuter.Loaded{
		{File: "app/users/[id]/route.go", Handlers: map[string]any{"GET": func(req *next.Request, ctx next.RouteContext) *next.Response {
			return next.NewResponse(ctx.Params.Get("id"))
		}}},
		{File: "app/boom/route.go", Handlers: map[string]any{"GET": func(req *next.Request) *next.Response {
			panic(errors.New("boom"))
		}}},
	})
	s.Production = true
	s.Reload(context.Background(), nil)
	return s
}

func get(s http.Handler, target string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", target, nil)
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// TestServerSpans checks the span of each request: a server span named by
// the method and the route, child of the trace the request carries, with
// the route, status and an error status for a 500.
func TestServerSpans(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	s := testServer(t)
	s.Tracer = telemetry.New(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))

	parent := "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	if w := get(s, "/users/42", http.Header{"Traceparent": {parent}}); w.Body.String() != "42" {
		t.Fatalf("GET /users/42: %d %q", w.Code, w.Body)
	}
	get(s, "/boom", nil)
	get(s, "/nowhere", nil)

	spans := rec.Ended()
	if len(spans) != 3 {
		t.Fatalf("%d spans ended, want 3", len(spans))
	}
	for i, want := range []struct {
		name, route string
		status      int
		code        codes.Code
	}{
		{"GET /users/[id]", "/users/[id]", 200, codes.Unset},
		{"GET /boom", "/boom", 500, codes.Error},
		{"GET", "", 404, codes.Unset},
	} {
		sp := spans[i]
		if sp.Name() != want.name || sp.SpanKind() != trace.SpanKindServer || sp.Status().Code != want.code {
			t.Errorf("span %d: %q kind %v status %v, want %q server %v", i, sp.Name(), sp.SpanKind(), sp.Status().Code, want.name, want.code)
		}
		attrs := attribute.NewSet(sp.Attributes()...)
		if v, _ := attrs.Value("http.response.status_code"); v.AsInt64() != int64(want.status) {
			t.Errorf("span %d: status code %v, want %d", i, v.String(), want.status)
		}
		if v, ok := attrs.Value("http.route"); want.route != "" && v.AsString() != want.route || want.route == "" && ok {
			t.Errorf("span %d: http.route %q, want %q", i, v.String(), want.route)
		}
	}
	if got := spans[0].Parent().TraceID().String(); got != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("span of a request with a traceparent is in trace %s, want its", got)
	}
}

// TestExportOTLP configures tracing from the environment, as a deployment
// does, and receives the span in an in-process OTLP/HTTP collector.
func TestExportOTLP(t *testing.T) {
	got := make(chan *collectortrace.ExportTraceServiceRequest, 10)
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req := new(collectortrace.ExportTraceServiceRequest)
		if r.URL.Path != "/v1/traces" || proto.Unmarshal(body, req) != nil {
			t.Errorf("collector: %s %s: not an OTLP trace export", r.Method, r.URL.Path)
		}
		got <- req
		w.Header().Set("Content-Type", "application/x-protobuf")
		b, _ := proto.Marshal(&collectortrace.ExportTraceServiceResponse{})
		w.Write(b)
	}))
	defer collector.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	t.Setenv("OTEL_SERVICE_NAME", "shop")
	exportOneRequest(t, got)
}

// TestExportOTLPGRPC is TestExportOTLP with OTLP over gRPC, to a gRPC
// collector in the process.
func TestExportOTLPGRPC(t *testing.T) {
	got := make(chan *collectortrace.ExportTraceServiceRequest, 10)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	collector := grpc.NewServer()
	collectortrace.RegisterTraceServiceServer(collector, grpcCollector{got: got})
	go collector.Serve(ln)
	defer collector.Stop()
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+ln.Addr().String()) // http: without TLS
	t.Setenv("OTEL_SERVICE_NAME", "shop")
	exportOneRequest(t, got)
}

// grpcCollector is an OTLP trace collector over gRPC handing each export
// to got.
type grpcCollector struct {
	collectortrace.UnimplementedTraceServiceServer
	got chan<- *collectortrace.ExportTraceServiceRequest
}

func (c grpcCollector) Export(_ context.Context, req *collectortrace.ExportTraceServiceRequest) (*collectortrace.ExportTraceServiceResponse, error) {
	c.got <- req
	return &collectortrace.ExportTraceServiceResponse{}, nil
}

// exportOneRequest makes the Tracer of the environment, serves one request
// with it, and checks the collector got its span, of service "shop".
func exportOneRequest(t *testing.T, got chan *collectortrace.ExportTraceServiceRequest) {
	t.Helper()
	tr, err := telemetry.FromEnv(context.Background(), "server")
	if err != nil || tr == nil {
		t.Fatalf("FromEnv = %v, %v", tr, err)
	}
	s := testServer(t)
	s.Tracer = tr
	get(s, "/users/7", nil)
	if err := tr.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	var names []string
	var service string
	for len(got) > 0 {
		for _, rs := range (<-got).ResourceSpans {
			for _, a := range rs.Resource.Attributes {
				if a.Key == "service.name" {
					service = a.Value.GetStringValue()
				}
			}
			for _, ss := range rs.ScopeSpans {
				for _, sp := range ss.Spans {
					names = append(names, sp.Name)
				}
			}
		}
	}
	if len(names) != 1 || names[0] != "GET /users/[id]" || service != "shop" {
		t.Errorf("collector received spans %q of service %q, want [GET /users/[id]] of shop", names, service)
	}
}

// TestUnsupportedProtocol checks that an OTLP protocol devserver does not
// export is refused, naming the variable that asked for it.
func TestUnsupportedProtocol(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json")
	if _, err := telemetry.FromEnv(context.Background(), "server"); err == nil || !strings.Contains(err.Error(), "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json") {
		t.Errorf("FromEnv with http/json: %v, want an error naming the variable", err)
	}
}

// TestTracingOffAllocs checks that a server without a Tracer does no
// tracing work: a request allocates less than with tracing on, by what a
// span costs (the figures are in the benchmark).
func TestTracingOffAllocs(t *testing.T) {
	s := testServer(t)
	off := testing.AllocsPerRun(200, func() { get(s, "/users/1", nil) })
	s.Tracer = telemetry.New(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tracetest.NewSpanRecorder())))
	on := testing.AllocsPerRun(200, func() { get(s, "/users/1", nil) })
	t.Logf("allocations per request: %.0f without a Tracer, %.0f with one", off, on)
	if off >= on {
		t.Errorf("a request allocates %.0f times without a Tracer, %.0f with one: tracing off is not free", off, on)
	}
}

// BenchmarkRequest measures a request without and with tracing.
func BenchmarkRequest(b *testing.B) {
	s := testServer(b)
	b.Run("off", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			get(s, "/users/1", nil)
		}
	})
	s.Tracer = telemetry.New(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sdktrace.NewBatchSpanProcessor(discard{}))))
	b.Run("on", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			get(s, "/users/1", nil)
		}
	})
}

type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }
