package emulator

import (
	"mime"
	"net/http"
	"strings"
	"time"
)

// docProps is printDocumentUploadProperties.
type docProps struct {
	ContentType  string `json:"contentType"`
	DocumentName string `json:"documentName"`
	Size         int64  `json:"size"`
}

// checkProps checks a new document as the service does: names and size, then content type against the
// printer, with the OXPS->PDF conversion exception.
func checkProps(p docProps, caps Capabilities) *apiError {
	switch {
	case strings.TrimSpace(p.DocumentName) == "":
		return badRequest("properties.documentName is required and must not be empty.")
	case strings.TrimSpace(p.ContentType) == "":
		return badRequest("properties.contentType is required and must not be empty.")
	case p.Size < 1:
		return badRequest("properties.size must be at least 1 byte; empty documents cannot be printed.")
	case p.Size > maxDocumentSize:
		return errorf(http.StatusRequestEntityTooLarge, "invalidRequest",
			"The document has %d bytes; Universal Print takes at most %d bytes (1 GB) per job.", p.Size, maxDocumentSize)
	}
	want := baseType(p.ContentType)
	supported := false
	hasPDF := false
	for _, ct := range caps.ContentTypes {
		if baseType(ct) == want {
			supported = true
		}
		if baseType(ct) == "application/pdf" {
			hasPDF = true
		}
	}
	if supported || (want == "application/oxps" && hasPDF) {
		return nil
	}
	var b strings.Builder
	b.WriteString("Unsupported document-format: " + p.ContentType + ". Supported formats: Attribute document-format-supported:")
	for _, ct := range caps.ContentTypes {
		b.WriteString(" SimpleIppValue-Type:MimeMediaType-Value:" + ct)
	}
	b.WriteString("\n")
	return &apiError{status: http.StatusUnsupportedMediaType, code: "415", message: b.String()}
}

// baseType lower-cases a media type and drops its parameters.
func baseType(ct string) string {
	if t, _, err := mime.ParseMediaType(ct); err == nil {
		return t
	}
	return strings.ToLower(strings.TrimSpace(ct))
}

func (s *Server) onCreateUploadSession(w http.ResponseWriter, r *request) *apiError {
	var body struct {
		Properties *docProps `json:"properties"`
	}
	if e := decodeBody(r.Request, &body, false); e != nil {
		return e
	}
	if body.Properties == nil {
		return badRequest("The body must be {\"properties\": {\"documentName\", \"contentType\", \"size\"}}.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j, e := s.docFor(r)
	if e != nil {
		return e
	}
	if e := s.canUpload(j); e != nil {
		return e
	}
	if e := checkProps(*body.Properties, r.printer.Capabilities); e != nil {
		return e
	}
	if e := s.uploadLimit(r.c.user.ID, body.Properties.Size, time.Now()); e != nil {
		return e
	}
	us, err := s.st.newSession(j, *body.Properties, s.cfg.SessionTTL, false)
	if err != nil {
		return errorf(http.StatusInternalServerError, "generalException", "The emulator could not open an upload session: %v", err)
	}
	us.userID, us.clientID = r.c.user.ID, r.c.principal.ClientID
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.context":     s.context(r, "microsoft.graph.uploadSession"),
		"uploadUrl":          s.uploadBase(r.Request) + "/uploadSessions/" + us.id + "?tempauthtoken=" + us.token,
		"expirationDateTime": graphTime(us.expires),
		"nextExpectedRanges": us.gaps().strings(),
	})
	return nil
}

// canUpload allows sessions only while the job waits for its document.
// Called with s.mu held.
func (s *Server) canUpload(j *job) *apiError {
	if j.state != "paused" || !containsDetail(j.details, "uploadPending") {
		return s.wrongState("The print job %s is %s, so its document can no longer be uploaded. Create a new job.", j.id, j.state)
	}
	if j.uploadDone() {
		return s.wrongState("The document of print job %s is already uploaded. Start the job, or create a new job for another file.", j.id)
	}
	return nil
}

func containsDetail(ds []string, d string) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}
