// Package bridge presents Universal Print shares as driverless IPP/2.0
// printers on loopback, so CUPS (and with it every application's print
// dialog) can print to them. Each printer takes PDF only; each job is
// spooled to a private folder and printed through workflow, like a print
// from the window: parallel chunked upload, resume, status.
//
// Only the owner prints: connections are accepted from the owner's uid and
// CUPS's backend user (read from the kernel's socket table on Linux), and
// jobs named for another user are refused.
package bridge
