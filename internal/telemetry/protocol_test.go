package telemetry

import "testing"

// TestOTLPProtocol checks which variable chooses the OTLP protocol: the
// traces one over the general one, http/protobuf when neither is set.
func TestOTLPProtocol(t *testing.T) {
	for _, c := range []struct {
		traces, general string
		want, from      string
	}{
		{"", "", "http/protobuf", ""},
		{"", "grpc", "grpc", "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{"grpc", "", "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"},
		{"http/protobuf", "grpc", "http/protobuf", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"},
		{"grpc", "http/protobuf", "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"},
	} {
		env := map[string]string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": c.traces, "OTEL_EXPORTER_OTLP_PROTOCOL": c.general}
		got, from := otlpProtocol(func(k string) string { return env[k] })
		if got != c.want || from != c.from {
			t.Errorf("traces %q, general %q: %q from %q; want %q from %q", c.traces, c.general, got, from, c.want, c.from)
		}
	}
}
