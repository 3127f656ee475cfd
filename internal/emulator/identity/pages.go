package identity

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
)

// pageCSS is the one inline style sheet. It is allowed by its hash in the
// CSP, so the pages need neither 'unsafe-inline' nor external assets.
const pageCSS = `body{margin:0;background:#f2f2f2;font:15px/1.4 "Segoe UI",system-ui,sans-serif;color:#1b1b1b}
main{max-width:440px;margin:8vh auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
label{display:block;margin:12px 0 4px}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:6px 0;border:0;border-bottom:1px solid #666;font-size:15px}
.buttons{margin-top:24px;text-align:right}
button{min-width:108px;padding:6px 12px;font-size:15px;border:1px solid #0067b8;background:#0067b8;color:#fff;cursor:pointer}
button.secondary{background:#ccc;border-color:#ccc;color:#000;margin-right:8px}
.error{color:#e81123;margin:8px 0}
.demo{background:#eef6fc;border:1px solid #c7e0f4;padding:8px 12px;margin-bottom:16px}
.muted{color:#666;font-size:13px}
ul{padding-left:20px}`

// autoSubmitJS submits the form_post page as soon as it loads; the visible
// button is the fallback when scripts are off. Allowed by hash in the CSP.
const autoSubmitJS = `document.getElementById("response").submit();`

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// pageCSP is strict, but has no form-action: Chromium applies form-action to
// the redirect that follows a form POST, which would block the return to the
// app's loopback listener.
var pageCSP = "default-src 'none'; style-src " + cspHash(pageCSS) + "; script-src " + cspHash(autoSubmitJS) +
	"; base-uri 'none'; frame-ancestors 'none'"

const pageHead = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to your account</title><style>` + pageCSS + `</style></head><body><main>`

const pageFoot = `</main></body></html>`

var pages = template.Must(template.New("pages").Parse(`
{{define "signin"}}` + pageHead + `
<h1>Sign in</h1>
{{if .Demo}}<p class="demo" id="demo">Demo account: {{.Demo.UPN}} / {{.Demo.Password}}</p>{{end}}
{{if .Error}}<p class="error" id="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="{{.Action}}">
<input type="hidden" name="req" value="{{.Req}}"><input type="hidden" name="step" value="login">
<label for="username">Email or user name</label>
<input type="text" id="username" name="username" value="{{.Username}}" autocomplete="username" autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<div class="buttons"><button type="submit" id="signin">Sign in</button></div>
</form>` + pageFoot + `{{end}}

{{define "consent"}}` + pageHead + `
<p class="muted">{{.User}}</p>
<h1>Permissions requested</h1>
<p>{{.App}} would like to:</p>
<ul id="scopes">{{range .Scopes}}<li>{{.}}</li>{{end}}</ul>
<p class="muted">Accepting lets this app use your data as described. You can change this later.</p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="req" value="{{.Req}}"><input type="hidden" name="step" value="consent">
<div class="buttons"><button type="submit" class="secondary" id="cancel" name="decision" value="cancel">Cancel</button><button type="submit" id="accept" name="decision" value="accept">Accept</button></div>
</form>` + pageFoot + `{{end}}

{{define "formpost"}}<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Working...</title><style>` + pageCSS + `</style></head><body><main>
<form method="post" id="response" action="{{.Action}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">{{end}}
<p>Returning to the app.</p><div class="buttons"><button type="submit" id="continue">Continue</button></div>
</form><script>` + autoSubmitJS + `</script>` + pageFoot + `{{end}}

{{define "devicecode"}}` + pageHead + `
<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>
{{if .Error}}<p class="error" id="error" role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/devicelogin">
<input type="hidden" name="step" value="code">
<label for="code">Code</label>
<input type="text" id="code" name="code" autocomplete="off" autofocus>
<div class="buttons"><button type="submit" id="continue">Next</button></div>
</form>` + pageFoot + `{{end}}

{{define "message"}}` + pageHead + `
<h1 id="title">{{.Title}}</h1>
<p id="message">{{.Message}}</p>
{{if .Code}}<p class="muted" id="code">{{.Code}}</p>{{end}}` + pageFoot + `{{end}}
`))

// formField is one hidden field of the form_post page.
type formField struct{ Name, Value string }

// renderPage writes a page with the headers that keep a sign-in page from
// being cached, framed, sniffed or leaking its URL in a Referer.
func renderPage(w http.ResponseWriter, status int, name string, data any) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", pageCSP)
	w.WriteHeader(status)
	_ = pages.ExecuteTemplate(w, name, data)
}

// renderMessage shows a short page with a title and a sentence; err, when
// set, adds its AADSTS code the way Entra's error pages do.
func renderMessage(w http.ResponseWriter, status int, title, message string, err *oauthError) {
	data := struct{ Title, Message, Code string }{Title: title, Message: message}
	if err != nil {
		data.Message = message + " " + err.msg
		data.Code = "Error code: AADSTS" + strconv.Itoa(err.aadsts)
	}
	renderPage(w, status, "message", data)
}
