package build

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"

	"github.com/devserver/devserver/interp"
)

// Test runs go test with args (flags of go test, such as -run or -v) on
// every package of the module holding proj, route folders such as [id]
// included: in a test view, where they have paths the go command accepts.
// What it prints goes to stdout and stderr with the real folders and files
// named. A failing test comes back as the *exec.ExitError of go test.
func Test(ctx context.Context, proj *interp.Project, goCmd string, args []string, stdout, stderr io.Writer) error {
	tmp, err := os.MkdirTemp("", "devserver-test-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	v, err := NewTestView(proj, tmp)
	if err != nil {
		return err
	}
	if goCmd == "" {
		goCmd = "go"
	}
	// The module's packages at its go line, as go test in it compiles
	// them (langFlags), before args: a -gcflags of the user's wins.
	cmd := exec.CommandContext(ctx, goCmd, slices.Concat([]string{"test"}, v.langFlags(), args, []string{"./..."})...)
	cmd.Dir = v.Root
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	outDone, errDone := make(chan struct{}), make(chan struct{})
	cmd.Stdout = v.realPathsTo(stdout, outDone)
	cmd.Stderr = v.realPathsTo(stderr, errDone)
	err = cmd.Run()
	cmd.Stdout.(io.Closer).Close()
	cmd.Stderr.(io.Closer).Close()
	<-outDone
	<-errDone
	if err != nil {
		if _, ok := err.(*exec.ExitError); ok {
			return err
		}
		return fmt.Errorf("go test: %w", err)
	}
	return nil
}

// realPathsTo returns a pipe whose lines are written to w through
// RealPaths as they come; done is closed when the pipe is closed and all
// is written.
func (v *View) realPathsTo(w io.Writer, done chan<- struct{}) io.WriteCloser {
	pr, pw := io.Pipe()
	go func() {
		defer close(done)
		sc := bufio.NewScanner(pr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			fmt.Fprintln(w, v.RealPaths(sc.Text()))
		}
		io.Copy(io.Discard, pr)
	}()
	return pw
}
