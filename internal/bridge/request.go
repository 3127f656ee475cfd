package bridge

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/OpenPrinting/goipp"

	"printdrop/internal/capped"
	"printdrop/internal/safetext"
	"printdrop/internal/say"
)

// idleReader pushes the connection's read deadline before every read, so a
// client that stops sending is dropped after readIdle, however large the
// document (CUPS sends chunked bodies: no length to plan for); never past
// end, so a body that trickles a byte at a time ends too.
type idleReader struct {
	r   io.Reader
	rc  *http.ResponseController
	end time.Time
}

func (i *idleReader) Read(p []byte) (int, error) {
	d := time.Now().Add(readIdle)
	if d.After(i.end) {
		d = i.end
	}
	_ = i.rc.SetReadDeadline(d)
	return i.r.Read(p)
}

// serveIPP decodes one IPP request over HTTP POST and answers it.
func (s *Server) serveIPP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "IPP requests are POSTed", http.StatusMethodNotAllowed)
		return
	}
	if !s.hostIsLocal(r.Host, true) || r.Header.Get("Origin") != "" {
		// DNS rebinding or a web page: refused before a byte of the body.
		s.log.Warn("refused an IPP request that does not name this computer", "host", safetext.Show(r.Host))
		http.Error(w, "PrintDrop bridge: IPP requests must name this computer (localhost or 127.0.0.1) and come from no web page", http.StatusForbidden)
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/ipp" {
		http.Error(w, "the body must be application/ipp", http.StatusUnsupportedMediaType)
		return
	}
	if r.ContentLength > s.cfg.MaxDocument+maxAttributes {
		// Refused before reading: the body says it is too large.
		http.Error(w, "PrintDrop bridge: "+tooLargeSentence("", s.cfg.MaxDocument), http.StatusRequestEntityTooLarge)
		return
	}
	now := time.Now()
	body := &idleReader{r: r.Body, rc: http.NewResponseController(w), end: now.Add(maxHeadTime)}
	head := &capped.Reader{R: body, N: maxAttributes}
	var req goipp.Message
	err := req.Decode(head)
	body.end = now.Add(s.cfg.BodyTimeout)
	if err != nil {
		if errors.Is(err, capped.ErrTooLarge) {
			http.Error(w, "the IPP attributes are too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "not a valid IPP request", http.StatusBadRequest)
		return
	}
	rq := &request{msg: &req, op: goipp.Op(req.Code), host: r.Host, share: r.PathValue("share"),
		doc: &capped.Reader{R: body, N: s.cfg.MaxDocument}}
	resp := s.handle(r.Context(), rq)
	w.Header().Set("Content-Type", "application/ipp")
	b, err := resp.EncodeBytes()
	if err != nil {
		s.log.Error("encode an IPP response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(b)
}

// request is one decoded IPP request.
type request struct {
	msg   *goipp.Message
	op    goipp.Op
	host  string // the HTTP Host, for URIs in answers
	share string // from the path
	doc   *capped.Reader
}

// attr returns the first value of an operation attribute, or nil.
func (rq *request) attr(name string) goipp.Value {
	return first(rq.msg.Operation, name)
}

// str returns an operation attribute as a string, "" when absent.
func (rq *request) str(name string) string {
	if v := rq.attr(name); v != nil {
		return v.String()
	}
	return ""
}

func first(attrs goipp.Attributes, name string) goipp.Value {
	for _, a := range attrs {
		if a.Name == name && len(a.Values) > 0 {
			return a.Values[0].V
		}
	}
	return nil
}

// response builds answers with the operation attributes every answer has.
type response struct {
	msg *goipp.Message
}

func newResponse(rq *request, st goipp.Status, message string) *response {
	v := rq.msg.Version
	if v.Major() < 1 || v.Major() > 2 {
		v = goipp.MakeVersion(2, 0)
	}
	m := goipp.NewResponse(v, st, rq.msg.RequestID)
	m.Operation.Add(goipp.MakeAttribute("attributes-charset", goipp.TagCharset, goipp.String("utf-8")))
	m.Operation.Add(goipp.MakeAttribute("attributes-natural-language", goipp.TagLanguage, goipp.String("en")))
	if message != "" {
		m.Operation.Add(goipp.MakeAttribute("status-message", goipp.TagText, goipp.String(sanitize(message, 255))))
	}
	return &response{msg: m}
}

// sanitize makes text from outside (share names, job names, Universal
// Print's descriptions) safe to show, as everywhere in PrintDrop, and keeps
// it within max characters (IPP text values are bounded).
func sanitize(s string, max int) string {
	s = safetext.Show(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max])
}

// sentence is one of the bridge's sentences (a job's or the printer's
// state message) as an IPP value. They are in the user's language
// (internal/say), while a response's natural language is English, the
// language of its status messages: in another language the sentence says
// which, as text-with-language (RFC 8011 5.1.2.2; "de", "pt-br").
func sentence(text string) goipp.Value {
	if tag := strings.ToLower(say.Language()); tag != "en" {
		return goipp.TextWithLang{Lang: tag, Text: text}
	}
	return goipp.String(text)
}

// sentenceTag is the tag sentence's values take.
func sentenceTag() goipp.Tag {
	if strings.ToLower(say.Language()) != "en" {
		return goipp.TagTextLang
	}
	return goipp.TagText
}
