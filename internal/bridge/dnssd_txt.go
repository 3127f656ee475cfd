package bridge

import (
	"strings"
	"unicode/utf8"

	"printdrop/internal/workflow"
)

// ServiceType is the DNS-SD service type the printers are announced as:
// plain IPP, which CUPS (lpstat -e, print dialogs) and cups-browsed browse.
const ServiceType = "_ipp._tcp"

// Advert is one printer as DNS-SD announces it.
type Advert struct {
	// ShareID is the served share.
	ShareID string
	// Instance is the service instance name print dialogs show (at most
	// 63 bytes, as DNS labels are).
	Instance string
	// TXT is the record's key=value strings, each at most 255 bytes.
	TXT []string
}

// Adverts describes each served printer for DNS-SD, in the configured
// order.
func (s *Server) Adverts() []Advert {
	out := make([]Advert, 0, len(s.order))
	for _, id := range s.order {
		pr := s.printers[id]
		pr.mu.Lock()
		p, o := pr.p, pr.opts
		pr.mu.Unlock()
		out = append(out, Advert{ShareID: id, Instance: clipBytes(sanitize(p.Name(), 63), 63), TXT: txtRecord(p, o)})
	}
	return out
}

// txtRecord is the printer's TXT record, with the keys of the Bonjour
// Printing and IPP Everywhere specifications that CUPS reads. It has no
// printer-type key on purpose: cups-browsed takes a record with one for a
// remote CUPS queue and skips it.
func txtRecord(p workflow.Printer, o options) []string {
	yes := func(b bool) string {
		if b {
			return "T"
		}
		return "F"
	}
	model := clipBytes(sanitize(makeAndModel(p), 127), 200)
	kv := [][2]string{
		{"txtvers", "1"},
		{"qtotal", "1"},
		{"rp", "printers/" + p.ID()},
		{"ty", model},
		{"product", "(" + model + ")"},
		{"note", location(p)},
		{"pdl", "application/pdf"},
		{"Color", yes(o.isColor)},
		{"Duplex", yes(len(o.sides) > 1)},
		{"Copies", "T"},
		{"UUID", printerUUID(p.ID())},
		{"kind", "document"},
	}
	out := make([]string, 0, len(kv))
	for _, e := range kv {
		// A TXT string is at most 255 bytes, key and '=' included.
		out = append(out, e[0]+"="+clipBytes(sanitize(e[1], 255), 254-len(e[0])))
	}
	return out
}

// clipBytes cuts s to at most n bytes without splitting a character.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return strings.TrimSpace(s)
}
