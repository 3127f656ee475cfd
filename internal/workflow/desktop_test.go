package workflow

import (
	"testing"

	"printdrop/internal/auth"
	"printdrop/internal/graph"
)

// TestDesktopSanitizesLabels: what the service sends reaches the
// window's labels with its control characters written out.
func TestDesktopSanitizesLabels(t *testing.T) {
	t.Parallel()
	row := printerRow(graph.Share{DisplayName: "Lobby\x1b]0;pwned\x07", Manufacturer: "Acme\u202e"})
	if row.Name != `Lobby\x1b]0;pwned\x07` || row.Model != `Acme\u202e` {
		t.Fatalf("row %+v", row)
	}
	if a := account(auth.Account{Name: "Ana\x1b[2J", UPN: "ana@x"}); a.Name != `Ana\x1b[2J` {
		t.Fatalf("account %+v", a)
	}
}
