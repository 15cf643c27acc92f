// Package telemetry owns the OpenTelemetry tracing of requests: a server
// span per request, named by its route, exported where the standard OTEL_*
// environment variables say. Nothing is set up, and the server does no
// OpenTelemetry work per request, unless they ask for traces.
package telemetry

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// Enabled reports whether the environment asks for traces: an OTLP
// endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
// or an OTEL_TRACES_EXPORTER other than "none", and not OTEL_SDK_DISABLED.
func Enabled(getenv func(string) string) bool {
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		return false
	}
	switch exp := getenv("OTEL_TRACES_EXPORTER"); {
	case exp == "none":
		return false
	case exp != "":
		return true
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// Tracer makes a server span of each request (server.RequestTracer).
type Tracer struct {
	tracer     trace.Tracer
	propagator propagation.TextMapPropagator
	provider   *sdktrace.TracerProvider
}

// FromEnv returns the Tracer the environment configures, or nil when it
// asks for no traces (see Enabled). OTEL_TRACES_EXPORTER may be "otlp"
// (the default: OTLP over HTTP, or over gRPC when
// OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL says
// grpc, configured by the OTEL_EXPORTER_OTLP_* variables, which the
// exporter reads itself) or "console" (JSON on stdout); OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the
// service, which is serviceName otherwise. Incoming W3C traceparent and
// baggage headers are honoured.
func FromEnv(ctx context.Context, serviceName string) (*Tracer, error) {
	if !Enabled(os.Getenv) {
		return nil, nil
	}
	exp, err := exporter(ctx, os.Getenv("OTEL_TRACES_EXPORTER"))
	if err != nil {
		return nil, err
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(attribute.String("service.name", serviceName)))
	if err != nil {
		return nil, fmt.Errorf("opentelemetry resource: %w", err)
	}
	// The environment's OTEL_SERVICE_NAME and attributes win over the default.
	if env, err := resource.New(ctx, resource.WithFromEnv()); err == nil {
		if merged, err := resource.Merge(res, env); err == nil {
			res = merged
		}
	}
	provider := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	return New(provider), nil
}

// exporter returns the span exporter named by OTEL_TRACES_EXPORTER.
func exporter(ctx context.Context, name string) (sdktrace.SpanExporter, error) {
	switch name {
	case "", "otlp":
		protocol, from := otlpProtocol(os.Getenv)
		return otlpExporter(ctx, protocol, from)
	case "console":
		exp, err := stdouttrace.New()
		if err != nil {
			return nil, fmt.Errorf("opentelemetry console exporter: %w", err)
		}
		return exp, nil
	}
	return nil, fmt.Errorf("OTEL_TRACES_EXPORTER=%s: devserver exports traces with otlp or console", name)
}

// otlpProtocol returns the OTLP protocol the environment asks for traces:
// OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL,
// else http/protobuf (the specification's default), with the name of the
// variable that gave it.
func otlpProtocol(getenv func(string) string) (protocol, from string) {
	for _, name := range []string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		if p := getenv(name); p != "" {
			return p, name
		}
	}
	return "http/protobuf", ""
}

// otlpExporter returns the OTLP exporter for protocol, grpc or
// http/protobuf; each reads the rest of its OTEL_EXPORTER_OTLP_* variables
// (endpoint, headers, TLS, timeout, compression) itself.
func otlpExporter(ctx context.Context, protocol, from string) (sdktrace.SpanExporter, error) {
	var exp sdktrace.SpanExporter
	var err error
	switch protocol {
	case "http/protobuf":
		exp, err = otlptracehttp.New(ctx)
	case "grpc":
		exp, err = otlptracegrpc.New(ctx)
	default:
		return nil, fmt.Errorf("%s=%s: devserver exports OTLP over grpc or http/protobuf", from, protocol)
	}
	if err != nil {
		return nil, fmt.Errorf("opentelemetry OTLP exporter (%s): %w", protocol, err)
	}
	return exp, nil
}

// New returns a Tracer making its spans with provider (tests pass one
// recording them).
func New(provider *sdktrace.TracerProvider) *Tracer {
	return &Tracer{
		tracer:     provider.Tracer("github.com/devserver/devserver"),
		propagator: propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}),
		provider:   provider,
	}
}

// Start starts the server span of r, a child of the trace its headers
// carry, and returns r carrying it and the function that ends it once the
// route (its pattern, "" when none matched) and the status are known.
func (t *Tracer) Start(r *http.Request) (*http.Request, func(route string, status int)) {
	ctx := t.propagator.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
	ctx, span := t.tracer.Start(ctx, r.Method, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
		semconv.HTTPRequestMethodKey.String(r.Method),
		semconv.URLPath(r.URL.Path),
		semconv.URLScheme(scheme(r)),
		semconv.ServerAddress(r.Host),
	))
	return r.WithContext(ctx), func(route string, status int) {
		if route != "" {
			// Next.js names the span of a request by its method and route.
			span.SetName(r.Method + " " + route)
			span.SetAttributes(semconv.HTTPRoute(route))
		}
		span.SetAttributes(semconv.HTTPResponseStatusCode(status))
		if status >= 500 {
			span.SetStatus(codes.Error, http.StatusText(status))
		}
		span.End()
	}
}

// Shutdown sends the spans not sent yet and stops the exporter.
func (t *Tracer) Shutdown(ctx context.Context) error {
	return t.provider.Shutdown(ctx)
}

func scheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	return "http"
}
