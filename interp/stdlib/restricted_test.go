package stdlib

import (
	"flag"
	"os"
	"reflect"
	"testing"
)

// TestFlagParseParsesNoArguments checks that interpreted code's flag.Parse
// is flagParse, and that it leaves the process's command line (the
// server's flags) alone.
func TestFlagParseParsesNoArguments(t *testing.T) {
	parse, ok := Symbols["flag/flag"]["Parse"]
	if !ok {
		t.Fatal("no flag.Parse among the symbols")
	}
	if parse.Pointer() != reflect.ValueOf(flagParse).Pointer() {
		t.Fatal("flag.Parse is the standard library's, which parses the server's command line")
	}
	saved := os.Args
	defer func() { os.Args = saved }()
	os.Args = []string{"devserver", "-p", "3001", "./app"}
	// The standard flag.Parse would end this test binary here: "flag
	// provided but not defined: -p", exit status 2.
	parse.Call(nil)
	if flag.NArg() != 0 {
		t.Errorf("after flag.Parse: Args = %q, want none", flag.Args())
	}
}
