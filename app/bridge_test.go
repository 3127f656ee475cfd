package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/emulator"
)

// TestBridgeCommand: printdrop bridge prints the JSON line of the contract
// once its printers answer, serves IPP there, and exits 0 when stopped.
// With no system bus (so no avahi) it says once that the printers are not
// announced, naming what is missing, and serves anyway.
func TestBridgeCommand(t *testing.T) {
	e := newSendEnv(t, emulator.Config{})
	t.Setenv("XDG_CACHE_HOME", filepath.Join(e.dir, "cache"))
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path="+filepath.Join(e.dir, "no-bus"))
	var stderr bytes.Buffer
	b := startBridgeCommand(t, []string{"--listen", "127.0.0.1:0", "--share", emulator.ShareDefault, "--share", "Seattle Campus – Marketing Color"}, &stderr)
	line := b.line
	var got struct {
		Listen   string `json:"listen"`
		Printers []struct {
			ShareID string `json:"share_id"`
			Name    string `json:"name"`
			URI     string `json:"uri"`
		} `json:"printers"`
	}
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("line %q: %v", line, err)
	}
	if !strings.HasPrefix(got.Listen, "127.0.0.1:") || len(got.Printers) != 2 ||
		got.Printers[0].ShareID != emulator.ShareDefault || got.Printers[1].ShareID != emulator.ShareColor ||
		got.Printers[0].URI != "ipp://"+got.Listen+"/printers/"+emulator.ShareDefault || got.Printers[1].Name != "Seattle Campus – Marketing Color" {
		t.Fatalf("line %s", line)
	}
	// The printer answers IPP there.
	req := goipp.NewRequest(goipp.MakeVersion(2, 0), goipp.OpGetPrinterAttributes, 1)
	req.Operation.Add(goipp.MakeAttribute("attributes-charset", goipp.TagCharset, goipp.String("utf-8")))
	req.Operation.Add(goipp.MakeAttribute("attributes-natural-language", goipp.TagLanguage, goipp.String("en")))
	req.Operation.Add(goipp.MakeAttribute("printer-uri", goipp.TagURI, goipp.String(got.Printers[0].URI)))
	body, _ := req.EncodeBytes()
	res, err := http.Post("http://"+got.Listen+"/printers/"+emulator.ShareDefault, "application/ipp", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var m goipp.Message
	err = m.Decode(res.Body)
	res.Body.Close()
	if err != nil || goipp.Status(m.Code) != goipp.StatusOk {
		t.Fatalf("Get-Printer-Attributes: %v status %v", err, m.Code)
	}
	b.stop(t, &stderr)
	if n := strings.Count(stderr.String(), "not announced with DNS-SD: the system bus is not available"); n != 1 {
		t.Errorf("the note about DNS-SD appears %d times, want once; stderr: %s", n, stderr.String())
	}
}

// TestBridgeNeedsAShare: without --share nor a remembered choice it says
// what to do.
func TestBridgeNeedsAShare(t *testing.T) {
	newSendEnv(t, emulator.Config{})
	var out, errb bytes.Buffer
	if code := runBridge(context.Background(), testDeps(), nil, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "--share") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if code := runBridge(context.Background(), testDeps(), []string{"--listen", "0.0.0.0:8631", "--share", "x"}, &out, &errb); code != exitUsage {
		t.Fatalf("--listen on every interface: exit %d, want usage", code)
	}
}
