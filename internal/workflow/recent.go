package workflow

import (
	"context"
	"slices"
)

// Recent printers: the shares the user printed to lately, which the window
// lists first (GET /me/print/recentPrinterShares, a beta page).

// RecentPrinters lists the shares the user printed to lately as rows,
// most recent first (viewPoint.lastUsedDateTime). One request. A tenant or
// cloud that does not serve the list gives none and no error: the printer
// list then keeps the service's order. Only a cancelled ctx is an error.
func (s *Service) RecentPrinters(ctx context.Context) ([]PrinterRow, error) {
	shares, err := s.graph.RecentShares(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s.log.Debug("could not list the recent printers", "err", err)
		return nil, nil
	}
	rows := make([]PrinterRow, 0, len(shares))
	for _, sh := range shares {
		if sh.ID == "" || listedIn(rows, sh.ID) {
			continue
		}
		r := printerRow(sh)
		if sh.ViewPoint != nil {
			r.LastUsed = sh.ViewPoint.LastUsedDateTime.Time
		}
		rows = append(rows, r)
	}
	// Newest first; a share without a time goes last, in the service's order.
	slices.SortStableFunc(rows, func(a, b PrinterRow) int { return b.LastUsed.Compare(a.LastUsed) })
	return rows, nil
}

// listedIn reports whether rows has the share id.
func listedIn(rows []PrinterRow, id string) bool {
	return slices.ContainsFunc(rows, func(r PrinterRow) bool { return r.ID == id })
}
