//go:build scripted

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
	"printdrop/internal/ui"
)

// demoScript is the scripted run of the demo (PRINTDROP_SCRIPT=1), used by
// the Xvfb test and handy to watch: it signs in, picks a printer, drops a
// 24 MB PDF, prints it and waits for the job to complete, pressing the
// window's own buttons. After each step it prints "STEP name" on stdout and
// waits for a line on stdin, so a test can take a screenshot of exactly
// that state (a person can just press Enter).
//
// With PRINTDROP_SCRIPT=xdnd the run does not drop the PDF itself: it prints
// "DROP path" and waits for the file to arrive through a real drag and drop,
// which the Xvfb test performs over the X11 XDND protocol.
type demoScript struct {
	info emulator.Info
	dir  string
	in   *bufio.Reader
	xdnd bool // the drop comes from outside, through the windowing system
}

// newScriptedRun is the scripted run PRINTDROP_SCRIPT asks for.
func newScriptedRun(info emulator.Info, dir, mode string) (scriptedRun, error) {
	return &demoScript{info: info, dir: dir, in: bufio.NewReader(os.Stdin), xdnd: mode == "xdnd"}, nil
}

// stepTimeout bounds how long one step may take before the run fails.
const stepTimeout = 90 * time.Second

func (s *demoScript) run(win *ui.Window, a fyne.App, stdout io.Writer) {
	fail := func(format string, args ...any) {
		fmt.Fprintf(stdout, "FAIL "+format+"\n", args...)
		fyne.Do(a.Quit)
	}
	stage := func() (st string) {
		fyne.DoAndWait(func() { st = string(win.Screen()) })
		return st
	}
	// step waits for the window to show want, then reports and waits.
	step := func(want string) bool {
		deadline := time.Now().Add(stepTimeout)
		for st := stage(); st != want; st = stage() {
			if st == "error" || time.Now().After(deadline) {
				fail("%s: the window shows %q", want, st)
				return false
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(400 * time.Millisecond) // let the frame reach the screen
		fmt.Fprintf(stdout, "STEP %s\n", want)
		if _, err := s.in.ReadString('\n'); err != nil && err != io.EOF {
			fail("reading stdin: %v", err)
			return false
		}
		return true
	}
	pdf, err := writeDemoPDF(s.dir, "quarterly-report.pdf", 24_000_000)
	if err != nil {
		fail("writing the demo PDF: %v", err)
		return
	}
	if !step("signed-out") {
		return
	}
	fyne.Do(win.PressSignIn)
	if !step("signed-in") {
		return
	}
	// A fresh demo has no unfinished upload to offer (it once offered an
	// empty one on every start).
	for deadline := time.Now().Add(stepTimeout); ; time.Sleep(20 * time.Millisecond) {
		var checked bool
		var offer string
		fyne.DoAndWait(func() { checked, offer = win.ResumeOffer() })
		if offer != "" {
			fail("signed-in: a fresh demo offers to resume: %q", offer)
			return
		}
		if checked || time.Now().After(deadline) {
			break
		}
	}
	ok := false
	fyne.DoAndWait(func() { ok = win.ChoosePrinter(emulator.ShareDefault) })
	if !ok {
		fail("printer-chosen: the default demo share is not listed")
		return
	}
	if !step("printer-chosen") {
		return
	}
	if s.xdnd {
		fmt.Fprintf(stdout, "DROP %s\n", pdf)
	} else {
		fyne.Do(func() { win.Drop([]fyne.URI{storage.NewFileURI(pdf)}) })
	}
	if !step("file-queued") {
		return
	}
	fyne.Do(win.PressPrint)
	// Wait until part of the document is up, so the screenshot shows
	// progress and the range bar mid-way.
	deadline := time.Now().Add(stepTimeout)
	for {
		var f float64
		fyne.DoAndWait(func() { f = win.UploadedFraction() })
		if f >= 0.3 || stage() != "uploading" || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st := stage(); st != "uploading" {
		fail("uploading: the window shows %q", st)
		return
	}
	if !step("uploading") {
		return
	}
	if !step("completed") {
		return
	}
	fmt.Fprintln(stdout, "DONE")
	fyne.Do(a.Quit)
}

// openURL plays the person at the browser with plain HTTP: it signs in
// with the demo account on the emulator's page, accepts the consent and
// posts the answer back to PrintDrop's loopback listener.
func (s *demoScript) openURL(link string) error {
	go func() {
		if err := s.signIn(link); err != nil {
			fmt.Fprintf(os.Stderr, "scripted sign-in: %v\n", err)
		}
	}()
	return nil
}

func (s *demoScript) signIn(link string) error {
	return emutest.SignInAsBrowser(link, s.info.DemoUser, s.info.DemoPassword, "accept")
}

// writeDemoPDF writes a valid one-page PDF padded to about size bytes with
// an uncompressed image-like stream, so the upload has a realistic size.
func writeDemoPDF(dir, name string, size int) (string, error) {
	var b bytes.Buffer
	var offsets []int
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		b.WriteString(s)
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	obj("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n")
	obj("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n")
	text := "BT /F1 24 Tf 72 760 Td (PrintDrop demo: quarterly report) Tj ET\n"
	pad := max(size-b.Len()-600, 0)
	stream := text + "%" + string(bytes.Repeat([]byte("PrintDrop "), pad/10)) + "\n"
	obj(fmt.Sprintf("4 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\n", len(stream), stream))
	obj("5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, b.Bytes(), 0o600)
}
