package interp

import "reflect"

// Symbols are the compiled packages devserver exposes to route code (its
// own, and github.com/coder/websocket for next.Upgrade), keyed
// "<import path>/<package name>" as yaegi expects. The entries are generated
// by yaegi extract; .ci/run fails when they are stale.
var Symbols = map[string]map[string]reflect.Value{}

//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/coder/websocket github.com/coder/websocket/wsjson github.com/devserver/devserver/next github.com/devserver/devserver/internal/jsonfix github.com/devserver/devserver/internal/methods github.com/devserver/devserver/internal/desugar github.com/devserver/devserver/internal/routego github.com/devserver/devserver/internal/fmtfix
