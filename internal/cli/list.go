package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tariffsim/tariffsim/scenarios"
)

func listCommand() *command {
	return &command{
		name:     "list",
		synopsis: "list the shipped scenarios",
		usage:    "",
		help: `
Lists the scenarios shipped with tariffsim (the scenarios/ folder, built into
the binary) with their one-line descriptions. Run one by name:

	tariffsim run us-canada-mexico-25`,
		flags: func(*flag.FlagSet) any { return nil },
		run: func(_ context.Context, e *env, _ any, args []string) error {
			if len(args) > 0 {
				return usagef("list takes no arguments")
			}
			list, err := scenarios.List()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			for _, s := range list {
				fmt.Fprintf(tw, "%s\t%s\n", strings.TrimSuffix(s.File, ".toml"), s.Name)
			}
			return tw.Flush()
		},
	}
}
