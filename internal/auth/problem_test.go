package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"printdrop/internal/emulator"
	"printdrop/internal/emulator/emutest"
)

// TestCheckRegistration_AgainstEmulator: the identity platform's answer to
// a device code request tells a known registration (nil) from an unknown
// client ID (AADSTS700016) and an unknown tenant (AADSTS90002), typed by
// the error_codes it sends, without anyone signing in.
func TestCheckRegistration_AgainstEmulator(t *testing.T) {
	emu := emutest.Start(t, emulator.Config{})
	info := emu.Info
	base := strings.TrimSuffix(info.AuthorityURL, "/organizations")
	ok := emulatorManager(t, info, Config{})
	if err := ok.CheckRegistration(context.Background()); err != nil {
		t.Fatalf("the emulator's own registration: %v", err)
	}
	for _, tc := range []struct {
		name      string
		clientID  string
		authority string
		want      Problem
	}{
		{"unknown client", "0badc0de-0000-4000-8000-000000000000", info.AuthorityURL, ProblemUnknownClient},
		{"unknown tenant", info.ClientID, base + "/fabrikam-nowhere.onmicrosoft.com", ProblemTenant},
		{"tenant by id", info.ClientID, base + "/" + info.TenantID, ProblemNone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := New(Config{ClientID: tc.clientID, Authority: tc.authority, GraphURL: info.GraphURL, Store: memoryStore(), Logger: discardLogger()})
			if err != nil {
				t.Fatal(err)
			}
			err = m.CheckRegistration(context.Background())
			var ae *AuthError
			if tc.want == ProblemNone {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.As(err, &ae) || ae.Problem() != tc.want || len(ae.ErrorCodes) == 0 {
				t.Fatalf("err %v (%#v), want problem %d", err, ae, tc.want)
			}
		})
	}
}

// TestAuthErrorProblem reads the code from error_codes first, else from the
// "AADSTS<n>:" tag that leads a description sent through the browser.
func TestAuthErrorProblem(t *testing.T) {
	for _, tc := range []struct {
		err  *AuthError
		want Problem
	}{
		{&AuthError{Code: "invalid_request", ErrorCodes: []int{90002}}, ProblemTenant},
		{&AuthError{Code: "invalid_request", Description: "AADSTS50020: User account from identity provider does not exist in tenant"}, ProblemAccountNotAllowed},
		{&AuthError{Code: "invalid_request", Description: "AADSTS50011: The redirect URI does not match"}, ProblemRedirectURI},
		{&AuthError{Code: "invalid_client", ErrorCodes: []int{7000218}, Description: "AADSTS700016: ignored, error_codes win"}, ProblemPublicClientFlows},
		{&AuthError{Code: "invalid_request", Description: "The platform mentions AADSTS700016 later"}, ProblemNone},
		{&AuthError{Code: "invalid_request", Description: "AADSTS: no number"}, ProblemNone},
		{&AuthError{Code: "access_denied"}, ProblemNone},
	} {
		if got := tc.err.Problem(); got != tc.want {
			t.Errorf("%+v: problem %d, want %d", tc.err, got, tc.want)
		}
	}
}

// TestCheckRegistration_OnlyClientAndTenantBlock: a refusal of the device
// code request that concerns only that flow (AADSTS7000218, public client
// flows off) must not stop the browser sign-in. The emulator always allows
// public client flows, so a small fake answers here, in Entra's shape.
func TestCheckRegistration_OnlyClientAndTenantBlock(t *testing.T) {
	for _, tc := range []struct {
		code    int
		blocks  bool
		problem Problem
	}{
		{7000218, false, ProblemPublicClientFlows},
		{50194, true, ProblemTenantRequired},
		{700016, true, ProblemUnknownClient},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":"invalid_client","error_description":"AADSTS%d: refused","error_codes":[%d]}`, tc.code, tc.code)
		}))
		m, err := New(Config{ClientID: "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80", Authority: srv.URL + "/contoso.example", GraphURL: srv.URL,
			Store: memoryStore(), Logger: discardLogger()})
		if err != nil {
			t.Fatal(err)
		}
		err = m.CheckRegistration(context.Background())
		srv.Close()
		var ae *AuthError
		if blocked := err != nil; blocked != tc.blocks || (tc.blocks && (!errors.As(err, &ae) || ae.Problem() != tc.problem)) {
			t.Errorf("AADSTS%d: err %v, want blocking %v", tc.code, err, tc.blocks)
		}
	}
	// An identity platform that cannot be reached is said before the browser opens.
	m, _ := New(Config{ClientID: "4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e80", Authority: "http://127.0.0.1:1/contoso.example",
		GraphURL: "http://127.0.0.1:1", Store: memoryStore(), Logger: discardLogger()})
	if err := m.CheckRegistration(context.Background()); err == nil {
		t.Error("an unreachable identity platform passed the check")
	}
}
