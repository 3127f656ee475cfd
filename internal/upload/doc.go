// Package upload moves a document's bytes into a Universal Print upload
// session in parallel chunks, and keeps going through everything a network
// and a print service can throw at it without ever sending a byte the server
// already has or mixing two versions of a file.
//
// The engine talks to a Target (graph's v1.0 UploadSession and the 2020 draft
// session both satisfy it) and reads the document through io.ReaderAt: chunk
// bodies are io.SectionReaders, so memory stays flat whatever the file size.
//
// How a run goes (Engine.Run):
//
//   - It first asks the server what is missing (Target.Status); the server is
//     the only truth, local state is a guess.
//   - It cuts the missing ranges into chunks on a grid of Options.ChunkSize
//     (default 4,096,000 bytes: 20 x 200 KiB, under 10 MB in either reading)
//     and keeps up to Options.Parallel PUTs in flight (default 4, the
//     service's limit).
//   - A 202 narrows what is missing; replies that race each other are merged
//     (bytes the server has never become missing again), but a reply that
//     says a byte is missing which the server had already confirmed before
//     that PUT was sent is a contradiction and triggers a resync.
//   - On a 416, a network error, a timeout or a 5xx/429 it stops sending new
//     chunks, lets the PUTs in flight finish, waits (Retry-After if the
//     server gave one, else exponential backoff with full jitter), asks the
//     server again, and continues from its answer. It gives up when the
//     next wait would pass Options.RetryFor (default 2 minutes) without
//     progress, with an *Error naming the status, the range and the attempts.
//   - Progress is a byte the current session acknowledges for the first
//     time, whatever the answers say (bounds.go). No progress for RetryFor,
//     more than 2 x size + one round of chunks on the wire, or more than 3
//     renewals in a row that get no further end the run with a *StuckError
//     saying what the service did; so does an answer listing more than
//     ranges.MaxListLen ranges.
//   - A 416 naming fragmentOutOfOrder means the server takes ranges only in
//     order: from then on one PUT at a time goes out, at the first missing
//     byte (the emulator's --sequential-only switch stands in for such a
//     service).
//   - A 404/410, a 401 expiredToken or a session past its expiry is handed to Options.Renew, which
//     returns a new Target for the same document (or a new job); the engine
//     says so in its events and continues.
//   - Pause stops new PUTs (those in flight finish); Resume resyncs first.
//   - Cancelling the context aborts the PUTs, DELETEs the session with a short
//     fresh timeout, calls Options.CancelJob unless Options.KeepJob, and
//     returns context.Canceled.
//   - The document is re-checked (Document.Check) while uploading and always
//     before the chunk that can complete it and after the server's 201, so a
//     file edited mid-upload stops the run with a *ChangedError.
//
// Checkpoints (see Checkpoints) let a new process resume an interrupted
// upload: the caller saves one when it creates or renews a session and
// removes it when Run returns nil or context.Canceled. The upload URL is a
// credential and only ever goes to a secret.Store, never to the JSON file,
// a log or an error message.
package upload
