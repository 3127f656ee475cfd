package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	pdwidget "printdrop/internal/ui/widget"
)

// pressKey delivers a key as Fyne's desktop driver does: to the focused
// control, or to the window when nothing has the focus.
func pressKey(h *harness, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	c := h.fw.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if on := c.OnTypedKey(); on != nil {
		on(ev)
	}
}

// pressShortcut delivers Ctrl (Cmd on macOS) with key to the window.
func pressShortcut(h *harness, key fyne.KeyName) {
	h.fw.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(
		&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault})
}

// focusName names a focused control for the order test.
func focusName(f fyne.Focusable) string {
	switch w := f.(type) {
	case *pdwidget.Button:
		return "button " + w.Text
	case *widget.Entry:
		if w.PlaceHolder != "" {
			return "entry " + w.PlaceHolder
		}
		return "entry"
	case *widget.Select:
		return "select"
	case *pdwidget.List:
		return "printer list"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T", f)
}

// readyToPrint is a window with a printer chosen and a file queued.
func readyToPrint(t *testing.T) (*harness, *fakeBackend) {
	t.Helper()
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{})
	h.until("printer chosen", func() bool { return h.w.state.printer != nil && h.statusesIn() })
	h.w.OpenFiles([]string{writeFile(t, t.TempDir(), "report.pdf", 40_000)})
	h.until("file queued", func() bool { return len(h.w.state.queue) == 1 })
	return h, f
}

// TestKeyboard_TabReachesEveryControlInOrder: from the search box, Tab
// goes through the window as it reads, top to bottom, left column first,
// and comes back round; Print is reached, and Sign out only once the
// printers are behind.
func TestKeyboard_TabReachesEveryControlInOrder(t *testing.T) {
	h, _ := readyToPrint(t)
	c := h.fw.Canvas()
	c.Focus(h.w.printers.search)
	var order []string
	for range 60 {
		order = append(order, focusName(c.Focused()))
		c.FocusNext()
		if c.Focused() == h.w.printers.search {
			break
		}
	}
	got := strings.Join(order, " | ")
	// The window's reading order, begun at the search box: the printers,
	// the job's options, the file, the action bar, then round to the top
	// of the left column (Sign out, Refresh) and back to the search.
	want := []string{"entry Search printers", "printer list", "entry", "select", "entry All pages",
		"button Choose file…", "button Print", "button Clear", "button Sign out", "button"}
	at := 0
	for _, w := range want {
		i := strings.Index(got[at:], w)
		if i < 0 {
			t.Fatalf("Tab order lacks %q after position %d:\n%s", w, at, got)
		}
		at += i + len(w)
	}
	if c.Focused() != h.w.printers.search {
		t.Fatalf("Tab did not come back round to the search box:\n%s", got)
	}
}

// TestKeyboard_ArrowsAndEnterPickAPrinter: in the printer list the arrows
// move and Enter picks, as a mouse click would.
func TestKeyboard_ArrowsAndEnterPickAPrinter(t *testing.T) {
	h := newHarness(t, signedInFake(), Options{})
	h.until("all printers", func() bool { return len(h.w.printers.all) == 4 && !h.w.printers.loading })
	c := h.fw.Canvas()
	if c.Focused() != h.w.printers.search {
		t.Fatalf("after sign-in the focus is on %s, want the search box", focusName(c.Focused()))
	}
	c.FocusNext()
	if c.Focused() != h.w.printers.list {
		t.Fatalf("Tab from the search box went to %s, want the printer list", focusName(c.Focused()))
	}
	pressKey(h, fyne.KeyDown)
	pressKey(h, fyne.KeyReturn)
	want := h.w.printers.shown[1].ID
	h.until("the second printer's details", func() bool { return h.w.state.printer != nil })
	if h.w.state.chosen != want {
		t.Fatalf("Down, Enter chose %q, want the second row %q", h.w.state.chosen, want)
	}
}

// TestKeyboard_EnterPrintsAndShortcuts: Enter on the focused Print button
// prints; Ctrl+F goes to the search box, Ctrl+P prints, Esc cancels.
func TestKeyboard_EnterPrintsAndShortcuts(t *testing.T) {
	h, f := readyToPrint(t)
	c := h.fw.Canvas()
	pressShortcut(h, fyne.KeyF)
	if c.Focused() != h.w.printers.search {
		t.Fatalf("Ctrl+F focused %s, want the search box", focusName(c.Focused()))
	}
	c.Focus(h.w.files.print)
	if !h.w.files.print.Focused() {
		t.Fatal("the focused Print button does not know it (no focus ring)")
	}
	pressKey(h, fyne.KeyReturn)
	<-f.printing.started
	if h.w.Screen() != ScreenUploading {
		t.Fatalf("Enter on Print: stage %q, want uploading", h.w.Screen())
	}
	c.Unfocus()
	pressKey(h, fyne.KeyEscape)
	h.until("cancelled", func() bool { return h.w.state.print == printEnded })
}

// TestKeyboard_SignOutAsksAndEscCloses: Sign out asks first; Esc closes
// the question and the user stays signed in; only "Sign out" signs out.
func TestKeyboard_SignOutAsksAndEscCloses(t *testing.T) {
	f := signedInFake()
	h := newHarness(t, f, Options{})
	h.until("all printers", func() bool { return len(h.w.printers.all) == 4 && !h.w.printers.loading })
	out := findButton(h.w.account.root, "Sign out")
	h.fw.Canvas().Focus(out)
	pressKey(h, fyne.KeySpace) // the keys that once signed out at once
	if dialogButton(h.fw.Canvas(), "Stay signed in") == nil {
		t.Fatal("Sign out did not ask first")
	}
	pressKey(h, fyne.KeyEscape)
	if h.fw.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc left the question open")
	}
	if f.signedOut || h.w.state.account != "signed-in" {
		t.Fatal("Esc on the question signed out")
	}
	pressKey(h, fyne.KeyReturn) // back on Sign out: Enter presses it too
	confirm := dialogButton(h.fw.Canvas(), "Sign out")
	if confirm == nil {
		t.Fatal("Enter on Sign out did not ask")
	}
	confirm.OnTapped()
	h.until("signed out", func() bool { return findButton(h.w.account.root, "Sign in") != nil })
}

// TestKeyboard_MenuCarriesTheShortcuts: the shortcuts are in the window's
// menu bar too, which Fyne asks before a focused text box (where the
// canvas's own shortcuts never arrive: the search box has the focus after
// sign-in); each item does what its shortcut says.
func TestKeyboard_MenuCarriesTheShortcuts(t *testing.T) {
	chosen := 0
	f := signedInFake()
	f.lastShare = "s1"
	h := newHarness(t, f, Options{ChooseFile: func(func(string)) { chosen++ }, Version: "9.9.9"})
	h.until("printer chosen", func() bool { return h.w.state.printer != nil && h.statusesIn() })
	menu := h.fw.MainMenu()
	if menu == nil {
		t.Fatal("no menu bar")
	}
	items := map[string]*fyne.MenuItem{}
	var shortcuts []string
	for _, m := range menu.Items {
		for _, it := range m.Items {
			items[m.Label+" > "+it.Label] = it
			if sc, ok := it.Shortcut.(*desktop.CustomShortcut); ok {
				shortcuts = append(shortcuts, it.Label+"="+string(sc.KeyName))
			}
		}
	}
	if got := strings.Join(shortcuts, " "); got != "Add files…=O Print=P Search printers=F Your print jobs=J" {
		t.Fatalf("menu shortcuts %q", got)
	}
	items["File > Add files…"].Action()
	if chosen != 1 {
		t.Fatal("File > Add files… did not open the chooser")
	}
	h.fw.Canvas().Unfocus()
	items["Printers > Search printers"].Action()
	if h.fw.Canvas().Focused() != h.w.printers.search {
		t.Fatal("Printers > Search printers did not focus the search box")
	}
	items["Help > About PrintDrop"].Action()
	if h.fw.Canvas().Overlays().Top() == nil || find(h.fw.Canvas().Overlays().Top(), func(l *widget.Label) bool {
		return strings.Contains(l.Text, "Version 9.9.9")
	}) == nil {
		t.Fatal("Help > About does not show the version")
	}
	pressKey(h, fyne.KeyEscape)
	if h.fw.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc did not close About")
	}
}
