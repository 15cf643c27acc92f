package gen

import "path/filepath"

// WriteScaleApp writes the app the scale-out load test serves from several
// replicas sharing a cache store:
//
//	GET  /api/hello       a small JSON answer, never cached (throughput)
//	GET  /api/posts       force-static, tagged "posts": which replica
//	                      rendered it, and when
//	GET  /api/data        dynamic, from next.Cached tagged "posts"
//	POST /api/revalidate  next.RevalidateTag("posts"), as a CMS webhook
func WriteScaleApp(dir string) error {
	files := map[string]string{
		"go.mod":                      goMod,
		"internal/who/who.go":         scaleWho,
		"app/api/hello/route.go":      scaleHello,
		"app/api/posts/route.go":      scalePosts,
		"app/api/data/route.go":       scaleData,
		"app/api/revalidate/route.go": scaleRevalidate,
	}
	for name, src := range files {
		if err := WriteFile(filepath.Join(dir, filepath.FromSlash(name)), src); err != nil {
			return err
		}
	}
	return nil
}

const scaleWho = `// Package who names the replica answering.
package who

import (
	"fmt"
	"os"
	"time"
)

// Stamp names this replica and the moment, to tell renders apart.
func Stamp() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d@%d", host, os.Getpid(), time.Now().UnixNano())
}
`

const scaleHello = `package route

import "github.com/devserver/devserver/next"

func GET(req *next.Request) *next.Response {
	return next.JSON(map[string]string{"hello": "world"})
}
`

const scalePosts = `package route

import (
	"` + Module + `/internal/who"
	"github.com/devserver/devserver/next"
)

const Dynamic = "force-static"

// GET answers which replica rendered it, and when.
func GET(req *next.Request) *next.Response {
	next.CacheTag(req, "posts")
	return next.JSON(map[string]string{"renderedBy": who.Stamp()})
}
`

const scaleData = `package route

import (
	"context"

	"` + Module + `/internal/who"
	"github.com/devserver/devserver/next"
)

type data struct {
	ComputedBy string ` + "`json:\"computedBy\"`" + `
}

// GET answers a value of next.Cached, naming the replica that computed it.
func GET(req *next.Request) *next.Response {
	var d data
	err := next.Cached(req, "data", &d, next.CacheOptions{Tags: []string{"posts"}}, func(ctx context.Context) (any, error) {
		return data{ComputedBy: who.Stamp()}, nil
	})
	if err != nil {
		return next.JSON(err.Error(), next.Init{Status: 500})
	}
	return next.JSON(d)
}
`

const scaleRevalidate = `package route

import "github.com/devserver/devserver/next"

// POST revalidates the "posts" tag, as a CMS webhook would.
func POST(req *next.Request) *next.Response {
	next.RevalidateTag("posts")
	return next.JSON(map[string]bool{"revalidated": true})
}
`
