package dev

import "syscall"

// workerAttr makes the kernel kill a compiled worker when the dev server
// dies, whatever kills it; the worker also exits when its standard input,
// which the dev server holds, closes.
func workerAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
