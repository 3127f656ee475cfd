package bridgelink

import (
	"printdrop/internal/workflow"
	"strings"
)

// KeyShares is the preference listing the shares the user chose
// to show in every application's print dialog (through printdrop bridge),
// as share ids separated by commas.
const KeyShares = "printDialogShares"

// Shares returns the share ids the user chose for print
// dialogs, in the order chosen, without blanks or repeats.
func Shares(p workflow.Preferences) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range strings.Split(p.StringWithFallback(KeyShares, ""), ",") {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// SetShares saves the share ids to show in print dialogs; an
// empty list removes the preference.
func SetShares(p workflow.Preferences, ids []string) {
	if len(ids) == 0 {
		p.RemoveValue(KeyShares)
		return
	}
	p.SetString(KeyShares, strings.Join(ids, ","))
}

// Shown reports whether the user chose to show shareID in
// every application's print dialog.
func Shown(p workflow.Preferences, shareID string) bool {
	for _, id := range Shares(p) {
		if id == shareID {
			return true
		}
	}
	return false
}

// Show adds shareID to the shares shown in print dialogs
// (at the end, once) or removes it, keeping the others in their order.
// After a change, Unit.Reload makes a running bridge serve it.
func Show(p workflow.Preferences, shareID string, on bool) {
	shareID = strings.TrimSpace(shareID)
	if shareID == "" || strings.Contains(shareID, ",") { // the list is comma-separated
		return
	}
	ids := Shares(p)
	out := make([]string, 0, len(ids)+1)
	for _, id := range ids {
		if id != shareID {
			out = append(out, id)
		}
	}
	if on {
		if len(out) < len(ids) { // already there: keep its place
			return
		}
		out = append(out, shareID)
	}
	if len(out) == len(ids) && !on {
		return // nothing to remove
	}
	SetShares(p, out)
}
