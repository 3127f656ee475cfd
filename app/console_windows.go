package main

import (
	"log"
	"os"
	"syscall"
)

// printdrop.exe is linked as a GUI program (-H=windowsgui) so that opening
// the window from the Start Menu or "Open with" flashes no console. Windows
// gives such a program no console and no standard handles, so without this
// "printdrop send" typed in cmd or PowerShell would print nothing. At start
// it attaches to the console of the process that started it, if there is
// one, and points os.Stdout and os.Stderr at it. Handles the parent already
// set (a redirection to a file or a pipe) are kept as they are.
func init() {
	attachParentConsole()
}

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

func attachParentConsole() {
	needOut := !validStdHandle(syscall.STD_OUTPUT_HANDLE)
	needErr := !validStdHandle(syscall.STD_ERROR_HANDLE)
	if !needOut && !needErr {
		return
	}
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if attach.Find() != nil {
		return
	}
	// It fails when there is no parent console (Explorer, a shortcut): the
	// window then runs with no console, as a GUI program should.
	if ok, _, _ := attach.Call(uintptr(attachParentProcess)); ok == 0 {
		return
	}
	if needOut {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
		}
	}
	if needErr {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
			// package log captured the old, invalid os.Stderr at its init.
			log.SetOutput(f)
		}
	}
}

func validStdHandle(which int) bool {
	h, err := syscall.GetStdHandle(which)
	return err == nil && h != syscall.InvalidHandle && h != 0
}
