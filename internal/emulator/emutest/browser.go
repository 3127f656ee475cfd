package emutest

import (
	"fmt"
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

// ScriptedBrowser returns an opener that plays the person at the browser in
// the background (SignInAsBrowser); a page without the expected form fails t.
func ScriptedBrowser(t testing.TB, upn, password, decision string) func(link string) error {
	return func(link string) error {
		go func() {
			if err := SignInAsBrowser(link, upn, password, decision); err != nil {
				t.Errorf("scripted browser: %v", err)
			}
		}()
		return nil
	}
}

// SignInAsBrowser plays the person at the browser with plain net/http: it
// opens the sign-in link, signs in on the emulator's pages as upn, presses
// decision ("accept" or "cancel"), and submits the form_post answer to the
// app's loopback listener as a browser's script would. The scripted demo
// (-tags scripted) uses it too.
func SignInAsBrowser(link, upn, password, decision string) error {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := c.Get(link)
	for _, fields := range []map[string]string{
		{"username": upn, "password": password},
		{"decision": decision},
		nil, // the form_post page, which a browser submits by script
	} {
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := pageFormRe.FindStringSubmatch(string(b))
		if m == nil {
			return fmt.Errorf("no form at %s: %s", resp.Request.URL.Path, b)
		}
		v := url.Values{}
		for _, h := range pageHiddenRe.FindAllStringSubmatch(m[2], -1) {
			v.Set(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
		}
		for k, val := range fields {
			v.Set(k, val)
		}
		action, perr := resp.Request.URL.Parse(html.UnescapeString(m[1]))
		if perr != nil {
			return perr
		}
		resp, err = c.PostForm(action.String(), v)
	}
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
