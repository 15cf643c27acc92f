package next

import (
	"os"
	"testing"
)

// Env returns the environment the app runs in, as Next.js's NODE_ENV:
// "development" under the dev server, "production" in a binary made by
// devserver build, "test" in tests. NODE_ENV set by the process wins (the
// servers set it only when it is unset); with none, code run by go test is
// in "test" and any other in "development".
func Env() string {
	if v := os.Getenv("NODE_ENV"); v != "" {
		return v
	}
	if testing.Testing() {
		return "test"
	}
	return "development"
}

// IsDev reports whether Env is "development".
func IsDev() bool { return Env() == "development" }

// IsProduction reports whether Env is "production".
func IsProduction() bool { return Env() == "production" }
