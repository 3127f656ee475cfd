package emulator

import "fmt"

// largeShareFormat and largePrintFormat give LargeSeed's shares and
// printers ids that never clash with the demo seed's (5a2e…/9c1d…).
const (
	largeShareFormat = "5a2f0000-0000-4000-8000-%012x"
	largePrintFormat = "9c1e0000-0000-4000-8000-%012x"
)

// MaxSeedShares bounds LargeSeed, so a control call cannot make the
// emulator build an unbounded data set.
const MaxSeedShares = 100_000

// LargeShareID is the id of LargeSeed's i-th share (0-based).
func LargeShareID(i int) string { return fmt.Sprintf(largeShareFormat, i) }

// LargeSeed returns base with its printers replaced by n shares: the demo
// seed's 30 printers repeated, named "Share 00000 – <demo name>" to
// "Share 09999 – …" for n = 10,000, every one visible to every user, so a
// test can see what a large tenant costs. Users, tenant and client id stay
// those of base.
func LargeSeed(base Seed, n int) Seed {
	n = min(max(n, 0), MaxSeedShares)
	out := base
	out.Printers = make([]SeedPrinter, n)
	for i := range n {
		p := demoPrinter(i%30 + 1)
		p.ID = fmt.Sprintf(largePrintFormat, i)
		p.DisplayName = fmt.Sprintf("Share %05d – %s", i, p.DisplayName)
		p.Share.ID = LargeShareID(i)
		p.Share.DisplayName = fmt.Sprintf("Share %05d – %s", i, p.Share.DisplayName)
		p.Share.AllowAllUsers, p.Share.AllowedUsers = true, nil
		out.Printers[i] = p
	}
	return out
}
