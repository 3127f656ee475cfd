package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"printdrop/internal/say"
)

// pageStyle is the only styling of the loopback pages. It is inline, and
// allowed by its hash, so the pages load nothing and the CSP can stay
// default-src 'none'.
const pageStyle = `body{font-family:system-ui,sans-serif;max-width:34em;margin:4em auto;padding:0 1em;color:#222}h1{font-size:1.4em}p.note{color:#555;font-size:.9em}`

var pageCSP = "default-src 'none'; style-src 'sha256-" + styleHash() + "'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

func styleHash() string {
	sum := sha256.Sum256([]byte(pageStyle))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// page is what the loopback listener shows in the browser. It never holds a
// code, a token, an address or any parameter of the request.
type page struct {
	Title string
	Lines []string
	Code  string // an OAuth error code, shown HTML-escaped; never a secret
	Style template.CSS
	Lang  string // the language the page is in, a BCP 47 tag
	// CodeLabel introduces Code, in the page's language.
	CodeLabel string
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}} - PrintDrop</title>
<style>{{.Style}}</style></head>
<body id="result"><h1>{{.Title}}</h1>
{{range .Lines}}<p>{{.}}</p>
{{end}}{{if .Code}}<p class="note">{{.CodeLabel}} {{.Code}}</p>
{{end}}</body></html>
`))

// translated is p in the user's language: the pages above are written in
// English, the catalogue's keys (say), and translated as they are sent.
func translated(p page) page {
	p.Title = say.T(p.Title)
	lines := make([]string, len(p.Lines))
	for i, l := range p.Lines {
		lines[i] = say.T(l)
	}
	p.Lines, p.Lang, p.CodeLabel = lines, say.Language(), say.T("Error code:")
	return p
}

var (
	pageSignedIn = page{Title: "You are signed in", Lines: []string{
		"You are signed in to PrintDrop. You can close this tab and return to PrintDrop.",
		"For your safety, do not share this page or take screenshots of it.",
	}}
	pageCancelled = page{Title: "Sign-in cancelled", Lines: []string{
		"You cancelled the sign-in or declined the permissions PrintDrop asks for. Return to PrintDrop to try again.",
	}}
	pageFailed = page{Title: "Sign-in failed", Lines: []string{
		"PrintDrop could not finish signing you in. Return to PrintDrop to see why and to try again.",
	}}
	pageStopped = page{Title: "Sign-in no longer waiting", Lines: []string{
		"PrintDrop stopped waiting for this sign-in (it was cancelled or took too long). Return to PrintDrop to start again.",
	}}
	pageWrongState = page{Title: "Unexpected sign-in answer", Lines: []string{
		"This answer does not belong to the sign-in PrintDrop is waiting for, so it was ignored. If you are signing in, finish it in the tab PrintDrop opened.",
	}}
	pageStartUsed = page{Title: "Sign-in link already used", Lines: []string{
		"This sign-in link works only once, and it was already opened. If you did not open it yourself, another program on this computer may have: cancel this sign-in in PrintDrop and start again.",
	}}
	pageAlreadyHandled = page{Title: "Sign-in already handled", Lines: []string{
		"PrintDrop has already received the answer to this sign-in. You can close this tab.",
	}}
	pageUsePost = page{Title: "Sign-in answer refused", Lines: []string{
		"PrintDrop asked the identity platform to post the sign-in answer, so it does not accept it in the address bar. Start the sign-in again from PrintDrop.",
	}}
	pageWrongHost = page{Title: "Wrong address", Lines: []string{
		"This page only answers on the address PrintDrop opened.",
	}}
	pageNotFound = page{Title: "Not found", Lines: []string{
		"There is nothing here. Return to PrintDrop.",
	}}
	pageBadRequest = page{Title: "Bad request", Lines: []string{
		"PrintDrop could not read this request. Return to PrintDrop to try again.",
	}}
)

// writePage sends p with the strict headers every loopback answer carries:
// nothing cached, no referrer to leak the address, no sniffing, no scripts.
func writePage(w http.ResponseWriter, status int, p page) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	p.Style = template.CSS(pageStyle)
	p = translated(p)
	_ = pageTemplate.Execute(w, p)
}
