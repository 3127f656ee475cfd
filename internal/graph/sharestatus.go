package graph

import "context"

// shareStatusSelect is all ShareStatus asks for: a share list leaves status
// and isAcceptingJobs out for anyone but a Printer Administrator, while
// a single share's GET returns them to every user who can see the share.
const shareStatusSelect = "id,status,isAcceptingJobs"

// ShareStatus returns one share with only its id, status and
// isAcceptingJobs: the lean read a printer list makes for each row, where
// Share would also carry capabilities and defaults it does not need.
func (c *Client) ShareStatus(ctx context.Context, id string) (Share, error) {
	var s Share
	err := c.get(ctx, "read the printer's status", c.apiURL(c.version, "/print/shares/"+seg(id), query{{"$select", shareStatusSelect}}), &s)
	return s, err
}
