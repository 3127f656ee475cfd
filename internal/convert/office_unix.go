//go:build !windows

package convert

import (
	"os/exec"
	"syscall"
)

// setProcessGroup runs cmd in its own process group and ends the whole
// group on cancel: soffice starts a second process (soffice.bin).
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
