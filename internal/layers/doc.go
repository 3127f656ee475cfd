// Package layers has no code of its own. Its test keeps PrintDrop's
// packages in their layers: imports point one way (ui -> workflow ->
// graph/upload/auth -> ranges/secret), only app/ and internal/ui/... use
// Fyne, and the emulator shares no code with the client.
//
// The test lives here, in a package that imports neither Fyne nor any
// other PrintDrop package, so it runs without cgo and cannot be skipped by
// a build failure in the layers it checks.
package layers
