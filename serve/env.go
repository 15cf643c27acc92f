package serve

import (
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/internal/dotenv"
)

// loadEnv prepares a built binary's environment as next start does:
// NODE_ENV is production unless set, and the environment files of that
// mode in the working directory (.env, .env.production, .env.local,
// .env.production.local; .env.test and .env.test.local with NODE_ENV=test)
// add what the process environment does not set. It logs the files read
// and how many variables they set, never a value.
func loadEnv(logger *log.Logger) error {
	mode := dotenv.Mode(dotenv.Production)
	if os.Getenv("NODE_ENV") == "" {
		if err := os.Setenv("NODE_ENV", mode); err != nil {
			return fmt.Errorf("set NODE_ENV: %w", err)
		}
	}
	l := dotenv.Load(".", mode)
	for _, f := range l.Failed {
		logger.Warn("environment file not loaded: it does not parse", "file", f)
	}
	n, err := l.Apply()
	if err != nil {
		return fmt.Errorf("environment files: %w", err)
	}
	if len(l.Files) > 0 {
		logger.Info("- environments: "+strings.Join(l.Files, ", "), "vars", n)
	}
	return nil
}
