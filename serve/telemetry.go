package serve

import (
	"context"
	"time"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/internal/telemetry"
	"github.com/devserver/devserver/server"
)

// OpenTracing gives s the OpenTelemetry tracer the standard OTEL_*
// environment variables configure, if they ask for traces (see
// telemetry.Enabled); service names the service unless OTEL_SERVICE_NAME
// does. close sends the spans not sent yet.
func OpenTracing(s *server.Server, service string, logger *log.Logger) (close func(), err error) {
	t, err := telemetry.FromEnv(context.Background(), service)
	if err != nil || t == nil {
		return func() {}, err
	}
	s.Tracer = t
	if logger != nil {
		logger.Info("tracing requests with OpenTelemetry")
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := t.Shutdown(ctx); err != nil && logger != nil {
			logger.Warn("opentelemetry: sending the last spans failed", "err", err)
		}
	}, nil
}
