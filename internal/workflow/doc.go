// Package workflow holds the use cases the PrintDrop window and the
// printdrop command line share: settings, sign-in, finding a printer share,
// what a printer's status means, job settings checked against what the
// printer supports, and printing a file from upload to the job's end.
//
// It never imports fyne: the window renders the state and events this
// package produces and sends intents back through its methods. Every
// network method takes a context first; cancelling it is a quiet, normal
// path.
package workflow
