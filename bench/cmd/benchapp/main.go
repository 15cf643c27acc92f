// Command benchapp writes the apps bench/run serves with the real binary:
//
//	benchapp -routes N dir   # N routes app/r<i>/[id] and a shared package
//	benchapp -json dir       # the JSON GET route at app/items/[id]
//	benchapp -scale dir      # the scale-out app (bench/cmd/scaletest)
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
	scale := flag.Bool("scale", false, "write the scale-out app of bench/cmd/scaletest")
	buildable := flag.String("buildable", "", "require devserver from this checkout, so that devserver build works")
	flag.Parse()
	if flag.NArg() != 1 || btoi(*routes > 0)+btoi(*json)+btoi(*scale) != 1 {
		fmt.Fprintln(os.Stderr, "usage: benchapp (-routes N | -json | -scale) dir")
		os.Exit(2)
	}
	dir := flag.Arg(0)
	var err error
	switch {
	case *json:
		err = gen.WriteJSONApp(dir)
	case *scale:
		err = gen.WriteScaleApp(dir)
	default:
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

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
