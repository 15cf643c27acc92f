package approuter

import (
	"os"
	"path/filepath"
)

// InstrumentationFile is the name of the instrumentation file in the
// project directory, beside app/ (in src/ for src/app), as Next.js's
// instrumentation.ts.
const InstrumentationFile = "instrumentation.go"

// InstrumentationNames are the functions an instrumentation file may
// declare: Register, run when the server starts (and in dev again when the
// file reloads), and OnRequestError, told of every error a request ends
// in.
var InstrumentationNames = []string{"Register", "OnRequestError"}

// FindInstrumentation returns the instrumentation file of the project in
// dir, or "" when it has none.
func FindInstrumentation(dir string) string {
	p := filepath.Join(dir, InstrumentationFile)
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
		return p
	}
	return ""
}
