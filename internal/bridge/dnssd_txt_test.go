package bridge

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"printdrop/internal/emulator"
	"printdrop/internal/graph"
	"printdrop/internal/workflow"
)

// txtMap reads a TXT record's key=value strings, failing on a repeated key.
func txtMap(t *testing.T, txt []string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, kv := range txt {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Errorf("TXT string %q has no '='", kv)
		}
		if _, dup := m[k]; dup {
			t.Errorf("TXT key %q twice", k)
		}
		m[k] = v
	}
	return m
}

// TestAdvertsTXT checks each printer's TXT record against what CUPS and
// cups-browsed read, and against the printer's own IPP attributes.
func TestAdvertsTXT(t *testing.T) {
	shares := []string{emulator.ShareDefault, emulator.ShareColor, emulator.ShareStopped}
	b := startBridge(t, nil, shares...)
	ads := b.srv.Adverts()
	if len(ads) != len(shares) {
		t.Fatalf("%d adverts for %d printers", len(ads), len(shares))
	}
	for i, ad := range ads {
		id := shares[i]
		pr := b.srv.printers[id]
		p, o := pr.current(), optionsOf(pr.current())
		if ad.ShareID != id || ad.Instance != p.Name() {
			t.Errorf("advert %d: share %q instance %q, want %q %q", i, ad.ShareID, ad.Instance, id, p.Name())
		}
		m := txtMap(t, ad.TXT)
		if _, bad := m["printer-type"]; bad {
			t.Errorf("%s: TXT has printer-type, which makes cups-browsed skip the printer", id)
		}
		attrs := b.srv.printerAttributes(p, o, b.addr, availabilityOf(p, nil, 0, ""))
		uuid := ""
		for _, a := range attrs {
			if a.Name == "printer-uuid" {
				uuid = strings.TrimPrefix(a.Values[0].V.String(), "urn:uuid:")
			}
		}
		want := map[string]string{
			"txtvers": "1", "qtotal": "1", "rp": "printers/" + id, "pdl": "application/pdf",
			"ty": makeAndModel(p), "product": "(" + makeAndModel(p) + ")", "note": location(p),
			"UUID": uuid, "Color": "F", "Duplex": "T",
		}
		if o.isColor {
			want["Color"] = "T"
		}
		if len(o.sides) == 1 {
			want["Duplex"] = "F"
		}
		for k, v := range want {
			if m[k] != v {
				t.Errorf("%s: TXT %s=%q, want %q", id, k, m[k], v)
			}
		}
	}
	// The demo shares differ where it matters: the test sees both values.
	colors := []string{txtMap(t, ads[1].TXT)["Color"], txtMap(t, ads[2].TXT)["Color"]}
	duplex := []string{txtMap(t, ads[0].TXT)["Duplex"], txtMap(t, ads[2].TXT)["Duplex"]}
	if !slices.Equal(colors, []string{"T", "F"}) || !slices.Equal(duplex, []string{"T", "F"}) {
		t.Errorf("Color %v (want [T F]), Duplex %v (want [T F])", colors, duplex)
	}
}

// TestTXTBounds feeds names from a hostile tenant: every TXT string stays
// within DNS's 255 bytes and valid UTF-8, the instance within 63 bytes, and
// control characters do not pass.
func TestTXTBounds(t *testing.T) {
	long := strings.Repeat("é", 300) + "\x1b[31m"
	p := workflow.Printer{Share: graph.Share{ID: "s1", DisplayName: long + "\nname", Manufacturer: long, Model: long,
		Location: &graph.Location{Site: long, City: "a\x00b"}}}
	for _, kv := range txtRecord(p, optionsOf(p)) {
		if len(kv) > 255 || !utf8.ValidString(kv) || strings.ContainsAny(kv, "\x00\x1b\n") {
			t.Errorf("TXT string of %d bytes, valid UTF-8 %v: %q", len(kv), utf8.ValidString(kv), kv)
		}
	}
	if n := clipBytes(sanitize(p.Name(), 63), 63); len(n) > 63 || !utf8.ValidString(n) {
		t.Errorf("instance name of %d bytes: %q", len(n), n)
	}
}

// TestQueued tells a queue made for a printer (by --add-queues or by hand)
// from queues for other printers, ports and hosts.
func TestQueued(t *testing.T) {
	uris := []string{
		"ipp://127.0.0.1:8631/printers/a",
		"ipp://localhost:8631/printers/b",
		"ipp://[::1]:8631/printers/c",
		"ipp://127.0.0.1:9999/printers/d",
		"ipp://vm.local:8631/printers/e",
		"dnssd://f._ipp._tcp.local/",
		"ipp://127.0.0.1:8631/printers/g/extra",
		"%%bad",
	}
	for id, want := range map[string]bool{"a": true, "b": true, "c": true, "d": false, "e": false, "f": false, "g": false, "h": false} {
		if got := Queued(uris, 8631, id); got != want {
			t.Errorf("Queued(%s) = %v, want %v", id, got, want)
		}
	}
}
