package bridge

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/workflow"
)

// getPrinterAttributes describes the printer from the share's
// capabilities, defaults and status.
func (s *Server) getPrinterAttributes(ctx context.Context, rq *request, pr *printer) *goipp.Message {
	p, opts := s.refresh(ctx, pr)
	r := newResponse(rq, goipp.StatusOk, "")
	want, _ := requested(rq)
	for _, a := range s.printerAttributes(p, opts, rq.host, s.availability(pr, p)) {
		if want == nil || want[a.Name] {
			r.msg.Printer.Add(a)
		}
	}
	return r.msg
}

// printerAttributes lists every printer attribute.
func (s *Server) printerAttributes(p workflow.Printer, o options, host string, av availability) goipp.Attributes {
	var out goipp.Attributes
	add := func(name string, tag goipp.Tag, v goipp.Value, more ...goipp.Value) {
		out.Add(goipp.MakeAttr(name, tag, v, more...))
	}
	keywords := func(name string, list []string) {
		a := goipp.Attribute{Name: name}
		for _, v := range list {
			a.Values.Add(goipp.TagKeyword, goipp.String(v))
		}
		out.Add(a)
	}
	enums := func(name string, list []choice) {
		a := goipp.Attribute{Name: name}
		for _, c := range list {
			n, _ := strconv.Atoi(c.ipp)
			a.Values.Add(goipp.TagEnum, goipp.Integer(n))
		}
		out.Add(a)
	}
	ipps := func(list []choice) []string {
		var out []string
		for _, c := range list {
			out = append(out, c.ipp)
		}
		return out
	}
	enumOf := func(list []choice, up string) goipp.Integer {
		n, _ := strconv.Atoi(ippOf(list, up))
		return goipp.Integer(n)
	}

	uri := "ipp://" + host + "/printers/" + p.ID()
	uuid := "urn:uuid:" + printerUUID(p.ID())

	// Description and identity.
	add("printer-uri-supported", goipp.TagURI, goipp.String(uri))
	add("uri-security-supported", goipp.TagKeyword, goipp.String("none"))
	add("uri-authentication-supported", goipp.TagKeyword, goipp.String("requesting-user-name"))
	add("printer-name", goipp.TagName, goipp.String(sanitize(p.Name(), 127)))
	add("printer-info", goipp.TagText, goipp.String(sanitize(p.Name(), 127)))
	add("printer-location", goipp.TagText, goipp.String(sanitize(location(p), 127)))
	add("printer-make-and-model", goipp.TagText, goipp.String(sanitize(makeAndModel(p), 127)))
	add("printer-more-info", goipp.TagURI, goipp.String("https://portal.azure.com/#view/Microsoft_Azure_UniversalPrint"))
	add("printer-uuid", goipp.TagURI, goipp.String(uuid))
	add("printer-device-id", goipp.TagText, goipp.String("MFG:PrintDrop;MDL:Universal Print;CMD:PDF;"))
	add("ipp-versions-supported", goipp.TagKeyword, goipp.String("1.0"), goipp.String("1.1"), goipp.String("2.0"))
	ops := goipp.Attribute{Name: "operations-supported"}
	for _, op := range operations {
		ops.Values.Add(goipp.TagEnum, goipp.Integer(op))
	}
	out.Add(ops)
	add("multiple-document-jobs-supported", goipp.TagBoolean, goipp.Boolean(false))
	add("multiple-operation-time-out", goipp.TagInteger, goipp.Integer(60))
	add("charset-configured", goipp.TagCharset, goipp.String("utf-8"))
	add("charset-supported", goipp.TagCharset, goipp.String("utf-8"), goipp.String("us-ascii"))
	add("natural-language-configured", goipp.TagLanguage, goipp.String("en"))
	add("generated-natural-language-supported", goipp.TagLanguage, goipp.String("en"))
	add("document-format-default", goipp.TagMimeType, goipp.String("application/pdf"))
	add("document-format-supported", goipp.TagMimeType, goipp.String("application/pdf"))
	add("pdl-override-supported", goipp.TagKeyword, goipp.String("attempted"))
	add("compression-supported", goipp.TagKeyword, goipp.String("none"))
	add("ipp-features-supported", goipp.TagKeyword, goipp.String("none"))
	add("which-jobs-supported", goipp.TagKeyword, goipp.String("completed"), goipp.String("not-completed"), goipp.String("all"))
	add("job-ids-supported", goipp.TagBoolean, goipp.Boolean(false))
	add("job-k-octets-supported", goipp.TagRange, goipp.Range{Lower: 0, Upper: int(s.cfg.MaxDocument >> 10)})
	add("printer-get-attributes-supported", goipp.TagKeyword, goipp.String("document-format"))
	// Both handlings, always: CUPS's ipp backend drops copies to 1 when a
	// job wants collated copies (its default) and the printer lists only
	// uncollated ones, while its PPD has told pdftopdf the printer makes
	// the copies, so lp -n 3 would print once. A share that cannot collate
	// still prints every copy, uncollated.
	add("multiple-document-handling-supported", goipp.TagKeyword,
		goipp.String("separate-documents-uncollated-copies"), goipp.String("separate-documents-collated-copies"))
	add("pages-per-minute", goipp.TagInteger, goipp.Integer(1))
	if o.isColor {
		add("pages-per-minute-color", goipp.TagInteger, goipp.Integer(1))
	}
	add("color-supported", goipp.TagBoolean, goipp.Boolean(o.isColor))

	// State.
	add("printer-state", goipp.TagEnum, goipp.Integer(av.state))
	keywords("printer-state-reasons", av.reasons)
	if av.message != "" {
		add("printer-state-message", sentenceTag(), sentence(av.message))
	}
	add("printer-is-accepting-jobs", goipp.TagBoolean, goipp.Boolean(av.accepting))
	add("queued-job-count", goipp.TagInteger, goipp.Integer(av.queued))
	now := time.Now()
	add("printer-up-time", goipp.TagInteger, goipp.Integer(s.upTime(now)))
	add("printer-current-time", goipp.TagDateTime, goipp.Time{Time: now})
	add("printer-state-change-time", goipp.TagInteger, goipp.Integer(1))
	add("printer-config-change-time", goipp.TagInteger, goipp.Integer(1))

	// Job template: only what the share supports.
	add("job-creation-attributes-supported", goipp.TagKeyword,
		goipp.String("copies"), goipp.String("media"), goipp.String("media-col"), goipp.String("sides"),
		goipp.String("print-color-mode"), goipp.String("print-quality"), goipp.String("orientation-requested"),
		goipp.String("multiple-document-handling"))
	add("copies-default", goipp.TagInteger, goipp.Integer(max(1, p.Defaults.Copies)))
	add("copies-supported", goipp.TagRange, goipp.Range{Lower: 1, Upper: o.maxCopies})
	add("sides-default", goipp.TagKeyword, goipp.String(ippOf(o.sides, p.Defaults.DuplexMode)))
	keywords("sides-supported", ipps(o.sides))
	add("print-color-mode-default", goipp.TagKeyword, goipp.String(ippOf(o.color, p.Defaults.ColorMode)))
	keywords("print-color-mode-supported", ipps(o.color))
	add("print-quality-default", goipp.TagEnum, enumOf(o.quality, p.Defaults.Quality))
	enums("print-quality-supported", o.quality)
	add("orientation-requested-default", goipp.TagEnum, enumOf(o.orientation, p.Defaults.Orientation))
	enums("orientation-requested-supported", o.orientation)
	add("finishings-default", goipp.TagEnum, goipp.Integer(3))
	add("finishings-supported", goipp.TagEnum, goipp.Integer(3))
	add("output-bin-default", goipp.TagKeyword, goipp.String("face-down"))
	add("output-bin-supported", goipp.TagKeyword, goipp.String("face-down"))
	res := goipp.Resolution{Xres: 600, Yres: 600, Units: goipp.UnitsDpi}
	add("printer-resolution-default", goipp.TagResolution, res)
	add("printer-resolution-supported", goipp.TagResolution, res)

	def := o.defaultMedia(p)
	add("media-default", goipp.TagKeyword, goipp.String(def.pwg))
	var names []string
	media := goipp.Attribute{Name: "media-col-database"}
	ready := goipp.Attribute{Name: "media-col-ready"}
	for _, m := range o.media {
		names = append(names, m.pwg)
		media.Values.Add(goipp.TagBeginCollection, mediaCol(m))
		ready.Values.Add(goipp.TagBeginCollection, mediaCol(m))
	}
	keywords("media-supported", names)
	keywords("media-ready", names)
	out.Add(media)
	out.Add(ready)
	add("media-col-default", goipp.TagBeginCollection, mediaCol(def))
	keywords("media-col-supported", []string{"media-size", "media-size-name"})
	sizes := goipp.Attribute{Name: "media-size-supported"}
	for _, m := range o.media {
		sizes.Values.Add(goipp.TagBeginCollection, sizeCol(m))
	}
	out.Add(sizes)
	return out
}

// mediaCol is a media-col collection for a size.
func mediaCol(m mediaSize) goipp.Collection {
	return goipp.Collection{
		goipp.MakeAttribute("media-size", goipp.TagBeginCollection, sizeCol(m)),
		goipp.MakeAttribute("media-size-name", goipp.TagKeyword, goipp.String(m.pwg)),
	}
}

func sizeCol(m mediaSize) goipp.Collection {
	return goipp.Collection{
		goipp.MakeAttribute("x-dimension", goipp.TagInteger, goipp.Integer(m.x)),
		goipp.MakeAttribute("y-dimension", goipp.TagInteger, goipp.Integer(m.y)),
	}
}

// printerState maps the share's readiness to printer-state (3 idle, 4
// processing, 5 stopped) and printer-state-reasons.
func printerState(p workflow.Printer, queued int) (int, []string) {
	var reasons []string
	if p.Share.Status != nil {
		for _, d := range p.Share.Status.Details {
			if k := reasonKeyword(string(d)); k != "" {
				reasons = append(reasons, k)
			}
		}
	}
	state := 3
	switch p.Readiness.State {
	case workflow.Busy:
		state = 4
	case workflow.Stopped:
		state = 5
		if len(reasons) == 0 {
			reasons = append(reasons, "other-error")
		}
	}
	if queued > 0 && state == 3 {
		state = 4
	}
	if len(reasons) == 0 {
		reasons = []string{"none"}
	}
	return state, reasons
}

// reasonKeyword turns a Universal Print status detail (camelCase, derived
// from IPP's) back into an IPP keyword: mediaJam -> media-jam.
func reasonKeyword(d string) string {
	switch d {
	case "", "none", "other":
		return ""
	}
	var b strings.Builder
	for _, r := range d {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('-')
			r += 'a' - 'A'
		}
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return ""
		}
		b.WriteRune(r)
	}
	return b.String()
}

func location(p workflow.Printer) string {
	l := p.Share.Location
	if l == nil {
		return ""
	}
	var parts []string
	for _, s := range []string{l.Site, l.Building, l.City} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

func makeAndModel(p workflow.Printer) string {
	mm := strings.TrimSpace(p.Share.Manufacturer + " " + p.Share.Model)
	if mm == "" {
		return "Universal Print printer"
	}
	return mm + " (Universal Print)"
}

// printerUUID is the printer's UUID, derived from the share id so it stays
// the same across restarts (CUPS and DNS-SD browsers key printers on it).
func printerUUID(shareID string) string {
	sum := sha256.Sum256([]byte(shareID))
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}
