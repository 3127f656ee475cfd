package workflow

import "strings"

// KeyPrintDialogShares is the preference listing the shares the user chose
// to show in every application's print dialog (through printdrop bridge),
// as share ids separated by commas.
const KeyPrintDialogShares = "printDialogShares"

// PrintDialogShares returns the share ids the user chose for print
// dialogs, in the order chosen, without blanks or repeats.
func PrintDialogShares(p Preferences) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range strings.Split(p.StringWithFallback(KeyPrintDialogShares, ""), ",") {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// SetPrintDialogShares saves the share ids to show in print dialogs; an
// empty list removes the preference.
func SetPrintDialogShares(p Preferences, ids []string) {
	if len(ids) == 0 {
		p.RemoveValue(KeyPrintDialogShares)
		return
	}
	p.SetString(KeyPrintDialogShares, strings.Join(ids, ","))
}
