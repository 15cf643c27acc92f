package dev_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/dev"
	"github.com/devserver/devserver/internal/apptest"
)

// TestEnvFiles checks that route code sees the variables of .env files
// with next dev's precedence (the process environment first, then
// .env.development.local, .env.local, .env.development, .env), that a
// changed file is reloaded, and that no value is ever logged.
func TestEnvFiles(t *testing.T) {
	t.Setenv("DEVSERVER_TEST_PROCESS", "process")
	var logs apptest.LockedBuffer
	a := startApp(t, map[string]string{
		".env":             "A=env-a\nB=env-b\nC=env-c\nD=env-d\nDEVSERVER_TEST_PROCESS=file\nSECRET=hunter2\n",
		".env.development": "B=development-b\nC=development-c\nD=development-d\n",
		".env.local":       "C=local-c\nD=local-d\n",
		"app/env/route.go": goRoute(`func GET(req *next.Request) *next.Response {
	var out []string
	for _, k := range []string{"A", "B", "C", "D", "DEVSERVER_TEST_PROCESS"} {
		out = append(out, os.Getenv(k))
	}
	return next.NewResponse(strings.Join(out, " "))
}`, "os", "strings"),
	}, func(o *dev.Options) { o.Logger = log.New(&logs) })

	expect(t, "GET /env", a.get(t, "/env"), 200, "env-a development-b local-c local-d process")
	a.write(t, ".env.development.local", "D=development-local-d\n")
	a.waitBody(t, "/env", "env-a development-b local-c development-local-d process")
	a.write(t, ".env.local", "this line does not parse = = =\n'\n")
	a.waitBody(t, "/env", "env-a development-b development-c development-local-d process")

	out := logs.String()
	for _, secret := range []string{"hunter2", "env-a", "local-c", "development-local-d", "does not parse ="} {
		if strings.Contains(out, secret) {
			t.Errorf("the log shows %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"environments: .env, .env.development, .env.local", "environment reloaded", "environment file not loaded"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
}
