package main

import (
	"context"
	"fmt"
	"io"
)

// runWindow opens the PrintDrop window. Until the window lands, it explains
// what this build can do instead of failing silently.
func runWindow(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "printdrop: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	usage(stdout)
	return exitOK
}
