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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	fi, err := os.Stderr.Stat()
	terminal := err == nil && fi.Mode()&os.ModeCharDevice != 0
	code := cli.RunTerminal(ctx, os.Args[1:], os.Stdout, os.Stderr, terminal)
	stop()
	os.Exit(code)
}
