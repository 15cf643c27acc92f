// Package interp loads route code in development: it is the dev server's
// approuter.Loader. It finds the project and its module (project.go),
// reads the build list (modules.go), groups the routes into units that
// share an interpreter when they share state (units.go), rewrites each
// package's source through named passes where yaegi cannot run it as the
// compiler would (rewrite*.go, pass_*.go), and interprets the routes with
// yaegi, reporting each as an approuter.Loaded (load.go). A reload
// re-interprets only the units whose sources, environment or build list
// changed.
package interp
