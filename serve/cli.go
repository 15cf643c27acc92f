package serve

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// ExitUsage is the exit status of a command line the program cannot
// understand (an unknown flag, a bad value, too many arguments), as the Go
// tool uses it.
const ExitUsage = 2

// UsageError is a mistake in a command line. Command names the command whose
// help explains it ("devserver build"); the program prints
// "name: Err" and how to get help, and exits with ExitUsage.
type UsageError struct {
	Command string
	Help    string // what to run for help ("devserver help build")
	Err     error
}

func (e *UsageError) Error() string { return e.Err.Error() }

func (e *UsageError) Unwrap() error { return e.Err }

// Report prints err to w the way a Go tool does: "prog: message" on one
// line, followed for a UsageError by the command that explains the usage.
// It returns the exit status err calls for: ExitUsage for a UsageError, 1
// otherwise.
func Report(w io.Writer, prog string, err error) int {
	fmt.Fprintf(w, "%s: %s\n", prog, oneLine(err.Error()))
	var usage *UsageError
	if errors.As(err, &usage) {
		if usage.Help != "" {
			fmt.Fprintf(w, "run '%s' for usage\n", usage.Help)
		}
		return ExitUsage
	}
	return 1
}

// oneLine joins the lines of a message, so that every error is one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", "; ")), " ")
}

// ParseFlags parses args with fs, which prints nothing itself: a mistake
// comes back as a *UsageError pointing at help, and -h or --help as
// flag.ErrHelp, for the caller to print its help.
func ParseFlags(fs *flag.FlagSet, help string, args []string) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &UsageError{Command: fs.Name(), Help: help, Err: err}
}

// PrintFlags writes every flag of fs to w, one entry each, a one-letter
// shorthand ("shorthand for --port") on the line of its long name:
//
//	-p, --port port
//	      the port to listen on (env PORT) (default 3000)
//
// The placeholder after the name is the usage's backquoted word (see
// flag.UnquoteUsage). Usage texts are wrapped to 80 columns.
func PrintFlags(w io.Writer, fs *flag.FlagSet) {
	shorthandOf := func(f *flag.Flag) string { // the long name f abbreviates, or ""
		long, ok := strings.CutPrefix(f.Usage, "shorthand for --")
		if !ok || fs.Lookup(long) == nil {
			return ""
		}
		return long
	}
	short := map[string]string{} // long name → its shorthand
	fs.VisitAll(func(f *flag.Flag) {
		if long := shorthandOf(f); long != "" {
			short[long] = f.Name
		}
	})
	fs.VisitAll(func(f *flag.Flag) {
		if shorthandOf(f) != "" {
			return // listed with its long name
		}
		names := "--" + f.Name
		if len(f.Name) == 1 {
			names = "-" + f.Name
		}
		if s, ok := short[f.Name]; ok {
			names = "-" + s + ", " + names
		}
		typ, usage := flag.UnquoteUsage(f)
		if typ != "" {
			names += " " + typ
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "[]" {
			usage += " (default " + def + ")"
		}
		fmt.Fprintf(w, "  %s\n%s", names, wrap(usage, "      ", 80))
	})
}

// wrap breaks text into lines of at most width columns (longer words stay
// whole), each starting with indent and ending with a newline.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
	return b.String()
}

// Version describes the running binary as `go version -m` would sum it
// up: its main module's version, the commit it was built from (with
// "+dirty" for uncommitted changes), and the Go release and platform.
// For a binary of `devserver build` it also names the devserver release
// it was built with.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown version (no build information) " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	}
	return versionOf(info) + " " + info.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
}

// versionOf is Version's account of info, without the platform.
func versionOf(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	s := info.Main.Path + " " + v
	settings := map[string]string{}
	for _, kv := range info.Settings {
		settings[kv.Key] = kv.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if settings["vcs.modified"] == "true" {
			rev += "+dirty"
		}
		s += " commit " + rev
		if t := settings["vcs.time"]; t != "" {
			s += " " + t
		}
	} else {
		s += " commit unknown"
	}
	if info.Main.Path != devserverModule {
		for _, d := range info.Deps {
			if d.Path == devserverModule {
				s += " (" + devserverModule + " " + d.Version + ")"
			}
		}
	}
	return s
}

// devserverModule is the module path of devserver.
const devserverModule = "github.com/devserver/devserver"
