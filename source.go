package main

import (
	"embed"

	"github.com/devserver/devserver/internal/devmod"
)

// moduleSource is the part of this module a user's project needs: the next
// package its routes import, nexttest for their tests, and the packages a
// build's generated main imports, with go.mod and go.sum. devserver init seeds it into the Go
// module cache (see devmod), since the module is not published.
//
//go:embed go.mod go.sum next nexttest approuter server serve cachestore internal nextsdk
var moduleSource embed.FS

func init() { devmod.SetSource(moduleSource) }
