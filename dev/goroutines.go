package dev

import (
	"fmt"
	"go/scanner"
	"go/token"

	"github.com/charmbracelet/log"

	"github.com/devserver/devserver/internal/routego"
)

// ReportGoroutinePanics makes the panics that goroutines of route code
// recover (see internal/routego) show as a line of logger, with the
// position of the go statement in the project, and on the error overlay
// until the next reload. There is one report for the process: the last Dev
// to call it gets them.
func (d *Dev) ReportGoroutinePanics(logger *log.Logger) {
	routego.SetReport(func(p routego.Panic) {
		if logger != nil {
			logger.Error(fmt.Sprintf("%s:%d:%d: panic in the goroutine started here: %s", d.Project.Rel(p.File), p.Line, p.Column, p.Value))
		}
		msg := "panic in the goroutine started here: " + p.Value
		d.Server.Notice("a goroutine of route code panicked", scanner.ErrorList{{Pos: token.Position{Filename: p.File, Line: p.Line, Column: p.Column}, Msg: msg}})
	})
}
