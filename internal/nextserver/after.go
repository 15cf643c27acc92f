package nextserver

import (
	"context"

	"github.com/devserver/devserver/internal/nextserver/hook"
)

// Afterer is what a request carries in its context for next.After.
type Afterer = hook.Afterer

// WithAfterer returns ctx carrying a for next.After.
func WithAfterer(ctx context.Context, a Afterer) context.Context {
	return context.WithValue(ctx, hook.AfterKey{}, a)
}
