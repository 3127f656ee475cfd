package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// Property names of printerShare and printer, for $select.
var (
	shareProps   = []string{"id", "displayName", "manufacturer", "model", "location", "isAcceptingJobs", "status", "allowAllUsers", "createdDateTime", "capabilities", "defaults", "viewPoint"}
	printerProps = []string{"id", "displayName", "manufacturer", "model", "location", "isAcceptingJobs", "status", "hasPhysicalDevice", "isShared", "lastSeenDateTime", "registeredDateTime", "capabilities", "defaults"}
	// basicShareProps is all a non-administrator gets in a share list.
	basicShareProps = []string{"id", "displayName", "manufacturer", "model", "location"}
	adminShareList  = []string{"id", "displayName", "manufacturer", "model", "location", "createdDateTime", "isAcceptingJobs", "allowAllUsers", "status"}
	shareGet        = []string{"id", "displayName", "manufacturer", "model", "location", "isAcceptingJobs", "status", "allowAllUsers", "createdDateTime", "defaults", "viewPoint"}
	printerList     = []string{"id", "displayName", "manufacturer", "model", "location", "isAcceptingJobs", "status", "hasPhysicalDevice", "isShared", "lastSeenDateTime", "registeredDateTime"}
	printerGet      = append(slices.Clone(printerList), "defaults")
)

func statusJSON(ps PrinterStatus) map[string]any {
	return map[string]any{"state": ps.State, "details": slices.Clone(ps.Details), "description": ps.Description}
}

func shareEntity(p *SeedPrinter) map[string]any {
	return map[string]any{
		"id": p.Share.ID, "displayName": p.Share.DisplayName, "manufacturer": p.Manufacturer, "model": p.Model,
		"location": p.Location, "isAcceptingJobs": p.IsAcceptingJobs, "status": statusJSON(p.Status),
		"allowAllUsers": p.Share.AllowAllUsers, "createdDateTime": p.Share.CreatedDateTime,
		"capabilities": p.Capabilities, "defaults": p.Defaults, "viewPoint": map[string]any{"lastUsedDateTime": nil},
	}
}

func printerEntity(p *SeedPrinter) map[string]any {
	return map[string]any{
		"id": p.ID, "displayName": p.DisplayName, "manufacturer": p.Manufacturer, "model": p.Model,
		"location": p.Location, "isAcceptingJobs": p.IsAcceptingJobs, "status": statusJSON(p.Status),
		"hasPhysicalDevice": p.HasPhysicalDevice, "isShared": true, "lastSeenDateTime": p.RegisteredDateTime,
		"registeredDateTime": p.RegisteredDateTime, "capabilities": p.Capabilities, "defaults": p.Defaults,
	}
}

var shareRules = queryRules{paged: true, props: shareProps, expands: []string{"printer"}, filter: true}

// filtersRestricted reports a filter on capabilities or location, which
// reduces list items to the basic properties.
func filtersRestricted(fs []filterClause) bool {
	for _, f := range fs {
		if f.path[0] == "capabilities" || f.path[0] == "location" {
			return true
		}
	}
	return false
}

// checkShareFilter refuses filters on anything but simple properties; in
// lenient mode "printer/id" reproduces the 500 reported in the wild.
func (s *Server) checkShareFilter(w http.ResponseWriter, fs []filterClause) (handled bool, e *apiError) {
	for _, f := range fs {
		if f.path[0] == "printer" {
			if !s.cfg.Strict {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte(`{"Code":"InvalidODataUri","Message":"Found a Uri function 'cast' with a parent token. Uri functions cannot have parent tokens."}`))
				return true, nil
			}
			return false, badRequest("Filtering shares on printer/... is not supported.")
		}
		if !slices.Contains(shareProps, f.path[0]) || (len(f.path) > 1 && f.path[0] != "location" && f.path[0] != "capabilities" && f.path[0] != "status") {
			return false, badRequest("Filtering shares on %s is not supported: use eq on a simple property.", strings.Join(f.path, "/"))
		}
	}
	return false, nil
}

func (s *Server) onListShares(w http.ResponseWriter, r *request) *apiError {
	q, e := parseOData(r.Request, shareRules)
	if e != nil {
		return e
	}
	if handled, e := s.checkShareFilter(w, q.filter); handled || e != nil {
		return e
	}
	allowed := adminShareList
	if !r.c.user.PrinterAdmin || filtersRestricted(q.filter) {
		allowed = basicShareProps
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Only the page is rendered: a 10,000-share tenant would otherwise
	// build every share's entity for each of its 100 pages.
	var visible []*SeedPrinter
	for _, p := range s.st.printers {
		if canSee(p, r.c.user) && (q.filter == nil || matches(shareEntity(p), q.filter)) {
			visible = append(visible, p)
		}
	}
	pagePrinters, next := page(graphBase(r.Request), r.Request, q, visible)
	items := make([]map[string]any, 0, len(pagePrinters))
	for _, p := range pagePrinters {
		out := project(shareEntity(p), q.selects, allowed, allowed)
		s.expandPrinter(out, p, q)
		items = append(items, out)
	}
	body := map[string]any{"@odata.context": s.context(r, "print/shares"), "value": items}
	if next != "" {
		body["@odata.nextLink"] = next
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// expandPrinter adds the share's printer when $expand=printer asks for it.
func (s *Server) expandPrinter(out map[string]any, p *SeedPrinter, q odata) {
	sel, ok := q.expand["printer"]
	if !ok {
		return
	}
	out["printer"] = project(printerEntity(p), sel, printerGet, nil)
}

func (s *Server) writeCollection(w http.ResponseWriter, r *request, q odata, ctx string, items []map[string]any) {
	pageItems, next := page(graphBase(r.Request), r.Request, q, items)
	if pageItems == nil {
		pageItems = []map[string]any{}
	}
	body := map[string]any{"@odata.context": s.context(r, ctx), "value": pageItems}
	if next != "" {
		body["@odata.nextLink"] = next
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) onGetShare(w http.ResponseWriter, r *request) *apiError {
	q, e := parseOData(r.Request, queryRules{props: shareProps, expands: []string{"printer"}})
	if e != nil {
		return e
	}
	s.mu.Lock()
	out := project(shareEntity(r.printer), q.selects, shareGet, nil)
	s.expandPrinter(out, r.printer, q)
	s.mu.Unlock()
	out["@odata.context"] = s.context(r, "print/shares/$entity")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// onSharePrinter serves GET /print/shares/{id}/printer. Non-administrators
// get the basic properties, enough to find the printer id for cancel.
func (s *Server) onSharePrinter(w http.ResponseWriter, r *request) *apiError {
	q, e := parseOData(r.Request, queryRules{props: printerProps})
	if e != nil {
		return e
	}
	var allowed []string
	if !r.c.user.PrinterAdmin {
		allowed = basicShareProps
	}
	s.mu.Lock()
	out := project(printerEntity(r.printer), q.selects, printerGet, allowed)
	s.mu.Unlock()
	out["@odata.context"] = s.context(r, "print/printers/$entity")
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) onListPrinters(w http.ResponseWriter, r *request) *apiError {
	if !r.c.user.PrinterAdmin {
		return adminRequired()
	}
	q, e := parseOData(r.Request, queryRules{paged: true, props: printerProps, expands: []string{"shares"}, filter: true})
	if e != nil {
		return e
	}
	s.mu.Lock()
	var items []map[string]any
	for _, p := range s.st.printers {
		ent := printerEntity(p)
		if !matches(ent, q.filter) {
			continue
		}
		out := project(ent, q.selects, printerList, printerList)
		if sel, ok := q.expand["shares"]; ok {
			out["shares"] = []map[string]any{project(shareEntity(p), sel, shareGet, nil)}
		}
		items = append(items, out)
	}
	s.mu.Unlock()
	s.writeCollection(w, r, q, "print/printers", items)
	return nil
}

func (s *Server) onGetPrinter(w http.ResponseWriter, r *request) *apiError {
	if !r.c.user.PrinterAdmin {
		return adminRequired()
	}
	q, e := parseOData(r.Request, queryRules{props: printerProps, expands: []string{"shares"}})
	if e != nil {
		return e
	}
	s.mu.Lock()
	out := project(printerEntity(r.printer), q.selects, printerGet, nil)
	if sel, ok := q.expand["shares"]; ok {
		out["shares"] = []map[string]any{project(shareEntity(r.printer), sel, shareGet, nil)}
	}
	s.mu.Unlock()
	out["@odata.context"] = s.context(r, "print/printers/$entity")
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) onPrinterShares(w http.ResponseWriter, r *request) *apiError {
	if !r.c.user.PrinterAdmin {
		return adminRequired()
	}
	q, e := parseOData(r.Request, queryRules{paged: true, props: shareProps})
	if e != nil {
		return e
	}
	s.mu.Lock()
	items := []map[string]any{project(shareEntity(r.printer), q.selects, adminShareList, adminShareList)}
	s.mu.Unlock()
	s.writeCollection(w, r, q, "print/printers('"+r.printer.ID+"')/shares", items)
	return nil
}

// onRecentShares lists the shares the caller printed to, most recent first.
func (s *Server) onRecentShares(w http.ResponseWriter, r *request) *apiError {
	q, e := parseOData(r.Request, queryRules{paged: true, props: shareProps})
	if e != nil {
		return e
	}
	s.mu.Lock()
	seen := map[string]bool{}
	var items []map[string]any
	for i := len(s.st.jobOrder) - 1; i >= 0; i-- {
		j := s.st.jobOrder[i]
		p := s.st.byPrinter[strings.ToLower(j.printerID)]
		if j.createdBy.ID != r.c.user.ID || p == nil || seen[p.ID] || !canSee(p, r.c.user) {
			continue
		}
		seen[p.ID] = true
		ent := shareEntity(p)
		ent["viewPoint"] = map[string]any{"lastUsedDateTime": graphTime(j.created)}
		items = append(items, project(ent, q.selects, append(slices.Clone(basicShareProps), "viewPoint"), nil))
	}
	s.mu.Unlock()
	s.writeCollection(w, r, q, "users('"+r.c.user.ID+"')/print/recentPrinterShares", items)
	return nil
}
