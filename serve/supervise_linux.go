package serve

import "syscall"

// childAttr makes the kernel kill the child when the supervisor dies
// (killed itself, it could not pass anything on): a child left behind
// would hold the port.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
