package emutest

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"testing"
	"time"
)

var (
	pageFormRe   = regexp.MustCompile(`(?s)<form method="post"[^>]*action="([^"]*)"[^>]*>(.*?)</form>`)
	pageHiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
)

// ScriptedBrowser returns an opener that plays the person at the browser
// with plain net/http, in the background: it opens the sign-in link, signs
// in on the emulator's pages as upn, presses decision ("accept" or
// "cancel"), and submits the form_post answer to the app's loopback
// listener as a browser's script would. A page without the expected form
// fails t.
func ScriptedBrowser(t testing.TB, upn, password, decision string) func(link string) error {
	return func(link string) error {
		go func() {
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
			resp, err := c.Get(link)
			for _, fields := range []map[string]string{
				{"username": upn, "password": password},
				{"decision": decision},
				nil, // the form_post page, which a browser submits by script
			} {
				if err != nil {
					t.Errorf("scripted browser: %v", err)
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				m := pageFormRe.FindStringSubmatch(string(b))
				if m == nil {
					t.Errorf("scripted browser: no form at %s: %s", resp.Request.URL.Path, b)
					return
				}
				v := url.Values{}
				for _, h := range pageHiddenRe.FindAllStringSubmatch(m[2], -1) {
					v.Set(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
				}
				for k, val := range fields {
					v.Set(k, val)
				}
				action, _ := resp.Request.URL.Parse(html.UnescapeString(m[1]))
				resp, err = c.PostForm(action.String(), v)
			}
			if err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}
}
