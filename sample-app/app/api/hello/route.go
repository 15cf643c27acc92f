// Package route greets with GREETING, from sample-app/.env in dev (or the
// process environment, which wins).
package route

import (
	"os"

	"github.com/devserver/devserver/next"
)

func GET(req *next.Request) *next.Response {
	greeting := os.Getenv("GREETING")
	if greeting == "" {
		greeting = "Hello"
	}
	return next.JSON(map[string]string{"greeting": greeting})
}
