//go:build !linux

package dev

import "syscall"

// workerAttr: without Linux's parent-death signal, a compiled worker exits
// when its standard input, which the dev server holds, closes.
func workerAttr() *syscall.SysProcAttr { return nil }
