// Command benchapp writes the apps bench/run serves with the real binary:
//
//	benchapp -routes N dir   # N routes app/r<i>/[id] and a shared package
//	benchapp -json dir       # the JSON GET route at app/items/[id]
//
// -buildable root makes the app a module devserver build can compile,
// requiring devserver from the checkout at root.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/devserver/devserver/bench/internal/gen"
)

func main() {
	routes := flag.Int("routes", 0, "write an app of this many routes")
	json := flag.Bool("json", false, "write the one-route JSON GET app")
	buildable := flag.String("buildable", "", "require devserver from this checkout, so that devserver build works")
	flag.Parse()
	if flag.NArg() != 1 || (*routes > 0) == *json {
		fmt.Fprintln(os.Stderr, "usage: benchapp (-routes N | -json) dir")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	var err error
	if *json {
		err = gen.WriteJSONApp(dir)
	} else {
		err = gen.WriteRoutesApp(dir, *routes)
	}
	if err == nil && *buildable != "" {
		err = gen.Buildable(dir, *buildable)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
