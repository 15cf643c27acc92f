package main

// The end-to-end scripts in testdata/script: each .txtar file is a project
// (go.mod, app/, public/, ...) and the commands that serve it with the real
// devserver command and talk HTTP to it over loopback. The commands they
// use beyond testscript's own are documented in testdata/script/README.md
// and implemented in scriptcmd_test.go.

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary run as the devserver command inside scripts
// (testscript puts a copy named devserver on their PATH) before doing
// anything else, then runs the tests.
func TestMain(m *testing.M) {
	testscript.Main(withBinary{m}, map[string]func(){"devserver": main})
}

// TestScripts runs every script of testdata/script, in parallel; -testwork
// keeps their working directories, and a failed script's log ends with the
// server's output.
func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir:   "testdata/script",
		Setup: setupScript,
		Cmds:  scriptCmds,
		// [cgo]: the go command builds cgo code here (a C compiler is
		// installed).
		Condition: scriptCondition,
		// The devserver command runs as exec devserver (or serve), never
		// as a bare name that would hide that it is a process.
		RequireExplicitExec: true,
	})
}
