package graph

import (
	"context"
	"net/http"
	"strconv"
	"strings"
)

// ShareQuery narrows a share listing. Zero values leave Graph's defaults.
type ShareQuery struct {
	Top    int      // page size ($top); Graph may return fewer
	Filter string   // raw OData $filter, e.g. "displayName eq 'Lobby'"
	Select []string // properties ($select); capabilities appear only when selected
}

func (q ShareQuery) query() query {
	var v query
	if q.Top > 0 {
		v = append(v, [2]string{"$top", strconv.Itoa(q.Top)})
	}
	v = append(v, [2]string{"$filter", q.Filter}, [2]string{"$select", strings.Join(q.Select, ",")})
	return v
}

// shareSelect is what Share asks for: everything the job form needs.
var shareSelect = []string{"id", "displayName", "manufacturer", "model", "location",
	"isAcceptingJobs", "status", "capabilities", "defaults"}

// Me returns the signed-in user.
func (c *Client) Me(ctx context.Context) (User, error) {
	var u User
	err := c.get(ctx, "read your account", c.apiURL(c.version, "/me", query{{"$select", "id,displayName,userPrincipalName,mail"}}), &u)
	if err == nil {
		c.mu.Lock()
		c.me = &u
		c.mu.Unlock()
	}
	return u, err
}

// cachedMe returns the user, asking Graph only the first time.
func (c *Client) cachedMe(ctx context.Context) (User, error) {
	c.mu.Lock()
	me := c.me
	c.mu.Unlock()
	if me != nil {
		return *me, nil
	}
	return c.Me(ctx)
}

// Shares lists every share the user can see, following all pages.
func (c *Client) Shares(ctx context.Context, q ShareQuery) ([]Share, error) {
	return all[Share](ctx, c, "list printers", c.apiURL(c.version, "/print/shares", q.query()))
}

// SharePages lists shares page by page, so a UI can show the first ones at
// once; an error from fn stops the walk and is returned as is.
func (c *Client) SharePages(ctx context.Context, q ShareQuery, fn func([]Share) error) error {
	return pages(ctx, c, "list printers", c.apiURL(c.version, "/print/shares", q.query()), fn)
}

// RecentShares lists the shares the user printed to lately. Graph documents
// this only on beta, so it always uses beta.
func (c *Client) RecentShares(ctx context.Context) ([]Share, error) {
	return all[Share](ctx, c, "list recent printers", c.apiURL("beta", "/me/print/recentPrinterShares", nil))
}

// Share returns one share with its status, capabilities and defaults.
func (c *Client) Share(ctx context.Context, id string) (Share, error) {
	var s Share
	err := c.get(ctx, "read printer details", c.apiURL(c.version, "/print/shares/"+seg(id), query{{"$select", strings.Join(shareSelect, ",")}}), &s)
	return s, err
}

// SharePrinterID returns the id of the printer behind a share, which the
// printer-only routes (cancel) need. It asks with $expand first and falls
// back to /print/shares/{id}/printer; the answer is cached per share.
func (c *Client) SharePrinterID(ctx context.Context, shareID string) (string, error) {
	c.mu.Lock()
	id, ok := c.printerIDs[shareID]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	var s struct {
		Printer *struct {
			ID string `json:"id"`
		} `json:"printer"`
	}
	err := c.get(ctx, "find the printer behind a share", c.apiURL(c.version, "/print/shares/"+seg(shareID),
		query{{"$select", "id"}, {"$expand", "printer($select=id)"}}), &s)
	if err == nil && s.Printer != nil && s.Printer.ID != "" {
		id = s.Printer.ID
	} else {
		if err != nil {
			if st := statusOf(err); st != http.StatusBadRequest && st != http.StatusForbidden && st != http.StatusNotImplemented {
				return "", err
			}
		}
		var p struct {
			ID string `json:"id"`
		}
		if err := c.get(ctx, "find the printer behind a share", c.apiURL(c.version, "/print/shares/"+seg(shareID)+"/printer", query{{"$select", "id"}}), &p); err != nil {
			return "", err
		}
		if p.ID == "" {
			return "", &Error{Op: "find the printer behind a share", Host: c.host, StatusCode: http.StatusNotFound, Message: "the share has no printer"}
		}
		id = p.ID
	}
	c.mu.Lock()
	if c.printerIDs == nil {
		c.printerIDs = map[string]string{}
	}
	c.printerIDs[shareID] = id
	c.mu.Unlock()
	return id, nil
}
