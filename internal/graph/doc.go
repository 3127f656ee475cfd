// Package graph is a typed client for the Microsoft Graph Universal Print
// API: shares, jobs, and document upload sessions in both the v1.0 protocol
// (createUploadSession + an opaque upload URL on another host) and the 2020
// draft protocol (printUploadSession with ETag and If-Match, kept for the
// emulator's legacy mode).
//
// What it guarantees:
//
//   - Tolerant decoding: enums are plain string types, so a value this code
//     has never heard of (a printer detail such as "disconnected") decodes
//     instead of failing the whole response; unknown fields are ignored;
//     timestamps take any fraction length and an offset or none.
//   - Bearer scoping: the access token is added by a RoundTripper only when a
//     request's scheme and host equal the configured Graph base URL, so a
//     redirect or a next link to another host never carries it. Upload URLs
//     and download redirects go through UploadClient, which has no token
//     source at all.
//   - Retries only where they are safe (see RetryPolicy): reads and
//     createUploadSession are retried on throttling and transient failures,
//     honouring Retry-After; creating, starting and cancelling a job are
//     retried only on 429, and a create whose answer was lost is reconciled by
//     listing the user's recent jobs instead of being sent twice.
//   - Errors are *Error values built from the Graph error envelope, carrying
//     the status, the innermost known code and the request ids, and never a
//     URL or token: upload URLs are credentials and travel as secret.Value.
package graph
