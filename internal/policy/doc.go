// Package policy reads the settings an administrator fixed for every user
// of a machine: on Linux (and other Unix systems) the file
// /etc/printdrop/printdrop.conf, on Windows the registry key
// HKLM\Software\Policies\PrintDrop (written by the MSI or Group Policy).
//
// It only reads strings; what they mean and whether they are valid is the
// workflow package's business, so a policy with a bad value is reported
// there with the rest of the settings. Users cannot write either place, which
// is why these values win over the user's own preferences.
package policy

// Values are the settings a policy can fix; "" means not set.
type Values struct {
	ClientID     string
	Tenant       string
	Cloud        string
	AuthorityURL string
	GraphURL     string
}

// IsZero reports whether the policy sets nothing.
func (v Values) IsZero() bool { return v == Values{} }

// Policy is what was read and where from.
type Policy struct {
	Values
	// Where names the file or registry key, for messages.
	Where string
	// Warnings are lines or values that were ignored, in words (an unknown
	// key, a line that is not key = value). They never stop the app.
	Warnings []string
}
