// Package bridgelink is the contract between printdrop bridge and the
// window, two processes of the same user: the bridge's feed of prints it
// carries for other applications (the wire type Print, the NDJSON lines,
// the routes, and the window's client Watch and Cancel), the systemd user
// service that runs the bridge (Unit), and the preference listing the
// shares the user chose to show in every application's print dialog.
//
// Both internal/bridge and internal/ui import it; workflow does not, so
// that workflow stays the use cases both of them run. Its errors explain
// themselves to workflow.Explain (see workflow.SelfExplaining).
package bridgelink
