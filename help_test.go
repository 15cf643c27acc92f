package main

import (
	"strings"
	"testing"

	"github.com/devserver/devserver/internal/flaghelp"
)

// TestHelpListsEveryFlag checks that the help of devserver and of each
// command lists every flag it takes, each value flag with a placeholder
// that says what the value is.
func TestHelpListsEveryFlag(t *testing.T) {
	for _, c := range append([]*command{devServer}, commands...) {
		t.Run(c.title(), func(t *testing.T) {
			var b strings.Builder
			c.printHelp(&b)
			fs, _ := c.flags()
			for _, p := range flaghelp.Problems(fs, b.String()) {
				t.Error(p)
			}
		})
	}
}
