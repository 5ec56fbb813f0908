// Command tariffsim simulates tariff and retaliation scenarios on trade
// flows with a partial-equilibrium Armington model. Run 'tariffsim help'.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/tariffsim/tariffsim/internal/cli"
)

func main() {
	// The first SIGINT or SIGTERM cancels ctx: every command stops and
	// exits 130 (serve shuts down and exits 0). Then the default action
	// is back, so a second Ctrl-C kills a command that is slow to stop.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	fi, err := os.Stderr.Stat()
	terminal := err == nil && fi.Mode()&os.ModeCharDevice != 0
	code := cli.RunTerminal(ctx, os.Args[1:], os.Stdout, os.Stderr, terminal)
	stop()
	os.Exit(code)
}
