package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/tariffsim/tariffsim/internal/gerun"
	"github.com/tariffsim/tariffsim/model/baseline"
	"github.com/tariffsim/tariffsim/model/scenario"
)

type validateOptions struct {
	baseline string
	maxMiB   int
}

func validateCommand() *command {
	return &command{
		name:     "validate",
		synopsis: "check scenario files without running them",
		usage:    "[--baseline FILE.csv] SCENARIO.toml...",
		help: `
Checks each scenario file: TOML syntax, known keys, percent strings for rates
and shares, elasticity ranges, dates, and that every country and category it
names exists in the baseline (with a "did you mean" hint when not; a scenario
with [model] engine = "ge" is checked against the GE baseline, ge2006). Every
problem in a file is reported, each with its file and line, not only the first.

Prints "ok FILE" for each valid file, and on stderr "warning: ..." for what a
valid file may not mean (a date before every measure's start, say): warnings
leave the exit status 0. Exit status 2 if any file is invalid.

Examples:

	tariffsim validate scenarios/*.toml
	tariffsim validate --baseline my-flows.csv my-scenario.toml`,
		flags: func(fs *flag.FlagSet) any {
			o := &validateOptions{}
			fs.StringVar(&o.baseline, "baseline", "", "check codes against the flows in `FILE.csv` instead of the embedded baseline")
			baselineLimit(fs, &o.maxMiB)
			return o
		},
		run: func(ctx context.Context, e *env, opts any, args []string) error {
			o := opts.(*validateOptions)
			if len(args) == 0 {
				return usagef("validate needs at least one scenario file")
			}
			b, err := loadBaseline(o.baseline, o.maxMiB)
			if err != nil {
				return err
			}
			var geBase *baseline.Baseline // loaded for the first GE scenario
			bad := 0
			for _, path := range args {
				// Ctrl-C stops between files (exit 130): each file is
				// read and checked in time linear in its size, at most
				// scenario.MaxFileSize.
				if err := ctx.Err(); err != nil {
					return err
				}
				fb := b
				// A GE scenario is checked against the GE baseline, the one
				// it runs on, unless --baseline names one.
				if data, file, err := readScenario(path); o.baseline == "" && err == nil && isGE(data, file) {
					if geBase == nil {
						if geBase, err = loadBaseline(gerun.BaselineName, o.maxMiB); err != nil {
							return err
						}
					}
					fb = geBase
				}
				sc, err := loadScenario(path, fb)
				if err != nil {
					bad++
					fmt.Fprintf(e.stderr, "%v\n", unwrapUsage(err))
					continue
				}
				fmt.Fprintf(e.stdout, "ok %s\n", path)
				// Warnings do not make a file invalid: the exit status stays 0.
				for _, w := range sc.Warnings(scenario.Options{}) {
					fmt.Fprintf(e.stderr, "warning: %v\n", w)
				}
			}
			if bad > 0 {
				return usagef("%d of %d files have problems", bad, len(args))
			}
			return nil
		},
	}
}

func unwrapUsage(err error) error {
	var u usageError
	if errors.As(err, &u) {
		return u.err
	}
	return err
}
