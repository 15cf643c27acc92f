// Package flaghelp checks the flag lists that help prints (see
// serve.PrintFlags) against the flag sets they describe, for the tests of
// devserver's commands and of a built binary.
package flaghelp

import (
	"flag"
	"fmt"
	"strings"
)

// shorthandPrefix begins the usage of a one-letter flag that stands for a
// long one ("shorthand for --port"); help lists it beside the long name.
const shorthandPrefix = "shorthand for --"

// Problems returns what is wrong with help, the flag list printed for fs:
// a flag it does not list (with its shorthand, "-p, --port port"), or one
// whose placeholder is the flag package's generic "value", "string" or
// "int" instead of a word naming the value (a backquoted word of its
// usage). None means the list is complete.
func Problems(fs *flag.FlagSet, help string) []string {
	listed := map[string]bool{}
	for line := range strings.SplitSeq(help, "\n") {
		if strings.HasPrefix(line, "  -") {
			listed[strings.TrimSpace(line)] = true
		}
	}
	shorthands := map[string]string{} // long name → shorthand
	fs.VisitAll(func(f *flag.Flag) {
		if long, ok := strings.CutPrefix(f.Usage, shorthandPrefix); ok {
			shorthands[long] = f.Name
		}
	})
	var problems []string
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Usage, shorthandPrefix) {
			return
		}
		placeholder, _ := flag.UnquoteUsage(f)
		switch placeholder {
		case "value", "string", "int", "uint", "float":
			problems = append(problems, fmt.Sprintf("flag %s: placeholder %q does not say what the value is (name it in the usage with backquotes)", f.Name, placeholder))
		}
		line := "--" + f.Name
		if len(f.Name) == 1 {
			line = "-" + f.Name
		}
		if s, ok := shorthands[f.Name]; ok {
			line = "-" + s + ", " + line
		}
		if placeholder != "" {
			line += " " + placeholder
		}
		if !listed[line] {
			problems = append(problems, fmt.Sprintf("flag %s: no line %q in the help", f.Name, line))
		}
	})
	return problems
}
