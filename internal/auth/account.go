package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
)

// Account is who is signed in, for display. It is not secret.
type Account struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"` // displayName, e.g. "Ana Example"
	UPN  string `json:"upn,omitempty"`  // userPrincipalName, e.g. "ana@contoso.example"
}

// String reads "Ana Example (ana@contoso.example)", or whichever half is
// known.
func (a Account) String() string {
	switch {
	case a.Name != "" && a.UPN != "":
		return a.Name + " (" + a.UPN + ")"
	case a.UPN != "":
		return a.UPN
	case a.Name != "":
		return a.Name
	}
	return "an unknown account"
}

// Same reports whether a and b are the same account: by directory id when
// both have one, else by user principal name (case does not matter).
func (a Account) Same(b Account) bool {
	if a.ID != "" && b.ID != "" {
		return a.ID == b.ID
	}
	return strings.EqualFold(a.UPN, b.UPN)
}

// fetchAccount asks Graph who owns the token (GET /v1.0/me, scope
// User.Read). The ID token is not used for this: it is not validated here,
// and /me is the authoritative answer.
func fetchAccount(ctx context.Context, client *http.Client, graphURL string, src oauth2.TokenSource) (Account, error) {
	tok, err := src.Token()
	if err != nil {
		return Account{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(graphURL, "/")+"/v1.0/me", nil)
	if err != nil {
		return Account{}, fmt.Errorf("the Graph URL %q is not usable: %w", graphURL, err)
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return Account{}, fmt.Errorf("could not ask Microsoft Graph who is signed in: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return Account{}, fmt.Errorf("the Graph service answered HTTP %d when asked who is signed in", resp.StatusCode)
	}
	var me struct {
		ID          string `json:"id"`
		DisplayName string `json:"displayName"`
		UPN         string `json:"userPrincipalName"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&me); err != nil {
		return Account{}, fmt.Errorf("could not read Microsoft Graph's answer about who is signed in: %w", err)
	}
	return Account{ID: me.ID, Name: me.DisplayName, UPN: me.UPN}, nil
}
